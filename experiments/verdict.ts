/** Plain words for a paired difference: what a planner reads first ("faster by 31 % ± 4 %"). */
import { clipInterval, differenceRange, rangeOf } from './metric-range.js';
import type { MetricDef } from './types.js';

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
}

/**
 * Relative to the baseline when its mean is not zero ("faster by 31 % ± 4 %"); in absolute terms
 * when it is ("higher by 3.0 ± 1.2 (baseline 0)"), so that a change from zero is not hidden.
 *
 * The interval is cut to what the metric allows (a time cannot fall by more than 100 %, a share
 * cannot pass 100 %); when it is cut it is written "[lo, hi]" instead of "± h", so the reader sees
 * both bounds. The t-interval itself is left to the statistics (`Difference.ci95`).
 */
export function verdict(def: Pick<MetricDef, 'unit' | 'better' | 'range'>, d: DifferenceFacts): string {
  if (d.n === 0) return 'no paired values (one side measured nothing)';
  const [lo, hi] = d.ci95;
  const interval = Number.isFinite(lo) && Number.isFinite(hi);
  const significant = interval && (lo > 0 || hi < 0);
  if (d.mean === 0 && (!interval || hi - lo === 0)) return 'the same';
  const scale = Math.abs(d.baseMean);
  const relative = scale > 0;
  const suffix = relative ? '' : ' (baseline 0)';
  const signedSize = relative ? signedPct(d.mean / scale) : signedNum(d.mean);
  if (!interval) return `${signedSize}${suffix} (one replication: no interval)`;

  const range = rangeOf(def);
  // a baseline outside the metric's range means the range does not describe these data: no cut
  const inRange = (range[0] === null || d.baseMean >= range[0]) && (range[1] === null || d.baseMean <= range[1]);
  const s = relative ? 1 / scale : 1;
  const raw: [number, number] = [lo * s, hi * s];
  const shown = clipInterval(raw, inRange ? differenceRange(range, d.baseMean, relative) : [null, null])!;
  const fmt = relative ? pct : num;
  const fmtSigned = relative ? signedPct : signedNum;
  const half = (hi - lo) / 2 / (relative ? scale : 1);

  if (!significant) {
    const spread = shown.clipped ? `[${fmtSigned(shown.lo)}, ${fmtSigned(shown.hi)}]` : `± ${fmt(half)}`;
    return `no clear difference (${signedSize} ${spread}${suffix})`;
  }
  // minutes and seconds are waits and passages; hours are mostly work (officer or enterprise hours): no 'faster'
  const time = def.unit === 'min' || def.unit === 's';
  const word = time ? (d.mean < 0 ? 'faster' : 'slower') : d.mean < 0 ? 'lower' : 'higher';
  const judged = def.better === null || time ? '' : (def.better === 'higher') === d.mean > 0 ? ' (better)' : ' (worse)';
  // sizes of a change, smaller first: "faster by 99 % [97.8 %, 100 %]"
  const [a, b] = [Math.abs(shown.lo), Math.abs(shown.hi)].sort((x, y) => x - y);
  const spread = shown.clipped ? `[${fmt(a)}, ${fmt(b)}]` : `± ${fmt(half)}`;
  return `${word} by ${relative ? pct(d.mean / scale) : num(d.mean)} ${spread}${suffix}${judged}`;
}
