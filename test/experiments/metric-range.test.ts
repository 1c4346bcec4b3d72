/**
 * What a metric can take, and names that say what a metric counts: the catalogue knows that
 * revenue and times are never negative and shares never pass 1, and displays cut intervals to that.
 */
import { describe, expect, it } from 'vitest';
import { clipInterval, differenceRange, rangeOf } from '../../experiments/metric-range.js';
import { metricCatalog } from '../../experiments/metrics-catalog.js';

describe('metric ranges', () => {
  it('every metric of every family has a range: shares [0, 1], counts, money and times [0, ∞)', () => {
    for (const family of ['port', 'gate', 'zone', 'network'] as const) {
      for (const d of metricCatalog(family)) {
        expect(d.range, `${family} ${d.key}`).toEqual(d.unit === 'share' ? [0, 1] : [0, null]);
      }
    }
  });

  it('reports written before the catalogue had ranges get their unit’s', () => {
    expect(rangeOf({ unit: 'RMB' })).toEqual([0, null]);
    expect(rangeOf({ unit: 'share' })).toEqual([0, 1]);
    expect(rangeOf({ unit: 'index' })).toEqual([null, null]);
    expect(rangeOf({ unit: 'share', range: [null, null] })).toEqual([null, null]);
  });

  it('cuts an interval to the range and says so; leaves a possible one alone', () => {
    expect(clipInterval([-6_044_454, 108_299_114], [0, null])).toEqual({ lo: 0, hi: 108_299_114, clipped: true });
    expect(clipInterval([0.93, 1.03], [0, 1])).toEqual({ lo: 0.93, hi: 1, clipped: true });
    expect(clipInterval([1, 2], [0, null])).toEqual({ lo: 1, hi: 2, clipped: false });
    expect(clipInterval([NaN, 2], [0, null])).toBeNull();
    expect(clipInterval([null, null], [0, null])).toBeNull();
  });

  it('a difference from a baseline of 30 can fall by 30 at most (−100 %); a share from 0.5 rise by 0.5', () => {
    expect(differenceRange([0, null], 30)).toEqual([-30, null]);
    expect(differenceRange([0, null], 30, true)).toEqual([-1, null]);
    expect(differenceRange([0, 1], 0.5)).toEqual([-0.5, 0.5]);
    expect(differenceRange([0, 1], 0.5, true)).toEqual([-1, 1]);
    expect(differenceRange([0, null], NaN)).toEqual([null, null]);
  });
});

describe('port metric names say what they count', () => {
  const port = new Map(metricCatalog('port').map((d) => [d.key, d]));
  it('document review and container checks apart: no "inspection rate" that counts document reviews', () => {
    expect(port.has('inspection_rate')).toBe(false);
    expect(port.get('check_rate')).toMatchObject({ unit: 'share', headline: true, label: 'Checked at all (documents, scan or opening)' });
    expect(port.get('container_check_rate')).toMatchObject({ unit: 'share', headline: true, label: 'Container checked (scanned or opened)' });
  });
  it('revenue recovered: one name per meaning, the amount and the share', () => {
    expect(port.has('revenue_recovered')).toBe(false);
    expect(port.get('revenue_recovered_rmb')).toMatchObject({ unit: 'RMB', headline: true });
    expect(port.get('revenue_recovered_share')).toMatchObject({ unit: 'share' });
  });
  it('officer hours: worked (the trade-off) and rostered', () => {
    expect(port.get('officer_hours_worked')).toMatchObject({ unit: 'h', better: 'lower', tradeoff: 'officer_hours' });
    expect(port.get('officer_hours_on_duty')).toMatchObject({ unit: 'h' });
  });
});
