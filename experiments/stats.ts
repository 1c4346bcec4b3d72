/**
 * Interval estimates over replications: Student t-intervals for a mean, paired intervals for the
 * difference of two policies on the same seeds (common random numbers), and Welch's interval for
 * the same difference as if the replications were independent (to show what pairing buys).
 */
import { meanSd, tQuantile } from './intervals.js';
import type { MetricStat } from '../reports/experiment-results.js';

const T975 = (dof: number) => tQuantile(0.975, dof);

/** Values that are numbers (a replication with nothing to measure gives NaN and is left out). */
function finite(xs: readonly number[]): number[] {
  return xs.filter((x) => Number.isFinite(x));
}

/** Mean with its 95 % t-interval; the bounds are NaN with fewer than two values. */
export function meanInterval(values: readonly number[]): MetricStat {
  const xs = finite(values);
  const { mean, sd } = meanSd(xs);
  const n = xs.length;
  if (n < 2) return { mean, ci95: [NaN, NaN], sd, n };
  const h = sd === 0 ? 0 : (T975(n - 1) * sd) / Math.sqrt(n);
  return { mean, ci95: [mean - h, mean + h], sd, n };
}

export interface DiffEstimate {
  mean: number;
  ci95: [number, number];
  ci95_unpaired: [number, number];
  /** mean of the baseline over the same pairs */
  baseMean: number;
  n: number;
}

/**
 * a − b paired by index (the same seed). Pairs where either value is missing are dropped from
 * both, so the paired and unpaired intervals use the same replications.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): DiffEstimate {
  if (a.length !== b.length) throw new Error(`pairedDifference: ${a.length} values against ${b.length}`);
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      xa.push(a[i]);
      xb.push(b[i]);
    }
  }
  const n = xa.length;
  const d = meanInterval(xa.map((x, i) => x - xb[i]));
  const A = meanSd(xa);
  const B = meanSd(xb);
  let unpaired: [number, number] = [NaN, NaN];
  if (n >= 2) {
    const va = (A.sd * A.sd) / n;
    const vb = (B.sd * B.sd) / n;
    const se = Math.sqrt(va + vb);
    // Welch–Satterthwaite degrees of freedom
    const dof = se === 0 ? n - 1 : (va + vb) ** 2 / ((va * va) / (n - 1) + (vb * vb) / (n - 1));
    const h = se === 0 ? 0 : T975(dof) * se;
    const m = A.mean - B.mean;
    unpaired = [m - h, m + h];
  }
  return { mean: d.mean, ci95: d.ci95, ci95_unpaired: unpaired, baseMean: B.mean, n };
}
