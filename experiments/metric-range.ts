/**
 * The values a metric can take, and intervals cut to them for display. A t-interval is symmetric
 * around the mean, so for a skewed quantity measured a few times it can reach below zero (revenue,
 * a time) or past 100 % (a share). The statistics are left as they are (the JSON keeps the
 * t-interval); what is shown is never an impossible value, and it is shown as "[lo, hi]", not
 * "± h", so that the cut is visible.
 */
import type { MetricDef } from '../reports/experiment-results.js';

export type Range = [min: number | null, max: number | null];

/** Units whose values cannot be negative (counts, money, durations). */
const NON_NEGATIVE_UNITS = new Set(['count', 'RMB', 'min', 's', 'h', 'days']);

/** The range a unit implies: shares [0, 1], counts, money and times [0, ∞), anything else unbounded. */
export function rangeForUnit(unit: string): Range {
  if (unit === 'share') return [0, 1];
  return NON_NEGATIVE_UNITS.has(unit) ? [0, null] : [null, null];
}

/** The metric's range: the catalogue's, or (for reports written before it had one) its unit's. */
export function rangeOf(def: Pick<MetricDef, 'unit' | 'range'> | undefined): Range {
  if (!def) return [null, null];
  return def.range ?? rangeForUnit(def.unit);
}

export interface ShownInterval {
  lo: number;
  hi: number;
  /** a bound was moved to the range: show "[lo, hi]", never "± h" */
  clipped: boolean;
}

/**
 * An interval cut to a range; null when a bound is missing. A bound beyond the range on the far
 * side (the whole interval impossible) leaves a point at the range's edge.
 */
export function clipInterval(ci: readonly (number | null | undefined)[] | null | undefined, range: Range): ShownInterval | null {
  const lo = ci?.[0];
  const hi = ci?.[1];
  if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const [min, max] = range;
  const clamp = (x: number) => Math.min(max ?? Infinity, Math.max(min ?? -Infinity, x));
  const a = clamp(lo);
  const b = clamp(hi);
  return { lo: a, hi: b, clipped: a !== lo || b !== hi };
}

/**
 * The range of a difference policy − baseline whose baseline mean is `baseMean`: each pair's
 * difference lies in [min − baseline, max − baseline], so their mean does too. Relative to the
 * baseline (divided by |baseMean|) a non-negative metric can never fall by more than 100 %.
 */
export function differenceRange(range: Range, baseMean: number | null | undefined, relative = false): Range {
  if (typeof baseMean !== 'number' || !Number.isFinite(baseMean)) return [null, null];
  const scale = relative ? Math.abs(baseMean) : 1;
  if (scale === 0) return [null, null];
  const [min, max] = range;
  return [min === null ? null : (min - baseMean) / scale, max === null ? null : (max - baseMean) / scale];
}
