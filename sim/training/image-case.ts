/**
 * An image analyst's case at a difficulty: the H986 image of the consignment's container as the
 * scanner emulator computes it (grey, and the dual-energy material colours), with a projected
 * threat (TIP) on the cases the exercise chose. The level decides where the threat goes (in the
 * open, over thin goods, among the goods, behind the thickest), how much clutter surrounds its
 * site, its pose and its size (tip.ts); clutter is there whether or not a threat is, so it is no
 * cue. The cargo and its layout are the case's own, the same at every level and for every trainee.
 */
import { IndexedStreams } from '../kernel/rng.js';
import { encodeGreyPng, materialPngs, prepareScan, renderScan } from '../../hardware-emu/scanner/h986.js';
import { HS_HEADINGS, headingIndexByCode } from '../supervision/hs-catalog.js';
import type { Box, ImageCaseContent, TruthKind } from './types.js';
import type { ImageCase } from './exercise.js';
import { TIP_LEVELS, tipSite, withTip } from './tip.js';

export { THREAT_KINDS } from './tip.js';

/** The image layers a trainee can switch between. */
export const IMAGE_LAYERS = ['grey', 'material', 'classes'] as const;
export type ImageLayer = (typeof IMAGE_LAYERS)[number];

export interface RenderedImage {
  content: Omit<ImageCaseContent, 'image_url'>;
  /** the grey image (6 MeV transmission) */
  png: Uint8Array;
  /** the material-colour image (RGB) and the material class of each pixel (0 none … 4 impenetrable) */
  layers: { material: Uint8Array; classes: Uint8Array };
  /** where the threat (projected or real) is, in image pixels; null on a clean image */
  truthBox: Box | null;
  truth: string;
  truthKind: TruthKind;
}

export function renderImageCase(c: ImageCase, level: number, seed: number): RenderedImage {
  const L = TIP_LEVELS[level - 1];
  const prep = prepareScan(c.subject, {}, new IndexedStreams(seed, 'training.image.render').at(c.ref));
  const site = tipSite(prep, L, new IndexedStreams(seed, 'training.image.tip').at(c.ref));
  const scan = renderScan(withTip(prep, site, c.projected));
  const t = scan.truth.threat ?? scan.truth.anomaly;
  const main = c.declared.items.reduce((a, b) => (b.weight_kg > a.weight_kg ? b : a));
  const heading = HS_HEADINGS[headingIndexByCode(main.hs)];
  return {
    content: {
      kind: 'image',
      width: scan.width,
      height: scan.height,
      container: c.subject.containerNumber,
      declared: { description: heading.description, hs: main.hs, qty: main.qty, unit: heading.unit, gross_kg: Math.round(c.declared.declared_gross_kg) },
    },
    png: encodeGreyPng(scan.grey, scan.width, scan.height),
    layers: materialPngs(scan),
    truthBox: t ? { x0: t.box.x0, y0: t.box.y0, x1: t.box.x1, y1: t.box.y1 } : null,
    truth: scan.truth.threat ? `projected threat (${scan.truth.threat.kind})` : scan.truth.anomaly ? scan.truth.anomaly.kind : '',
    truthKind: scan.truth.threat ? 'projected-threat' : scan.truth.anomaly ? scan.truth.anomaly.kind : 'clean',
  };
}

/** A mark finds the threat when it overlaps the threat's box, give or take `slackPx`. */
export function markFinds(mark: Box, truth: Box, slackPx = 8): boolean {
  return mark.x0 < truth.x1 + slackPx && mark.x1 > truth.x0 - slackPx && mark.y0 < truth.y1 + slackPx && mark.y1 > truth.y0 - slackPx;
}
