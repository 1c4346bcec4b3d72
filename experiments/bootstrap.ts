/**
 * Bootstrap resampling over replications, deterministic: the resamples come from a named stream of
 * the kernel's generator (sim/kernel/rng.ts) seeded by the metric's key and the number of values,
 * so an interval depends only on the values and their order — never on the clock, the worker
 * count or the backend that ran the replications.
 */
import { RngStreams, type Rng } from '../sim/kernel/rng.js';

/** Resamples per interval: Efron & Tibshirani (1993, §14) ask ≥ 1,000 for percentile-type intervals. */
export const BOOTSTRAP_RESAMPLES = 2000;

/** The generator for one interval: the same key and n give the same resamples. */
export function bootstrapRng(key: string, n: number): Rng {
  return new RngStreams(`bootstrap/${n}`).stream(key);
}

/**
 * Index vectors of B resamples of n (with replacement), flat: resample b is idx[b*n … b*n+n−1].
 * Paired statistics use one set of indices for both sides, so each pair stays a pair.
 */
export function resampleIndices(rng: Rng, n: number, b = BOOTSTRAP_RESAMPLES): Uint32Array {
  const idx = new Uint32Array(n * b);
  for (let i = 0; i < idx.length; i++) idx[i] = rng.int(n);
  return idx;
}

/** The standard normal CDF: Hart's (1968) double-precision algorithm as given by West (2005, Wilmott, "Better approximations to cumulative normal functions"). */
export function normalCdf(z: number): number {
  const a = Math.abs(z);
  if (a > 37) return z > 0 ? 1 : 0;
  const e = Math.exp((-a * a) / 2);
  let p: number;
  if (a < 7.07106781186547) {
    let n = 0.0352624965998911 * a + 0.700383064443688;
    n = n * a + 6.37396220353165;
    n = n * a + 33.912866078383;
    n = n * a + 112.079291497871;
    n = n * a + 221.213596169931;
    n = n * a + 220.206867912376;
    let d = 0.0883883476483184 * a + 1.75566716318264;
    d = d * a + 16.064177579207;
    d = d * a + 86.7807322029461;
    d = d * a + 296.564248779674;
    d = d * a + 637.333633378831;
    d = d * a + 793.826512519948;
    d = d * a + 440.413735824752;
    p = (e * n) / d;
  } else {
    let d = a + 0.65;
    d = a + 4 / d;
    d = a + 3 / d;
    d = a + 2 / d;
    d = a + 1 / d;
    p = e / d / 2.506628274631;
  }
  return z > 0 ? 1 - p : p;
}

/** The q-quantile of sorted values (type 7, linear between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
