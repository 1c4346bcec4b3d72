/**
 * The detector: line integrals → transmitted counts → measured transmission, at both energies.
 *
 * Each image column is one pair of linac pulses (low, high); its dose varies a little from pulse
 * to pulse. Focal spot and detector crosstalk soften edges: a 3×3 box on the line integrals (on
 * the intensities it would be truer, but at an edge the mean of two transmissions has a ratio of
 * logs no material has, and every outline would read as metal). Counts are N = N0 · dose · T with Poisson noise, taken as
 * Gaussian with variance N (N0 is tens of thousands; where N is small the image is impenetrable
 * anyway), floored at half a count: the detector's dark floor, which is also what keeps ln T
 * finite behind thick steel.
 */
import type { Rng } from '../../../sim/kernel/rng.js';
import type { Integrals } from './solids.js';

export interface DetectorParams {
  /** counts through air per pixel at E_LOW and E_HIGH; the 3 MV pulse gives fewer photons */
  n0Low: number;
  n0High: number;
  /** relative sd of a pulse's dose */
  pulseSd: number;
}

export const DETECTOR: DetectorParams = { n0Low: 25_000, n0High: 60_000, pulseSd: 0.01 };
/** counts below which a pixel is impenetrable (nothing behind it can be told apart) */
export const IMPENETRABLE_COUNTS = 40;

export interface Transmission {
  width: number;
  height: number;
  /** measured transmission (counts / N0) at E_LOW and E_HIGH, row-major */
  low: Float32Array;
  high: Float32Array;
}

const TWO_PI = 2 * Math.PI;

/** Gaussian pairs (Box–Muller, both outputs) from 32-bit uniforms. */
class Normals {
  private spare = 0;
  private has = false;
  constructor(private readonly rng: Rng) {}
  next(): number {
    if (this.has) {
      this.has = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.rng.next32()));
    const a = TWO_PI * this.rng.next32();
    this.spare = r * Math.sin(a);
    this.has = true;
    return r * Math.cos(a);
  }
}

/** 3×3 box mean with edge pixels averaging what exists. */
function blur(t: Float32Array, w: number, h: number): Float32Array {
  const tmp = new Float32Array(w * h), out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    for (let x = 0; x < w; x++) {
      let s = t[r + x], k = 1;
      if (x > 0) (s += t[r + x - 1]), k++;
      if (x < w - 1) (s += t[r + x + 1]), k++;
      tmp[r + x] = s / k;
    }
  }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let s = tmp[i], k = 1;
      if (y > 0) (s += tmp[i - w]), k++;
      if (y < h - 1) (s += tmp[i + w]), k++;
      out[i] = s / k;
    }
  return out;
}

/** Measured transmissions of `a` (noise from `rng`: the same stream gives the same image). */
export function detect(a: Integrals, rng: Rng, p: DetectorParams = DETECTOR): Transmission {
  const w = a.window.x1 - a.window.x0, h = a.window.y1 - a.window.y0;
  const n = w * h;
  const tl = new Float32Array(n), th = new Float32Array(n);
  const bl = blur(a.low, w, h), bh = blur(a.high, w, h);
  for (let i = 0; i < n; i++) {
    bl[i] = Math.exp(-bl[i]);
    bh[i] = Math.exp(-bh[i]);
  }
  const z = new Normals(rng);
  const doseL = new Float32Array(w), doseH = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    doseL[x] = 1 + p.pulseSd * z.next();
    doseH[x] = 1 + p.pulseSd * z.next();
  }
  for (let i = 0, x = 0; i < n; i++, x = x + 1 === w ? 0 : x + 1) {
    const nl = p.n0Low * doseL[x] * bl[i], nh = p.n0High * doseH[x] * bh[i];
    tl[i] = Math.max(0.5, nl + Math.sqrt(nl) * z.next()) / p.n0Low;
    th[i] = Math.max(0.5, nh + Math.sqrt(nh) * z.next()) / p.n0High;
  }
  return { width: w, height: h, low: tl, high: th };
}
