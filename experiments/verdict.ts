/** Plain words for a paired difference: what a planner reads first ("faster by 31 % ± 4 %"). */
import type { MetricDef } from './types.js';

const pct = (x: number) => {
  const a = Math.abs(x * 100);
  return `${a >= 10 ? a.toFixed(0) : a.toFixed(1)} %`;
};

const signedPct = (x: number) => `${x < 0 ? '−' : '+'}${pct(x)}`;

/**
 * `relative` is the mean difference over the baseline's mean, `relHalf` the half-width of its 95 %
 * interval (NaN with one replication), `significant` whether the interval excludes zero.
 */
export function verdict(def: Pick<MetricDef, 'unit' | 'better'>, relative: number, relHalf: number, significant: boolean): string {
  if (!Number.isFinite(relative)) return 'no baseline value to compare with';
  if (relative === 0 && !(relHalf > 0)) return 'the same';
  if (!Number.isFinite(relHalf)) return `${signedPct(relative)} (one replication: no interval)`;
  if (!significant) return `no clear difference (${signedPct(relative)} ± ${pct(relHalf)})`;
  const time = def.unit === 'min' || def.unit === 's';
  const word = time ? (relative < 0 ? 'faster' : 'slower') : relative < 0 ? 'lower' : 'higher';
  const judged = def.better === null || time ? '' : (def.better === 'higher') === relative > 0 ? ' (better)' : ' (worse)';
  return `${word} by ${pct(relative)} ± ${pct(relHalf)}${judged}`;
}
