/**
 * Interval estimates right for each kind of metric (docs/STATISTICS.md says why each, with its
 * reference and its measured coverage):
 *
 * - `t`: a Student t-interval on the mean over replications, for means of roughly symmetric
 *   quantities (utilisation, counts of work, hours). Relative differences by Fieller's theorem on
 *   the paired means, which cannot pass −100 % while the policy's own mean is clearly above zero.
 * - `bootstrap`: waits, clearance times and their percentiles (means over many trucks, mildly
 *   skewed over replications): a studentized ("percentile-t") bootstrap of the mean; should it
 *   reach below zero, the log-scale interval instead.
 * - `log`: money and other heavily skewed non-negative quantities (a few large seizures make a
 *   replication): the mean on the log scale (modified Cox interval), never below zero; the
 *   studentized bootstrap when a replication is 0.
 *   Relative differences of both by a paired bootstrap of the ratio of means, which is never below
 *   −100 % for non-negative data.
 * - `ratio`: shares that are ratios of counts (hit rate = caught / checks, recall = caught /
 *   violations): the counts pooled over replications (Σ num / Σ den, not the mean of per-replication
 *   ratios), with a delta-method (linearisation) standard error on the logit scale, so the interval
 *   stays inside (0, 1); Wilson's score interval on the pooled counts when the pooled share is 0 or 1.
 *
 * Every bootstrap is seeded by the metric's key (experiments/bootstrap.ts): deterministic.
 */
import { createRequire } from 'node:module';
import { BOOTSTRAP_RESAMPLES, bootstrapRng, quantileSorted, resampleIndices } from './bootstrap.js';
import type { EstimatorKind, MetricStat } from '../reports/experiment-results.js';

export type { EstimatorKind };


/** What the report's tooltip says about each estimator. */
export const ESTIMATOR_TEXT: Record<EstimatorKind, string> = {
  t: 'Student t-interval on the mean over replications; relative change by Fieller’s interval for a ratio of paired means',
  bootstrap: 'studentized (percentile-t) bootstrap of the mean over replications, 2,000 seeded resamples (the log-scale interval if that reached below 0); relative change by a paired bootstrap of the ratio of means',
  log: 'log-scale (modified Cox) interval of the mean over replications, never below 0 (the studentized bootstrap when a replication is 0); relative change by a paired bootstrap of the ratio of means',
  ratio: 'pooled ratio Σ numerator / Σ denominator over replications; delta-method interval on the logit scale (Wilson score at 0 or 1)',
};

const require = createRequire(import.meta.url);
let tq: ((p: number, dof: number) => number) | null = null;
/** The t quantile, loaded on first use (a single run never needs it; @stdlib's tree takes ~0.2 s to load). */
export function tQuantile(p: number, dof: number): number {
  return (tq ??= require('@stdlib/stats-base-dists-t-quantile') as (p: number, dof: number) => number)(p, dof);
}

export function meanSd(xs: ArrayLike<number>): { mean: number; sd: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  let m = 0;
  let s = 0;
  // Welford: stable for large, close values (seconds over days)
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m;
    m += d / (i + 1);
    s += d * (xs[i] - m);
  }
  return { mean: m, sd: n > 1 ? Math.sqrt(Math.max(0, s) / (n - 1)) : NaN };
}

const NO_CI: [number, number] = [NaN, NaN];

/** Mean with its 95 % t-interval; NaN bounds with fewer than two values. */
export function tMean(xs: readonly number[]): MetricStat {
  const { mean, sd } = meanSd(xs);
  const n = xs.length;
  if (n < 2) return { mean, ci95: NO_CI, sd, n };
  const h = sd === 0 ? 0 : (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { mean, ci95: [mean - h, mean + h], sd, n };
}

/**
 * The 95 % studentized bootstrap interval of a mean (Efron & Tibshirani 1993, §12.5; Hall 1988):
 * t* = (mean* − mean) / se* over resamples; the interval is [mean − t*₉₇.₅ se, mean − t*₂.₅ se].
 * Second-order accurate and, unlike BCa or the percentile interval, it widens for small n the way a
 * t-interval does. A resample with no spread (se* = 0) cannot be studentized and is left out.
 */
export function bootstrapMean(xs: readonly number[], key: string): MetricStat {
  const b = studentized(xs, key);
  // a non-negative mean's interval below 0 is impossible: the log scale keeps it above
  if (b.ci95[0] < 0 && xs.every((x) => x > 0)) return logScale(xs);
  return b;
}

function studentized(xs: readonly number[], key: string): MetricStat {
  const { mean, sd } = meanSd(xs);
  const n = xs.length;
  if (n < 2) return { mean, ci95: NO_CI, sd, n };
  if (sd === 0) return { mean, ci95: [mean, mean], sd, n };
  const se = sd / Math.sqrt(n);
  const idx = resampleIndices(bootstrapRng(key, n), n);
  const ts: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let m = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[idx[b * n + i]];
      const d = x - m;
      m += d / (i + 1);
      s += d * (x - m);
    }
    if (s <= 0) continue;
    ts.push((m - mean) / Math.sqrt(s / (n - 1) / n));
  }
  if (ts.length < BOOTSTRAP_RESAMPLES / 2) return tMean(xs);
  ts.sort((a, b) => a - b);
  return { mean, ci95: [mean - quantileSorted(ts, 0.975) * se, mean - quantileSorted(ts, 0.025) * se], sd, n };
}

/**
 * The mean of a positive, right-skewed quantity on the log scale: the modified Cox interval
 * (Armstrong 1992; Olsson 2005, J. Statistics Education 13(1)) for E[X] = exp(μ + σ²/2) of a
 * log-normal: ȳ + s²/2 ± t₀.₉₇₅,ₙ₋₁ √(s²/n + s⁴/(2(n−1))) with y = ln x, then exp. Never below zero.
 * With a zero or negative value the log scale does not apply: the studentized bootstrap instead.
 * The point estimate stays the plain mean of the replications, and the interval is widened to
 * hold it when the log-normal model puts it outside (rare: the model is the interval's, not the mean's).
 */
export function logMean(xs: readonly number[], key: string): MetricStat {
  if (xs.length < 2 || xs.some((x) => !(x > 0))) return studentized(xs, key);
  return logScale(xs);
}

function logScale(xs: readonly number[]): MetricStat {
  const n = xs.length;
  const { mean, sd } = meanSd(xs);
  const y = meanSd(xs.map(Math.log));
  const s2 = y.sd * y.sd;
  const h = tQuantile(0.975, n - 1) * Math.sqrt(s2 / n + (s2 * s2) / (2 * (n - 1)));
  const c = y.mean + s2 / 2;
  return { mean, ci95: [Math.min(mean, Math.exp(c - h)), Math.max(mean, Math.exp(c + h))], sd, n };
}

/** Σ num / Σ den with its linearised standard error (Cochran 1977, §6.4: the ratio estimator). */
function pooledRatio(num: readonly number[], den: readonly number[]): { r: number; se: number; n: number; dbar: number } {
  const n = num.length;
  let sn = 0;
  let sd = 0;
  for (let i = 0; i < n; i++) {
    sn += num[i];
    sd += den[i];
  }
  const r = sd > 0 ? sn / sd : NaN;
  const dbar = sd / n;
  const u = num.map((x, i) => (x - r * den[i]) / dbar);
  const s = meanSd(u).sd;
  return { r, se: n > 1 ? s / Math.sqrt(n) : NaN, n, dbar };
}

/** Wilson's (1927) score interval for k successes in N trials. */
function wilson(k: number, N: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / N;
  const c = (p + (z * z) / (2 * N)) / (1 + (z * z) / N);
  const h = ((z / (1 + (z * z) / N)) * Math.sqrt((p * (1 - p)) / N + (z * z) / (4 * N * N)));
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A share that is a ratio of counts, pooled over replications. Replications whose parts are not
 * numbers are left out; one whose denominator is 0 adds nothing to either sum (and counts as a
 * replication: a run that checked nothing is evidence too).
 */
export function pooledShare(numIn: readonly number[], denIn: readonly number[]): MetricStat {
  const num: number[] = [];
  const den: number[] = [];
  numIn.forEach((x, i) => {
    if (Number.isFinite(x) && Number.isFinite(denIn[i])) {
      num.push(x);
      den.push(denIn[i]);
    }
  });
  const { r, se, n } = pooledRatio(num, den);
  const withDen = den.filter((d) => d > 0).length;
  if (!Number.isFinite(r)) return { mean: NaN, ci95: NO_CI, sd: NaN, n: withDen };
  const sd = se * Math.sqrt(n);
  if (n < 2) return { mean: r, ci95: NO_CI, sd, n: withDen };
  const t = tQuantile(0.975, n - 1);
  const total = den.reduce((a, b) => a + b, 0);
  if (r <= 0 || r >= 1 || se === 0) {
    // no spread to linearise: the pooled counts as binomial (Wilson stays inside [0, 1] and is not a point at 0 or 1)
    return r >= 0 && r <= 1 && total >= 1 ? { mean: r, ci95: wilson(r * total, total), sd, n: withDen } : { mean: r, ci95: [r - t * se, r + t * se], sd, n: withDen };
  }
  const h = (t * se) / (r * (1 - r));
  return { mean: r, ci95: [expit(logit(r) - h), expit(logit(r) + h)], sd, n: withDen };
}

export interface PairedEstimate {
  /** mean of (policy − baseline) (pooled ratios: difference of the pooled shares) */
  mean: number;
  ci95: [number, number];
  /** Welch's interval for the same difference as if the replications were independent */
  ci95_unpaired: [number, number];
  /** policy / baseline − 1 and its interval (NaN when the baseline is 0) */
  relative: number;
  relative_ci95: [number, number];
  baseMean: number;
  n: number;
}

/** Keeps the pairs where both sides have a value (and both ratio parts, for shares). */
function pairs(cols: (readonly number[])[]): number[][] {
  const out: number[][] = cols.map(() => []);
  const len = cols[0].length;
  for (let i = 0; i < len; i++) {
    if (cols.every((c) => Number.isFinite(c[i]))) cols.forEach((c, j) => out[j].push(c[i]));
  }
  return out;
}

function welch(xa: number[], xb: number[]): [number, number] {
  const n = xa.length;
  if (n < 2) return NO_CI;
  const A = meanSd(xa);
  const B = meanSd(xb);
  const va = (A.sd * A.sd) / n;
  const vb = (B.sd * B.sd) / n;
  const se = Math.sqrt(va + vb);
  // Welch–Satterthwaite degrees of freedom
  const dof = se === 0 ? n - 1 : (va + vb) ** 2 / ((va * va) / (n - 1) + (vb * vb) / (n - 1));
  const h = se === 0 ? 0 : tQuantile(0.975, dof) * se;
  const m = A.mean - B.mean;
  return [m - h, m + h];
}

/**
 * Fieller's (1954) interval for ā / b̄ from paired samples: the r with (ā − r b̄)² ≤ t² var(ā − r b̄).
 * Bounded only when the baseline's mean is clearly away from zero; NaN bounds otherwise.
 */
export function fiellerRatio(xa: number[], xb: number[]): [number, number] {
  const n = xa.length;
  if (n < 2) return NO_CI;
  const A = meanSd(xa);
  const B = meanSd(xb);
  let cab = 0;
  for (let i = 0; i < n; i++) cab += (xa[i] - A.mean) * (xb[i] - B.mean);
  cab /= n - 1;
  const t2 = tQuantile(0.975, n - 1) ** 2;
  const va = (A.sd * A.sd) / n;
  const vb = (B.sd * B.sd) / n;
  const vab = cab / n;
  const qa = B.mean * B.mean - t2 * vb;
  const qb = A.mean * B.mean - t2 * vab;
  const qc = A.mean * A.mean - t2 * va;
  const disc = qb * qb - qa * qc;
  if (qa <= 0 || disc < 0) return NO_CI;
  const s = Math.sqrt(disc);
  return [(qb - s) / qa, (qb + s) / qa];
}

/**
 * Paired bootstrap percentile interval of the ratio of means (Efron & Tibshirani 1993, §13.3):
 * each resample keeps pairs together (common random numbers), and a ratio of non-negative means is
 * never negative, so the relative change never passes −100 %.
 */
function bootstrapRatio(xa: number[], xb: number[], key: string): [number, number] {
  const n = xa.length;
  const idx = resampleIndices(bootstrapRng(`${key}/ratio`, n), n);
  const rs: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      sa += xa[idx[b * n + i]];
      sb += xb[idx[b * n + i]];
    }
    if (sb !== 0) rs.push(sa / sb);
  }
  if (rs.length < BOOTSTRAP_RESAMPLES / 2) return NO_CI;
  rs.sort((a, b) => a - b);
  return [quantileSorted(rs, 0.025), quantileSorted(rs, 0.975)];
}

/** Policy (a) against baseline (b) on one metric, paired by seed. */
export function pairedEstimate(kind: EstimatorKind, key: string, a: readonly number[], b: readonly number[]): PairedEstimate {
  if (a.length !== b.length) throw new Error(`pairedEstimate: ${a.length} values against ${b.length}`);
  const [xa, xb] = pairs([a, b]);
  const n = xa.length;
  const d = xa.map((x, i) => x - xb[i]);
  const B = meanSd(xb);
  const mean = meanSd(d).mean;
  const scale = Math.abs(B.mean);
  const relative = scale > 0 ? mean / scale : NaN;
  const unpaired = welch(xa, xb);
  if (n < 2) return { mean, ci95: NO_CI, ci95_unpaired: unpaired, relative, relative_ci95: NO_CI, baseMean: B.mean, n };
  const toRel = (r: [number, number]): [number, number] => (scale > 0 && B.mean > 0 ? [r[0] - 1, r[1] - 1] : NO_CI);
  // the paired differences: common random numbers make them far less skewed than either side, and they may be negative
  const ci = tMean(d).ci95;
  if (kind === 'bootstrap' || kind === 'log') {
    return { mean, ci95: ci, ci95_unpaired: unpaired, relative, relative_ci95: toRel(bootstrapRatio(xa, xb, key)), baseMean: B.mean, n };
  }
  // Fieller gives a ratio interval; for a negative baseline the ratio's direction flips, so relative changes come from the difference
  const rel = B.mean > 0 ? toRel(fiellerRatio(xa, xb)) : scale > 0 ? ([ci[0] / scale, ci[1] / scale] as [number, number]) : NO_CI;
  return { mean, ci95: ci, ci95_unpaired: unpaired, relative, relative_ci95: rel, baseMean: B.mean, n };
}

/**
 * Two pooled shares paired by seed: the difference Ra − Rb and the ratio Ra / Rb, both with
 * linearised (delta-method) standard errors from the paired residuals; the ratio on the log scale,
 * so it stays above −100 %.
 */
export function pairedShares(numA: readonly number[], denA: readonly number[], numB: readonly number[], denB: readonly number[]): PairedEstimate {
  const [na, da, nb, db] = pairs([numA, denA, numB, denB]);
  const n = na.length;
  const A = pooledRatio(na, da);
  const B = pooledRatio(nb, db);
  const mean = A.r - B.r;
  const relative = B.r > 0 ? A.r / B.r - 1 : NaN;
  const base = { mean, relative, baseMean: B.r, n };
  if (n < 2 || !Number.isFinite(mean)) return { ...base, ci95: NO_CI, ci95_unpaired: NO_CI, relative_ci95: NO_CI };
  const t = tQuantile(0.975, n - 1);
  const ua = na.map((x, i) => (x - A.r * da[i]) / A.dbar);
  const ub = nb.map((x, i) => (x - B.r * db[i]) / B.dbar);
  const sdDiff = meanSd(ua.map((u, i) => u - ub[i])).sd;
  const hd = (t * sdDiff) / Math.sqrt(n);
  const hu = t * Math.sqrt(A.se * A.se + B.se * B.se);
  let rel: [number, number] = NO_CI;
  if (A.r > 0 && B.r > 0) {
    const sdLog = meanSd(ua.map((u, i) => u / A.r - ub[i] / B.r)).sd;
    const hl = (t * sdLog) / Math.sqrt(n);
    const lr = Math.log(A.r / B.r);
    rel = [Math.exp(lr - hl) - 1, Math.exp(lr + hl) - 1];
  }
  return { ...base, ci95: [mean - hd, mean + hd], ci95_unpaired: [mean - hu, mean + hu], relative_ci95: rel };
}
