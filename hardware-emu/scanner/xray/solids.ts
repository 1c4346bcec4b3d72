/**
 * The things in a scanned container as 3D solids, and their projection onto the detector.
 *
 * Coordinates in cm: x along the container from the inside of its front wall, y up from the top
 * of its floor, z across its width from the side nearest the source. The beam runs along z (a side
 * view), as a parallel beam: each pixel's line integral is Σ μᵢ ρᵢ tᵢ over the solids the ray at
 * the pixel centre crosses, tᵢ its path length through solid i. Solids only ever add attenuation,
 * so a solid placed among others multiplies the transmission they leave (superposition).
 */
import { MATERIALS, type MaterialName } from './materials.js';

interface Common {
  m: MaterialName;
  /** share of the solid's volume the material fills (packing, or sub-pixel sheet thickness); default 1 */
  fill?: number;
}
/** an axis-aligned box */
export interface BoxSolid extends Common { kind: 'box'; x0: number; x1: number; y0: number; y1: number; z0: number; z1: number }
/** a rectangle in the x–y plane rotated by `angle` (rad) about its centre, extruded along z */
export interface PrismSolid extends Common { kind: 'prism'; cx: number; cy: number; hx: number; hy: number; angle: number; z0: number; z1: number }
/** a (hollow when ri > 0) cylinder standing upright: axis along y (drums, tyres lying flat, coils eye to the sky) */
export interface CylYSolid extends Common { kind: 'cylY'; cx: number; cz: number; r: number; ri: number; y0: number; y1: number }
/** a cylinder lying along the container: axis along x (paper rolls, pipes, sacks) */
export interface CylXSolid extends Common { kind: 'cylX'; cy: number; cz: number; r: number; ri: number; x0: number; x1: number }
/** a cylinder with its axis along the beam (coils and tyres facing the source, gears, discs) */
export interface CylZSolid extends Common { kind: 'cylZ'; cx: number; cy: number; r: number; ri: number; z0: number; z1: number }
export type Solid = BoxSolid | PrismSolid | CylYSolid | CylXSolid | CylZSolid;

/** How image pixels map to container cm: column px ↔ x, row py ↔ y (rows grow downwards). */
export interface Grid {
  width: number;
  height: number;
  /** image column of x = 0 and cm per column */
  x0Px: number;
  cmPerPxX: number;
  /** image row of y = 0 (the floor's top) and cm per row */
  floorPx: number;
  cmPerPxY: number;
}

/** A pixel window [x0, x1) × [y0, y1). */
export interface Window { x0: number; x1: number; y0: number; y1: number }

export interface Integrals {
  window: Window;
  /** ∫μ dl at E_LOW and E_HIGH per pixel of the window, row-major */
  low: Float32Array;
  high: Float32Array;
}

/** Extent of a solid in cm: [x0, x1, y0, y1]. */
export function extent(s: Solid): [number, number, number, number] {
  switch (s.kind) {
    case 'box': return [s.x0, s.x1, s.y0, s.y1];
    case 'prism': {
      const c = Math.abs(Math.cos(s.angle)), n = Math.abs(Math.sin(s.angle));
      const ex = s.hx * c + s.hy * n, ey = s.hx * n + s.hy * c;
      return [s.cx - ex, s.cx + ex, s.cy - ey, s.cy + ey];
    }
    case 'cylY': return [s.cx - s.r, s.cx + s.r, s.y0, s.y1];
    case 'cylX': return [s.x0, s.x1, s.cy - s.r, s.cy + s.r];
    case 'cylZ': return [s.cx - s.r, s.cx + s.r, s.cy - s.r, s.cy + s.r];
  }
}

/** Pixel box a solid covers (clipped to the image). */
export function pixelBox(s: Solid, g: Grid): Window {
  const [x0, x1, y0, y1] = extent(s);
  return {
    x0: Math.max(0, Math.floor(g.x0Px + x0 / g.cmPerPxX)),
    x1: Math.min(g.width, Math.ceil(g.x0Px + x1 / g.cmPerPxX)),
    y0: Math.max(0, Math.floor(g.floorPx - y1 / g.cmPerPxY)),
    y1: Math.min(g.height, Math.ceil(g.floorPx - y0 / g.cmPerPxY)),
  };
}

/** Line integrals at both energies of `solids` over `win` (default the whole image). */
export function project(solids: readonly Solid[], g: Grid, win: Window = { x0: 0, x1: g.width, y0: 0, y1: g.height }): Integrals {
  const ww = win.x1 - win.x0, wh = win.y1 - win.y0;
  const low = new Float32Array(ww * wh), high = new Float32Array(ww * wh);
  for (const s of solids) addSolid(s, g, win, low, high);
  return { window: win, low, high };
}

/** Adds one solid's attenuation (its path length × μ at each energy) into `low` and `high`. */
export function addSolid(s: Solid, g: Grid, win: Window, low: Float32Array, high: Float32Array): void {
  const mat = MATERIALS[s.m];
  const rho = mat.density * (s.fill ?? 1);
  const kL = rho * mat.muLow, kH = rho * mat.muHigh;
  const b = pixelBox(s, g);
  const px0 = Math.max(b.x0, win.x0), px1 = Math.min(b.x1, win.x1);
  const py0 = Math.max(b.y0, win.y0), py1 = Math.min(b.y1, win.y1);
  if (px0 >= px1 || py0 >= py1) return;
  const ww = win.x1 - win.x0;
  const sx = g.cmPerPxX, sy = g.cmPerPxY;
  if (s.kind === 'box') {
    // separable: the share of each column and each row the box covers
    const d = s.z1 - s.z0;
    const cols = new Float32Array(px1 - px0);
    for (let px = px0; px < px1; px++) cols[px - px0] = overlap((px - g.x0Px) * sx, sx, s.x0, s.x1) / sx;
    for (let py = py0; py < py1; py++) {
      const fy = (d * overlap((g.floorPx - (py + 1)) * sy, sy, s.y0, s.y1)) / sy;
      if (fy <= 0) continue;
      const row = (py - win.y0) * ww - win.x0;
      const l = kL * fy, h = kH * fy;
      for (let px = px0; px < px1; px++) {
        const c = cols[px - px0];
        low[row + px] += l * c;
        high[row + px] += h * c;
      }
    }
    return;
  }
  for (let py = py0; py < py1; py++) {
    // the pixel's footprint: [xa, xa + sx) × [ya, ya + sy) in cm; thin sheets count by the share they cover
    const ya = (g.floorPx - (py + 1)) * sy;
    const row = (py - win.y0) * ww - win.x0;
    for (let px = px0; px < px1; px++) {
      const xa = (px - g.x0Px) * sx;
      let t = 0;
      switch (s.kind) {
        case 'prism': {
          // 2 × 2 samples
          const c = Math.cos(s.angle), n = Math.sin(s.angle);
          for (const fx of [0.25, 0.75])
            for (const fy of [0.25, 0.75]) {
              const dx = xa + fx * sx - s.cx, dy = ya + fy * sy - s.cy;
              if (Math.abs(dx * c + dy * n) <= s.hx && Math.abs(-dx * n + dy * c) <= s.hy) t += (s.z1 - s.z0) / 4;
            }
          break;
        }
        case 'cylY':
          t = (overlap(ya, sy, s.y0, s.y1) / sy) * (meanChord(s.r, xa - s.cx, sx) - meanChord(s.ri, xa - s.cx, sx));
          break;
        case 'cylX':
          t = (overlap(xa, sx, s.x0, s.x1) / sx) * (meanChord(s.r, ya - s.cy, sy) - meanChord(s.ri, ya - s.cy, sy));
          break;
        case 'cylZ': {
          for (const fx of [0.25, 0.75])
            for (const fy of [0.25, 0.75]) {
              const d2 = (xa + fx * sx - s.cx) ** 2 + (ya + fy * sy - s.cy) ** 2;
              if (d2 <= s.r * s.r && d2 >= s.ri * s.ri) t += (s.z1 - s.z0) / 4;
            }
          break;
        }
      }
      if (t > 0) {
        low[row + px] += kL * t;
        high[row + px] += kH * t;
      }
    }
  }
}

/** Length of [a, a + w) ∩ [lo, hi). */
function overlap(a: number, w: number, lo: number, hi: number): number {
  const v = Math.min(a + w, hi) - Math.max(a, lo);
  return v > 0 ? v : 0;
}

/** ∫ 2√(r² − x²) dx, the area of a circle's slice up to x. */
function chordArea(r: number, x: number): number {
  if (x <= -r) return -Math.PI * r * r / 2;
  if (x >= r) return Math.PI * r * r / 2;
  return x * Math.sqrt(r * r - x * x) + r * r * Math.asin(x / r);
}

/** Mean chord of a circle of radius r over the offsets [a, a + w) from its centre. */
function meanChord(r: number, a: number, w: number): number {
  if (r <= 0) return 0;
  return (chordArea(r, a + w) - chordArea(r, a)) / w;
}

/** Mass of a solid in kg. */
export function massKg(s: Solid): number {
  const rho = MATERIALS[s.m].density * (s.fill ?? 1);
  let v: number;
  switch (s.kind) {
    case 'box': v = (s.x1 - s.x0) * (s.y1 - s.y0) * (s.z1 - s.z0); break;
    case 'prism': v = 4 * s.hx * s.hy * (s.z1 - s.z0); break;
    case 'cylY': v = Math.PI * (s.r * s.r - s.ri * s.ri) * (s.y1 - s.y0); break;
    case 'cylX': v = Math.PI * (s.r * s.r - s.ri * s.ri) * (s.x1 - s.x0); break;
    case 'cylZ': v = Math.PI * (s.r * s.r - s.ri * s.ri) * (s.z1 - s.z0); break;
  }
  return (v * rho) / 1000;
}
