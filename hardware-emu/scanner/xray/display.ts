/**
 * What the operator's screen shows: the high-energy transmission in grey, and the dual-energy
 * material image. Pure functions from measured transmissions to typed arrays; PNG encoding is
 * left to the caller (the edge).
 *
 * Material classes from R = ln T_low / ln T_high, averaged over 3×3 pixels (the ratio of the sums,
 * as vendors smooth it), with the thresholds placed between the materials' ratios
 * (materials.ts: organics 1.43–1.45, glass/ceramic/aluminium 1.33–1.37, iron 1.18, copper 1.15,
 * lead 0.96). A mixture along a ray has the A_high-weighted mean ratio, so organics in front of
 * steel read as mixed, as on a real screen. Pixels too thin to tell (A_high < 0.15, the empty container's walls) stay uncoloured.
 */
import { DETECTOR, IMPENETRABLE_COUNTS, type Transmission } from './detect.js';

export const CLASS_NONE = 0;
export const CLASS_ORGANIC = 1;
export const CLASS_MIXED = 2;
export const CLASS_INORGANIC = 3;
export const CLASS_IMPENETRABLE = 4;
export const MATERIAL_CLASSES = ['none', 'organic', 'mixed', 'inorganic', 'impenetrable'] as const;
export type MaterialClass = (typeof MATERIAL_CLASSES)[number];

/** R at or above which a pixel is organic, and below which it is inorganic (between: mixed). */
export const R_ORGANIC = 1.405;
export const R_INORGANIC = 1.3;
const MIN_A = 0.15;

/** operators' colours: organic orange, mixed green, inorganic blue, impenetrable dark red */
export const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [255, 255, 255],
  [255, 150, 40],
  [60, 185, 70],
  [55, 105, 235],
  [150, 0, 0],
];

/** Display grey of a transmission: T^⅓ (dark = dense; A = 1 → 183, 3 → 94, 6 → 35), air white. */
export function greyLevel(t: number): number {
  return Math.round(255 * Math.cbrt(t < 0 ? 0 : t > 1 ? 1 : t));
}

export function greyImage(t: Transmission): Uint8Array {
  const out = new Uint8Array(t.width * t.height);
  for (let i = 0; i < out.length; i++) out[i] = greyLevel(t.high[i]);
  return out;
}

/** Material class of each pixel (CLASS_*). */
export function materialClasses(t: Transmission): Uint8Array {
  const { width: w, height: h } = t;
  const n = w * h;
  const al = new Float32Array(n), ah = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    al[i] = -Math.log(t.low[i]);
    ah[i] = -Math.log(t.high[i]);
  }
  const out = new Uint8Array(n);
  const floorH = IMPENETRABLE_COUNTS / DETECTOR.n0High;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (t.high[i] < floorH) {
        out[i] = CLASS_IMPENETRABLE;
        continue;
      }
      if (ah[i] < MIN_A) continue;
      let sl = 0, sh = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          sl += al[yy * w + xx];
          sh += ah[yy * w + xx];
        }
      }
      const r = sl / sh;
      out[i] = r >= R_ORGANIC ? CLASS_ORGANIC : r >= R_INORGANIC ? CLASS_MIXED : CLASS_INORGANIC;
    }
  return out;
}

/** A_high of each grey level (the inverse of greyLevel), for colouring without another logarithm. */
const A_OF_GREY = Float32Array.from({ length: 256 }, (_, g) => (g === 0 ? 12 : -3 * Math.log(g / 255)));

/**
 * The material image, RGB: the class colour, saturated with the thickness (A_high) and darkened
 * with the grey level, so thin goods are pale, thick ones deep, and air stays white.
 */
export function materialImage(t: Transmission, classes: Uint8Array = materialClasses(t), grey: Uint8Array = greyImage(t)): Uint8Array {
  const n = t.width * t.height;
  const out = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    const c = CLASS_RGB[classes[i]];
    const g = grey[i];
    const s = Math.min(1, A_OF_GREY[g] / 0.8);
    const b = classes[i] === CLASS_IMPENETRABLE ? 1 : 0.3 + 0.7 * (g / 255);
    out[3 * i] = (255 * (1 - s) + c[0] * s) * b + 0.5;
    out[3 * i + 1] = (255 * (1 - s) + c[1] * s) * b + 0.5;
    out[3 * i + 2] = (255 * (1 - s) + c[2] * s) * b + 0.5;
  }
  return out;
}
