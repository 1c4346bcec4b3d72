/**
 * A catalogue metric's interval by the estimator the catalogue names for it (experiments/intervals.ts):
 * the mean over replications (t, bootstrap or log scale), or a share pooled from its counts (ratio).
 */
import { bootstrapMean, logMean, pairedEstimate, pairedShares, pooledShare, tMean, type EstimatorKind, type PairedEstimate } from './intervals.js';
import { rangeForUnit } from './metric-range.js';
import type { MetricDef, MetricStat } from '../reports/experiment-results.js';

interface Rep {
  metrics: Record<string, number>;
  parts?: Record<string, [number, number]>;
}

const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));

/** The estimator a metric uses: a ratio needs its parts in every replication, else its mean by t. */
export function estimatorOf(def: Pick<MetricDef, 'key' | 'estimator'>, reps: readonly Rep[]): EstimatorKind {
  const kind = def.estimator ?? 't';
  if (kind === 'ratio' && !reps.every((r) => r.parts?.[def.key] !== undefined)) return 't';
  return kind;
}

export function metricStat(def: Pick<MetricDef, 'key' | 'estimator' | 'range' | 'unit'>, reps: readonly Rep[]): MetricStat {
  const kind = estimatorOf(def, reps);
  if (kind === 'ratio') return pooledShare(reps.map((r) => r.parts![def.key][0]), reps.map((r) => r.parts![def.key][1]));
  const xs = finite(reps.map((r) => r.metrics[def.key]));
  const s = kind === 'log' ? logMean(xs, def.key) : kind === 'bootstrap' ? bootstrapMean(xs, def.key) : tMean(xs);
  // a non-negative metric's interval reaching below 0 (a t-interval of a small count, say): the
  // log scale when every value is positive; else the interval meets the values the mean can take,
  // which keeps its coverage (the true mean is never below 0)
  if ((def.range ?? rangeForUnit(def.unit))[0] === 0 && s.ci95[0] < 0) {
    if (xs.every((x) => x > 0)) return logMean(xs, def.key);
    return { ...s, ci95: [0, s.ci95[1]] };
  }
  return s;
}

/** Policy `a` against baseline `b` on one metric, paired by seed (both in seed order). */
export function metricDifference(def: Pick<MetricDef, 'key' | 'estimator'>, a: readonly Rep[], b: readonly Rep[]): PairedEstimate {
  const kind = estimatorOf(def, [...a, ...b]);
  if (kind === 'ratio') {
    const col = (rs: readonly Rep[], j: 0 | 1) => rs.map((r) => r.parts![def.key][j]);
    return pairedShares(col(a, 0), col(a, 1), col(b, 0), col(b, 1));
  }
  return pairedEstimate(kind, def.key, a.map((r) => r.metrics[def.key]), b.map((r) => r.metrics[def.key]));
}
