/**
 * H986 container scanner emulator (Nuctech-style fixed portal): one scan job per container gives
 * a greyscale X-ray transmission PNG (side view, dark = dense) plus the ground truth used to draw it.
 * The picture is built as an attenuation map (line integral μ per pixel), turned into detector
 * counts N0·e^-μ with Poisson-like noise, then into display grey. Layout and noise come from `rng`;
 * anomaly and threat textures come from a hash, so adding one leaves every other pixel's noise alike.
 */
import pngjs from 'pngjs';
import type { Rng } from '../../sim/kernel/rng.js';
import { standardNormal, uniform } from '../../sim/kernel/distributions.js';
import { clamp, round } from '../behaviour.js';

export type CargoKind = 'general' | 'machinery' | 'textiles' | 'liquid' | 'empty';
export type AnomalyKind = 'wall-concealment' | 'mismatched-cargo' | 'hidden-compartment';

export interface Cargo {
  kind: CargoKind;
  /** 0..1: how much the load attenuates per unit of its depth */
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
}

/** A projected threat image (TIP) for operator training: fractions of the interior, top-left corner and size. */
export interface Threat {
  x: number;
  y: number;
  w: number;
  h: number;
  kind: string;
  /** attenuation the silhouette adds (default 2.8, a steel object); lower is fainter, harder to see */
  mu?: number;
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
  /** detector counts through air: lower means noisier images */
  airCounts?: number;
}

/** Pixel box (inclusive-exclusive) of a region in the image. */
export interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface ScanResult {
  containerNumber: string;
  startedAt: number;
  doneAt: number;
  width: number;
  height: number;
  /** PNG bytes, 8-bit greyscale */
  image: Uint8Array;
  truth: {
    cargo: Cargo;
    anomaly: (Anomaly & { box: PixelBox }) | null;
    threat: (Threat & { box: PixelBox }) | null;
  };
}

/** Image width: 800 px for a 40/45-ft box, 400 px for a 20-ft one (first ISO 6346 size code digit). */
export function scanWidth(sizeType: string): number {
  return sizeType.startsWith('2') ? 400 : 800;
}

/** Deterministic hash of integer coordinates to [0, 1): textures that must not consume the rng. */
function hash(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function scanJob(input: ScanInput, params: ScanParams, rng: Rng): ScanResult {
  const { minScanS = 60, maxScanS = 120, heightPx = 300, airCounts = 4000 } = params;
  // below ~150 px the fixed-size frame members and wheels no longer fit the drawing
  if (!(Number.isInteger(heightPx) && heightPx >= 150 && heightPx <= 2000)) throw new RangeError(`scanJob: heightPx must be an integer in [150, 2000], got ${heightPx}`);
  const W = scanWidth(input.sizeType);
  const H = heightPx;
  const doneAt = round(input.at + uniform(rng, minScanS, maxScanS), 3);
  const texSeed = rng.uint32() | 0;
  const mu = new Float32Array(W * H);
  const add = (x0: number, y0: number, x1: number, y1: number, m: number) => {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(H, Math.round(y1)); y++)
      for (let x = Math.max(0, Math.round(x0)); x < Math.min(W, Math.round(x1)); x++) mu[y * W + x] += m;
  };

  // container box in the image, with room below for the chassis and wheels
  const cx0 = Math.round(W * 0.03), cx1 = W - cx0;
  const top = Math.round(H * 0.07), bottom = Math.round(H * 0.8);
  // two side walls of thin steel, corrugated: the beam crosses more steel at the corrugation flanks
  add(cx0, top, cx1, bottom, 0.18);
  for (let x = cx0; x < cx1; x += 18) {
    add(x, top, x + 2, bottom, 0.22);
    add(x + 9, top, x + 11, bottom, 0.22);
  }
  add(cx0, top, cx1, top + 5, 1.4); // top side rails and roof edge-on
  add(cx0, bottom - 9, cx1, bottom, 1.9); // bottom side rails
  add(cx0, bottom - 15, cx1, bottom - 9, 0.8); // timber floor
  for (let x = cx0 + 10; x < cx1 - 10; x += 24) add(x, bottom - 9, x + 5, bottom, 1.6); // floor cross-members, end-on
  add(cx0, top, cx0 + 8, bottom, 1.8); // front corner posts
  add(cx1 - 8, top, cx1, bottom, 1.8); // rear corner posts
  for (const x of [cx1 - 30, cx1 - 22, cx1 - 16, cx1 - 9]) add(x, top + 5, x + 2, bottom - 9, 0.9); // door locking bars
  for (const [x, y] of [[cx0, top], [cx1 - 12, top], [cx0, bottom - 12], [cx1 - 12, bottom - 12]]) add(x, y, x + 12, y + 12, 2.5); // corner castings
  // chassis beam and wheels of the trailer under the box
  add(cx0 + 20, bottom + 2, cx1 - 10, bottom + 10, 1.6);
  const wheelY = bottom + 10 + Math.round(H * 0.07), r = Math.round(H * 0.065);
  const axles = W >= 800 ? [cx1 - 150, cx1 - 105, cx1 - 60, cx0 + 120] : [cx1 - 90, cx1 - 45, cx0 + 70];
  for (const ax of axles)
    for (let y = wheelY - r; y <= wheelY + r; y++)
      for (let x = ax - r; x <= ax + r; x++) {
        const d = Math.hypot(x - ax, y - wheelY);
        if (d <= r && y >= 0 && y < H && x >= 0 && x < W) mu[y * W + x] += d < r * 0.45 ? 2.6 : 1.3; // steel rim, rubber tyre
      }

  // interior, where cargo, anomaly and threat are drawn
  const ix0 = cx0 + 8, ix1 = cx1 - 8, iy0 = top + 5, iy1 = bottom - 15;
  const iw = ix1 - ix0, ih = iy1 - iy0;
  const { kind, density, fill } = input.cargo;
  const loadEnd = ix0 + Math.round(iw * clamp(fill, 0, 1));
  const d = clamp(density, 0, 1);
  if (kind === 'general') {
    // stacked cartons with gaps, each carton packed a little differently
    for (let x = ix0; x < loadEnd - 10; ) {
      const bw = Math.min(Math.round(uniform(rng, 30, 60)), loadEnd - x);
      const stackTop = iy1 - Math.round(ih * uniform(rng, 0.6, 0.95));
      for (let y = iy1; y > stackTop + 10; ) {
        const bh = Math.min(Math.round(uniform(rng, 25, 45)), y - stackTop);
        const m = d * 3.2 * uniform(rng, 0.7, 1.3);
        for (let yy = y - bh + 2; yy < y; yy++) for (let xx = x + 2; xx < x + bw; xx++) mu[yy * W + xx] += m * (0.85 + 0.3 * hash(xx >> 2, yy >> 2, texSeed));
        y -= bh;
      }
      x += bw;
    }
  } else if (kind === 'machinery') {
    // a few heavy items on timber skids: dense cores, round rotors, lighter housings
    for (let x = ix0 + 5; x < loadEnd - 30; ) {
      const bw = Math.min(Math.round(uniform(rng, 60, 140)), loadEnd - x);
      const bh = Math.round(ih * uniform(rng, 0.35, 0.8));
      add(x, iy1 - 6, x + bw, iy1, 1.0);
      add(x + 4, iy1 - 6 - bh, x + bw - 4, iy1 - 6, d * 1.8);
      const rr = Math.min(bw, bh) * uniform(rng, 0.2, 0.4), ccx = x + bw / 2, ccy = iy1 - 6 - bh / 2;
      for (let y = Math.floor(ccy - rr); y <= ccy + rr; y++)
        for (let xx = Math.floor(ccx - rr); xx <= ccx + rr; xx++) if (Math.hypot(xx - ccx, y - ccy) <= rr) mu[y * W + xx] += d * 3.5;
      add(x + bw * 0.15, iy1 - 6 - bh * 0.3, x + bw * 0.35, iy1 - 6, d * 2.5);
      x += bw + Math.round(uniform(rng, 10, 40));
    }
  } else if (kind === 'textiles') {
    // compressed bales: soft, fibrous (horizontally streaked) texture
    for (let x = ix0; x < loadEnd - 10; ) {
      const bw = Math.min(Math.round(uniform(rng, 70, 110)), loadEnd - x);
      const bh = Math.round(ih * uniform(rng, 0.75, 0.95));
      for (let y = iy1 - bh; y < iy1; y++) for (let xx = x + 3; xx < x + bw; xx++) mu[y * W + xx] += d * 2.4 * (0.8 + 0.4 * hash(xx >> 4, y, texSeed));
      x += bw;
    }
  } else if (kind === 'liquid') {
    // steel drums in two tiers: uniform liquid, darker rims where the beam runs along the steel
    const dh = Math.round(ih * 0.42);
    for (let x = ix0; x < loadEnd - 30; x += 34)
      for (const yb of [iy1, iy1 - dh - 3]) {
        add(x + 2, yb - dh, x + 32, yb, d * 3.0 + 0.3);
        add(x + 2, yb - dh, x + 32, yb - dh + 3, 0.8);
        add(x + 2, yb - 3, x + 32, yb, 0.8);
        add(x + 2, yb - dh, x + 4, yb, 0.6);
        add(x + 30, yb - dh, x + 32, yb, 0.6);
      }
  }

  const box = (rg: Region): PixelBox => ({
    x0: ix0 + Math.round(clamp(rg.x0, 0, 1) * iw), x1: ix0 + Math.round(clamp(rg.x1, 0, 1) * iw),
    y0: iy0 + Math.round(clamp(rg.y0, 0, 1) * ih), y1: iy0 + Math.round(clamp(rg.y1, 0, 1) * ih),
  });
  let anomaly: ScanResult['truth']['anomaly'] = null;
  if (input.anomaly) {
    const a = input.anomaly;
    const b = box({ x0: Math.min(a.x0, a.x1), x1: Math.max(a.x0, a.x1), y0: Math.min(a.y0, a.y1), y1: Math.max(a.y0, a.y1) });
    anomaly = { ...a, box: b };
    for (let y = b.y0; y < b.y1; y++)
      for (let x = b.x0; x < b.x1; x++) {
        const edge = x - b.x0 < 3 || b.x1 - x <= 3 || y - b.y0 < 3 || b.y1 - y <= 3;
        // wall: packets behind a false panel; compartment: welded steel frame with a dense fill; mismatch: metal-like blobs in place of the declared texture
        const m = a.kind === 'wall-concealment' ? 1.1 * (0.8 + 0.4 * hash(x >> 3, y >> 3, texSeed ^ 0x5a5a))
          : a.kind === 'hidden-compartment' ? (edge ? 2.2 : 0.9)
          : hash(x >> 4, y >> 4, texSeed ^ 0x3c3c) < 0.5 ? 2.4 : 0.9;
        mu[y * W + x] += m;
      }
  }
  let threat: ScanResult['truth']['threat'] = null;
  if (input.threat) {
    const t = input.threat;
    const b = box({ x0: t.x, x1: t.x + t.w, y0: t.y, y1: t.y + t.h });
    threat = { ...t, box: b };
    // projected silhouette: an L (weapon-like) for kinds starting with 'w', a solid ellipse otherwise
    const bw = b.x1 - b.x0, bh = b.y1 - b.y0, m = t.mu ?? 2.8;
    for (let y = b.y0; y < b.y1; y++)
      for (let x = b.x0; x < b.x1; x++) {
        const u = (x - b.x0) / Math.max(1, bw), v = (y - b.y0) / Math.max(1, bh);
        const inside = t.kind.startsWith('w') ? v < 0.35 || u < 0.3 : (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25;
        if (inside) mu[y * W + x] += m;
      }
  }

  // focal spot and detector crosstalk: a 3×3 box blur softens the drawn edges
  const soft = new Float32Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let s = 0, k = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy >= 0 && yy < H && xx >= 0 && xx < W) (s += mu[yy * W + xx]), k++;
        }
      soft[y * W + x] = s / k;
    }
  // each image column is one linac pulse: its dose varies a little from pulse to pulse
  const pulse = Array.from({ length: W }, () => 1 + 0.012 * standardNormal(rng));
  // detector: counts N0·e^-μ with Poisson-like (Gaussian √N) noise, shown with a square-root grey curve
  const grey = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) {
    const n = airCounts * pulse[i % W] * Math.exp(-soft[i]);
    const obs = Math.max(0, n + Math.sqrt(n) * standardNormal(rng));
    grey[i] = Math.round(clamp(248 * Math.sqrt(obs / airCounts), 0, 255));
  }
  return {
    containerNumber: input.containerNumber, startedAt: input.at, doneAt, width: W, height: H,
    image: encodeGreyPng(grey, W, H),
    truth: { cargo: { ...input.cargo }, anomaly, threat },
  };
}

/** 8-bit greyscale PNG of a row-major pixel buffer. */
export function encodeGreyPng(grey: Uint8Array, w: number, h: number): Uint8Array {
  const png = new pngjs.PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    png.data[4 * i] = png.data[4 * i + 1] = png.data[4 * i + 2] = grey[i];
    png.data[4 * i + 3] = 255;
  }
  return new Uint8Array(pngjs.PNG.sync.write(png, { colorType: 0, inputColorType: 6, bitDepth: 8 }));
}
