/** Plain words for a paired difference: what a planner reads first ("faster by 31 % ± 4 %"). */
import { clipInterval, differenceRange, rangeOf } from './metric-range.js';
import type { MetricDef } from '../reports/experiment-results.js';

const pct = (x: number) => {
  const a = Math.abs(x * 100);
  return `${a >= 10 ? a.toFixed(0) : a.toFixed(1)} %`;
};

const signedPct = (x: number) => `${x < 0 ? '−' : '+'}${pct(x)}`;

const num = (x: number) => Number(Math.abs(x).toPrecision(3)).toString();
const signedNum = (x: number) => `${x < 0 ? '−' : '+'}${num(x)}`;

export interface DifferenceFacts {
  /** mean of (policy − baseline) over the pairs, and its 95 % interval (NaN bounds with one pair) */
  mean: number;
  ci95: [number, number];
  /** the baseline's mean over the same pairs */
  baseMean: number;
  /** pairs where both sides have a value */
  n: number;
  /**
   * policy / baseline − 1 with its interval, from the metric's estimator (Fieller, a paired
   * bootstrap of the ratio of means, or the log ratio of pooled shares): it cannot pass −100 % for
   * a non-negative metric and need not be symmetric. Absent: the difference's interval over the
   * baseline's mean.
   */
  relative_ci95?: [number, number];
}

const hasInterval = (ci: readonly number[] | undefined): ci is [number, number] => ci !== undefined && Number.isFinite(ci[0]) && Number.isFinite(ci[1]);

/** The relative interval to judge and show by: the estimator's when it has one, else the difference's over |baseline|. */
function relativeInterval(d: DifferenceFacts): [number, number] | null {
  const scale = Math.abs(d.baseMean);
  if (!(scale > 0)) return null;
  if (hasInterval(d.relative_ci95)) return d.relative_ci95;
  return hasInterval(d.ci95) ? [d.ci95[0] / scale, d.ci95[1] / scale] : null;
}

/** The change is clear: its interval (relative when the baseline is not 0, as the verdict shows it) excludes 0. */
export function isSignificant(d: DifferenceFacts): boolean {
  const rel = relativeInterval(d);
  const [lo, hi] = rel ?? d.ci95;
  return Number.isFinite(lo) && Number.isFinite(hi) && (lo > 0 || hi < 0);
}

/**
 * Relative to the baseline when its mean is not zero ("faster by 31 % ± 4 %"); in absolute terms
 * when it is ("higher by 3.0 ± 1.2 (baseline 0)"), so that a change from zero is not hidden.
 *
 * The relative interval is the metric estimator's (`relative_ci95`: it cannot pass −100 % for a
 * non-negative metric); "[lo, hi]" when it is not symmetric about the change, "± h" when it is.
 * Cutting to what the metric allows stays as a last guard for intervals from older reports.
 */
export function verdict(def: Pick<MetricDef, 'unit' | 'better' | 'range'>, d: DifferenceFacts): string {
  if (d.n === 0) return 'no paired values (one side measured nothing)';
  const [lo, hi] = d.ci95;
  const interval = Number.isFinite(lo) && Number.isFinite(hi);
  const significant = isSignificant(d);
  if (d.mean === 0 && (!interval || hi - lo === 0)) return 'the same';
  const scale = Math.abs(d.baseMean);
  const relative = scale > 0;
  const suffix = relative ? '' : ' (baseline 0)';
  const signedSize = relative ? signedPct(d.mean / scale) : signedNum(d.mean);
  const rel = relativeInterval(d);
  if (!interval && !rel) return `${signedSize}${suffix} (one replication: no interval)`;

  const range = rangeOf(def);
  // a baseline outside the metric's range means the range does not describe these data: no cut
  const inRange = (range[0] === null || d.baseMean >= range[0]) && (range[1] === null || d.baseMean <= range[1]);
  const raw: [number, number] = relative ? rel! : [lo, hi];
  // the estimator's interval is already inside the range; the cut stays as a last guard
  const shown = clipInterval(raw, inRange ? differenceRange(range, d.baseMean, relative) : [null, null])!;
  const fmt = relative ? pct : num;
  const fmtSigned = relative ? signedPct : signedNum;
  const centre = relative ? d.mean / scale : d.mean;
  const half = relative && !hasInterval(d.relative_ci95) ? (hi - lo) / 2 / scale : (raw[1] - raw[0]) / 2;
  // "± h" only for an interval symmetric about the change; "[lo, hi]" for one cut or skewed
  const symmetric = Math.abs(raw[0] + raw[1] - 2 * centre) <= 1e-6 * Math.max(1e-12, Math.abs(half));
  const bracket = shown.clipped || !symmetric;

  if (!significant) {
    const spread = bracket ? `[${fmtSigned(shown.lo)}, ${fmtSigned(shown.hi)}]` : `± ${fmt(half)}`;
    return `no clear difference (${signedSize} ${spread}${suffix})`;
  }
  // minutes and seconds are waits and passages; hours are mostly work (officer or enterprise hours): no 'faster'
  const time = def.unit === 'min' || def.unit === 's';
  const word = time ? (d.mean < 0 ? 'faster' : 'slower') : d.mean < 0 ? 'lower' : 'higher';
  const judged = def.better === null || time ? '' : (def.better === 'higher') === d.mean > 0 ? ' (better)' : ' (worse)';
  // sizes of a change, smaller first: "faster by 99 % [97.8 %, 100 %]"
  const [a, b] = [Math.abs(shown.lo), Math.abs(shown.hi)].sort((x, y) => x - y);
  const spread = bracket ? `[${fmt(a)}, ${fmt(b)}]` : `± ${fmt(half)}`;
  return `${word} by ${relative ? pct(d.mean / scale) : num(d.mean)} ${spread}${suffix}${judged}`;
}
