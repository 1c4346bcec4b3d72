/**
 * H986 container scanner emulator (Nuctech-style fixed portal, 6/3 MV dual-energy linac): one scan
 * job per container gives the side-view X-ray image and the ground truth behind it.
 *
 * The image is computed, not drawn (xray/): the container, its goods (by class, packed as they
 * are), an anomaly the hidden truth puts there and a projected threat are solids of real
 * materials; each pixel's line integral of μ at 3 and 6 MeV gives transmissions, the detector
 * counts them with Poisson noise, and the screen shows the 6 MeV transmission in grey and the
 * dual-energy material colours. Layout, threat and noise come from separate streams derived from
 * `rng`, so a threat added to a scan changes nothing else: the image with it is the image without
 * it times the threat's own transmission (then counted).
 */
import pngjs from 'pngjs';
import { Rng } from '../../sim/kernel/rng.js';
import { uniform } from '../../sim/kernel/distributions.js';
import { clamp, round } from '../behaviour.js';
import { containerSolids, geometryOf, gridOf, scanWidth, type Geometry } from './xray/container.js';
import { buildGoods, GOODS_CLASSES, type GoodsClass } from './xray/goods.js';
import { pixelBox, project, type Grid, type Solid, type Window } from './xray/solids.js';
import { detect, type Transmission } from './xray/detect.js';
import { greyImage, materialClasses, materialImage } from './xray/display.js';
import { threatModelOf, threatSolids } from './xray/threats.js';

export { scanWidth };

/** Goods classes (xray/goods.ts), and the texture families older streams name. */
export type CargoKind = GoodsClass | 'general' | 'textiles' | 'liquid';
export type AnomalyKind = 'wall-concealment' | 'mismatched-cargo' | 'hidden-compartment';

export interface Cargo {
  kind: CargoKind;
  /** 0..1: cargo weight as a share of 28 t (what a 40-ft box's goods weigh at most) */
  density: number;
  /** 0..1: fraction of the container length loaded */
  fill: number;
}

/** Region as fractions of the container interior: x along the length from the front, y from the roof down. */
export interface Region {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface Anomaly extends Region {
  kind: AnomalyKind;
  /** mismatched cargo: what the goods in the region really are (default: cigarettes) */
  goods?: GoodsClass;
}

/**
 * A threat (a real one, or projected for training, TIP): a model at real size placed among the
 * goods. Centre as fractions of the interior (x from the front, y from the roof down).
 */
export interface Threat {
  kind: string;
  x: number;
  y: number;
  /** across the width, 0 (source side) … 1; default 0.5 */
  depth?: number;
  /** roll in the image plane and turn towards edge-on (rad); default 0 */
  angle?: number;
  yaw?: number;
  /** size factor on the real object; default 1 */
  scale?: number;
}

export interface ScanInput {
  at: number;
  containerNumber: string;
  sizeType: string;
  cargo: Cargo;
  anomaly?: Anomaly;
  threat?: Threat;
}

export interface ScanParams {
  /** scan duration bounds in seconds (Tianjin: 1–2 min per container) */
  minScanS?: number;
  maxScanS?: number;
  heightPx?: number;
  /** detector counts through air at 6 MeV (3 MeV: 5/12 of it): lower means noisier images */
  airCounts?: number;
}

/** Pixel box (inclusive-exclusive) of a region in the image. */
export interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface ScanTruth {
  cargo: Cargo;
  anomaly: (Anomaly & { box: PixelBox }) | null;
  threat: (Threat & { box: PixelBox }) | null;
}

export interface ScanResult {
  containerNumber: string;
  startedAt: number;
  doneAt: number;
  width: number;
  height: number;
  /** PNG bytes, 8-bit greyscale (6 MeV transmission) */
  image: Uint8Array;
  truth: ScanTruth;
}

/** The scan as typed arrays, before any PNG: transmissions, grey, material classes and colours. */
export interface ScanImages {
  doneAt: number;
  width: number;
  height: number;
  transmission: Transmission;
  grey: Uint8Array;
  truth: ScanTruth;
}

/** The scene of a scan: every solid, its grid, and where the threat and the anomaly are. */
export interface ScanScene {
  geometry: Geometry;
  grid: Grid;
  solids: Solid[];
  threatSolids: Solid[];
  truth: ScanTruth;
}

export const FULL_CARGO_KG = 28_000;

/** A stream derived from four draws of `rng` (layout, threat and noise each get their own). */
export function childRng(rng: Rng, name: string): Rng {
  return new Rng(name, { a: rng.uint32() | 0, b: rng.uint32() | 0, c: rng.uint32() | 0, d: rng.uint32() | 1 });
}

export function goodsClassOf(kind: CargoKind): GoodsClass {
  if (kind === 'general') return 'consolidated';
  if (kind === 'textiles') return 'garments';
  if (kind === 'liquid') return 'drums';
  if (!(GOODS_CLASSES as readonly string[]).includes(kind)) throw new RangeError(`unknown cargo kind '${kind}'`);
  return kind;
}

function union(solids: readonly Solid[], g: Grid): PixelBox {
  const b = { x0: g.width, x1: 0, y0: g.height, y1: 0 };
  for (const s of solids) {
    const p = pixelBox(s, g);
    if (p.x1 <= p.x0 || p.y1 <= p.y0) continue;
    b.x0 = Math.min(b.x0, p.x0); b.x1 = Math.max(b.x1, p.x1); b.y0 = Math.min(b.y0, p.y0); b.y1 = Math.max(b.y1, p.y1);
  }
  return b.x1 > b.x0 ? b : { x0: 0, x1: 0, y0: 0, y1: 0 };
}

/** The solids of a scan: container, goods, anomaly, threat. `layout` and `tip` are the scan's streams. */
export function scanScene(input: ScanInput, heightPx: number, layout: Rng, tip: Rng): ScanScene {
  const geometry = geometryOf(input.sizeType);
  const W = scanWidth(input.sizeType);
  const grid = gridOf(geometry, W, heightPx);
  const { L, Hi, Wz } = geometry;
  const solids = containerSolids(geometry);
  const cls = goodsClassOf(input.cargo.kind);
  const loadEnd = L * clamp(input.cargo.fill, 0, 1);
  const targetKg = clamp(input.cargo.density, 0, 1) * FULL_CARGO_KG;
  const space = { L, Hi, Wz, x0: 0, x1: loadEnd, targetKg };
  const regionCm = (a: Region) => ({ x0: L * clamp(Math.min(a.x0, a.x1), 0, 1), x1: L * clamp(Math.max(a.x0, a.x1), 0, 1), y0: Hi * (1 - clamp(Math.max(a.y0, a.y1), 0, 1)), y1: Hi * (1 - clamp(Math.min(a.y0, a.y1), 0, 1)) });
  const toPx = (x0: number, x1: number, y0: number, y1: number): PixelBox => ({
    x0: Math.max(0, Math.floor(grid.x0Px + x0 / grid.cmPerPxX)), x1: Math.min(W, Math.ceil(grid.x0Px + x1 / grid.cmPerPxX)),
    y0: Math.max(0, Math.floor(grid.floorPx - y1 / grid.cmPerPxY)), y1: Math.min(heightPx, Math.ceil(grid.floorPx - y0 / grid.cmPerPxY)),
  });
  let anomaly: ScanTruth['anomaly'] = null;
  const a = input.anomaly;
  if (a && a.kind === 'mismatched-cargo') {
    // the goods in the region are not what the papers say: the rest of the load is the cover
    const rc = regionCm(a);
    const x0 = rc.x0, x1 = Math.max(rc.x0 + 30, rc.x1);
    const share = (x1 - x0) / Math.max(x1 - x0, loadEnd);
    if (x0 > 0) solids.push(...buildGoods(cls, { ...space, x1: Math.min(x0, loadEnd), targetKg: targetKg * (1 - share) * (x0 / Math.max(1, loadEnd)) }, layout));
    const truly = buildGoods(a.goods ?? 'cigarettes', { ...space, x0, x1, targetKg: targetKg * share }, layout);
    solids.push(...truly);
    if (x1 < loadEnd) solids.push(...buildGoods(cls, { ...space, x0: x1 + 2, targetKg: targetKg * (1 - share) * ((loadEnd - x1) / loadEnd) }, layout));
    const b = union(truly, grid);
    anomaly = { ...a, box: b.x1 > b.x0 ? b : toPx(x0, x1, 0, Hi) };
  } else {
    solids.push(...buildGoods(cls, space, layout));
    if (a) {
      const rc = regionCm(a);
      if (a.kind === 'hidden-compartment') {
        // a welded steel box among the goods, packed with an organic powder
        const d = uniform(layout, 50, 110), z0 = uniform(layout, 10, Wz - d - 10), t = 0.5;
        solids.push(
          { kind: 'box', m: 'steel', x0: rc.x0, x1: rc.x0 + t, y0: rc.y0, y1: rc.y1, z0, z1: z0 + d },
          { kind: 'box', m: 'steel', x0: rc.x1 - t, x1: rc.x1, y0: rc.y0, y1: rc.y1, z0, z1: z0 + d },
          { kind: 'box', m: 'steel', x0: rc.x0, x1: rc.x1, y0: rc.y0, y1: rc.y0 + t, z0, z1: z0 + d },
          { kind: 'box', m: 'steel', x0: rc.x0, x1: rc.x1, y0: rc.y1 - t, y1: rc.y1, z0, z1: z0 + d },
          { kind: 'box', m: 'steel', x0: rc.x0, x1: rc.x1, y0: rc.y0, y1: rc.y1, z0, z1: z0 + 2 * t },
          { kind: 'box', m: 'narcotic', x0: rc.x0 + t, x1: rc.x1 - t, y0: rc.y0 + t, y1: rc.y1 - t, z0: z0 + t, z1: z0 + d - t, fill: 0.6 },
        );
      } else {
        // packets behind a false lining of the side wall: a layer of powder and the panel's frame
        const d = uniform(layout, 10, 18);
        solids.push(
          { kind: 'box', m: 'narcotic', x0: rc.x0, x1: rc.x1, y0: rc.y0, y1: rc.y1, z0: 0.5, z1: 0.5 + d, fill: 0.75 },
          { kind: 'box', m: 'steel', x0: rc.x0, x1: rc.x1, y0: rc.y0, y1: rc.y1, z0: d + 0.5, z1: d + 0.8 },
          { kind: 'box', m: 'steel', x0: rc.x0, x1: rc.x0 + 4, y0: rc.y0, y1: rc.y1, z0: 0.5, z1: d + 0.5, fill: 0.1 },
          { kind: 'box', m: 'steel', x0: rc.x1 - 4, x1: rc.x1, y0: rc.y0, y1: rc.y1, z0: 0.5, z1: d + 0.5, fill: 0.1 },
        );
      }
      anomaly = { ...a, box: toPx(rc.x0, rc.x1, rc.y0, rc.y1) };
    }
  }
  const scene: ScanScene = { geometry, grid, solids, threatSolids: [], truth: { cargo: { ...input.cargo }, anomaly, threat: null } };
  void tip;
  return input.threat ? placeThreat(scene, input.threat) : scene;
}

/** The scene with `t` among its goods (replacing any threat it had). */
export function placeThreat(scene: ScanScene, t: Threat): ScanScene {
  const threatSolids = threatSolidsOf(scene.geometry, t);
  return { ...scene, threatSolids, truth: { ...scene.truth, threat: { ...t, box: union(threatSolids, scene.grid) } } };
}

/** The solids of threat `t` in a container of geometry `g`. */
export function threatSolidsOf(g: Geometry, t: Threat): Solid[] {
  return threatSolids(threatModelOf(t.kind), {
    cx: g.L * clamp(t.x, 0, 1), cy: g.Hi * (1 - clamp(t.y, 0, 1)), cz: g.Wz * clamp(t.depth ?? 0.5, 0.05, 0.95),
    angle: t.angle ?? 0, yaw: t.yaw ?? 0, scale: t.scale ?? 1,
  });
}

/** A scan with its scene built and its streams drawn, not yet projected. */
export interface PreparedScan {
  doneAt: number;
  heightPx: number;
  airCounts: number;
  scene: ScanScene;
  /** the noise stream's start: every render of this scan counts with the same noise */
  noise: Rng;
}

export function prepareScan(input: ScanInput, params: ScanParams, rng: Rng): PreparedScan {
  const { minScanS = 60, maxScanS = 120, heightPx = 300, airCounts = 60_000 } = params;
  // below ~150 px the frame members and wheels no longer fit the picture
  if (!(Number.isInteger(heightPx) && heightPx >= 150 && heightPx <= 2000)) throw new RangeError(`scanJob: heightPx must be an integer in [150, 2000], got ${heightPx}`);
  const doneAt = round(input.at + uniform(rng, minScanS, maxScanS), 3);
  const layout = childRng(rng, 'scan.layout'), tip = childRng(rng, 'scan.tip'), noise = childRng(rng, 'scan.noise');
  return { doneAt, heightPx, airCounts, scene: scanScene(input, heightPx, layout, tip), noise };
}

/** Projects and counts a prepared scan, over `win` (default the whole image). */
export function renderScan(p: PreparedScan, win?: Window): ScanImages {
  const integ = project([...p.scene.solids, ...p.scene.threatSolids], p.scene.grid, win);
  const noise = new Rng('scan.noise', p.noise.state());
  const transmission = detect(integ, noise, { n0High: p.airCounts, n0Low: (p.airCounts * 5) / 12, pulseSd: 0.01 });
  return { doneAt: p.doneAt, width: transmission.width, height: transmission.height, transmission, grey: greyImage(transmission), truth: p.scene.truth };
}

/** The scan as typed arrays (no PNG): what the trainer and the reference observer read. */
export function scanImages(input: ScanInput, params: ScanParams, rng: Rng): ScanImages {
  return renderScan(prepareScan(input, params, rng));
}

export function scanJob(input: ScanInput, params: ScanParams, rng: Rng): ScanResult {
  const s = scanImages(input, params, rng);
  return { containerNumber: input.containerNumber, startedAt: input.at, doneAt: s.doneAt, width: s.width, height: s.height, image: encodeGreyPng(s.grey, s.width, s.height), truth: s.truth };
}

/** The material-colour image of a scan (RGB PNG) and its classes (8-bit PNG, CLASS_* values). */
export function materialPngs(s: ScanImages): { material: Uint8Array; classes: Uint8Array } {
  const classes = materialClasses(s.transmission);
  return { material: encodeRgbPng(materialImage(s.transmission, classes, s.grey), s.width, s.height), classes: encodeGreyPng(classes, s.width, s.height) };
}

/** One PNG filter (Sub) and light deflate: pngjs's adaptive filtering took a third of an image's time. */
const FAST_PNG = { filterType: 1, deflateLevel: 3 };

/** 8-bit greyscale PNG of a row-major pixel buffer. */
export function encodeGreyPng(grey: Uint8Array, w: number, h: number): Uint8Array {
  const png = new pngjs.PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    png.data[4 * i] = png.data[4 * i + 1] = png.data[4 * i + 2] = grey[i];
    png.data[4 * i + 3] = 255;
  }
  return new Uint8Array(pngjs.PNG.sync.write(png, { colorType: 0, inputColorType: 6, bitDepth: 8, ...FAST_PNG }));
}

/** 8-bit RGB PNG of a row-major RGB buffer. */
export function encodeRgbPng(rgb: Uint8Array, w: number, h: number): Uint8Array {
  const png = new pngjs.PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    png.data[4 * i] = rgb[3 * i];
    png.data[4 * i + 1] = rgb[3 * i + 1];
    png.data[4 * i + 2] = rgb[3 * i + 2];
    png.data[4 * i + 3] = 255;
  }
  return new Uint8Array(pngjs.PNG.sync.write(png, { colorType: 2, inputColorType: 6, bitDepth: 8, ...FAST_PNG }));
}
