/**
 * An image analyst's case at a difficulty: the H986 image of the consignment's container as the
 * scanner emulator draws it, with a projected threat (TIP) on the cases the exercise chose.
 * Difficulty makes the threat smaller and fainter, hides it inside the load rather than in the
 * empty space behind it (concealment), adds attenuation to the load (clutter) and lowers the dose
 * (noise). The cargo layout and the threat's place are the case's own draws, the same at every
 * difficulty and for every trainee; only their rendering changes.
 */
import { IndexedStreams } from '../kernel/rng.js';
import { scanJob, type Threat } from '../../hardware-emu/scanner/h986.js';
import { HS_HEADINGS, headingIndexByCode } from '../supervision/hs-catalog.js';
import type { Box, ImageCaseContent, TruthKind } from './types.js';
import type { ImageCase } from './exercise.js';

/** threat width (share of the interior's length), its attenuation, the dose, and extra cargo density, by level 1…5 */
const LEVELS = [
  { w: 0.16, mu: 2.8, air: 4000, clutter: 0 },
  { w: 0.13, mu: 2.3, air: 3600, clutter: 0.05 },
  { w: 0.1, mu: 1.9, air: 3200, clutter: 0.1 },
  { w: 0.08, mu: 1.5, air: 2800, clutter: 0.15 },
  { w: 0.06, mu: 1.2, air: 2400, clutter: 0.2 },
] as const;

export const THREAT_KINDS = ['weapon', 'narcotics-package'] as const;

export interface RenderedImage {
  content: Omit<ImageCaseContent, 'image_url'>;
  png: Uint8Array;
  /** where the threat (projected or real) is, in image pixels; null on a clean image */
  truthBox: Box | null;
  truth: string;
  truthKind: TruthKind;
}

export function renderImageCase(c: ImageCase, level: number, seed: number): RenderedImage {
  const L = LEVELS[level - 1];
  const cargo = { ...c.subject.cargo, density: Math.min(1, c.subject.cargo.density + L.clutter) };
  let threat: Threat | undefined;
  if (c.projected) {
    const r = new IndexedStreams(seed, 'training.image.tip').at(c.ref);
    const kind = THREAT_KINDS[r.int(THREAT_KINDS.length)];
    const ux = r.next(), uy = r.next();
    const w = L.w, h = w * 2.2;
    const fill = cargo.fill;
    // easy: in the empty space behind the load when there is room; hard: among the goods
    const behind = level <= 2 && 1 - fill > w + 0.04;
    const x = behind ? fill + 0.02 + ux * (1 - fill - w - 0.04) : 0.03 + ux * Math.max(0, fill - w - 0.06);
    threat = { kind, x, y: 0.1 + uy * (0.85 - h), w, h, mu: L.mu };
  }
  const scan = scanJob({ ...c.subject, cargo, ...(threat ? { threat } : {}) }, { airCounts: L.air }, new IndexedStreams(seed, 'training.image.render').at(c.ref));
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
    png: scan.image,
    truthBox: t ? { x0: t.box.x0, y0: t.box.y0, x1: t.box.x1, y1: t.box.y1 } : null,
    truth: scan.truth.threat ? `projected threat (${scan.truth.threat.kind})` : scan.truth.anomaly ? scan.truth.anomaly.kind : '',
    truthKind: scan.truth.threat ? 'projected-threat' : scan.truth.anomaly ? scan.truth.anomaly.kind : 'clean',
  };
}

/** A mark finds the threat when it overlaps the threat's box, give or take `slackPx`. */
export function markFinds(mark: Box, truth: Box, slackPx = 8): boolean {
  return mark.x0 < truth.x1 + slackPx && mark.x1 > truth.x0 - slackPx && mark.y0 < truth.y1 + slackPx && mark.y1 > truth.y0 - slackPx;
}
