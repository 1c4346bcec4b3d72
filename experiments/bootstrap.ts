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

/** The q-quantile of sorted values (type 7, linear between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
