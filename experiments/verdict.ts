/** Plain words for a paired difference: what a planner reads first ("faster by 31 % ± 4 %"). */
import type { MetricDef } from '../reports/experiment-results.js';

const pct = (x: number) => {
  const a = Math.abs(x * 100);
  return `${a >= 10 ? a.toFixed(0) : a.toFixed(1)} %`;
};

const signedPct = (x: number) => `${x < 0 ? '−' : '+'}${pct(x)}`;

const num = (x: number) => Number(Math.abs(x).toPrecision(3)).toString();

export interface DifferenceFacts {
  /** mean of (policy − baseline) over the pairs, and its 95 % interval (NaN bounds with one pair) */
  mean: number;
  ci95: [number, number];
  /** the baseline's mean over the same pairs */
  baseMean: number;
  /** pairs where both sides have a value */
  n: number;
}

/**
 * Relative to the baseline when its mean is not zero ("faster by 31 % ± 4 %"); in absolute terms
 * when it is ("higher by 3.0 ± 1.2 (baseline 0)"), so that a change from zero is not hidden.
 */
export function verdict(def: Pick<MetricDef, 'unit' | 'better'>, d: DifferenceFacts): string {
  if (d.n === 0) return 'no paired values (one side measured nothing)';
  const [lo, hi] = d.ci95;
  const interval = Number.isFinite(lo) && Number.isFinite(hi);
  const significant = interval && (lo > 0 || hi < 0);
  if (d.mean === 0 && (!interval || hi - lo === 0)) return 'the same';
  const scale = Math.abs(d.baseMean);
  const relative = scale > 0;
  const size = relative ? pct(d.mean / scale) : num(d.mean);
  const half = !interval ? NaN : relative ? (hi - lo) / 2 / scale : (hi - lo) / 2;
  const halfText = relative ? pct(half) : num(half);
  const suffix = relative ? '' : ' (baseline 0)';
  if (!interval) return `${relative ? signedPct(d.mean / scale) : `${d.mean < 0 ? '−' : '+'}${num(d.mean)}${suffix}`} (one replication: no interval)`;
  if (!significant) return `no clear difference (${relative ? signedPct(d.mean / scale) : `${d.mean < 0 ? '−' : '+'}${num(d.mean)}`} ± ${halfText}${suffix})`;
  const time = def.unit === 'min' || def.unit === 's';
  const word = time ? (d.mean < 0 ? 'faster' : 'slower') : d.mean < 0 ? 'lower' : 'higher';
  const judged = def.better === null || time ? '' : (def.better === 'higher') === d.mean > 0 ? ' (better)' : ' (worse)';
  return `${word} by ${size} ± ${halfText}${suffix}${judged}`;
}
