import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Quantiles, Summary, Tally, TimeWeighted } from '../../sim/kernel/stats.js';
import { moments } from './helpers.js';

const tallyOf = (xs: number[]) => {
  const t = new Tally();
  for (const x of xs) t.add(x);
  return t;
};
const close = (a: number, b: number, rel = 1e-9, abs = 1e-9) => Math.abs(a - b) <= abs + rel * Math.max(Math.abs(a), Math.abs(b));

describe('Tally', () => {
  it('computes count, mean, sample variance, min and max', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    const t = tallyOf(xs);
    expect(t.n).toBe(8);
    expect(t.mean).toBe(5);
    expect(t.variance).toBeCloseTo(32 / 7, 12);
    expect(t.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(t.min).toBe(2);
    expect(t.max).toBe(9);
    expect(t.sum).toBe(40);
  });

  it('is accurate where the naive sum-of-squares formula cancels', () => {
    const t = tallyOf([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(t.variance).toBeCloseTo(30, 9);
  });

  it('has NaN variance below two observations and rejects NaN', () => {
    expect(tallyOf([]).variance).toBeNaN();
    expect(tallyOf([3]).variance).toBeNaN();
    expect(() => new Tally().add(NaN)).toThrow(RangeError);
  });

  it('merge equals the tally of the concatenation (property)', () => {
    const arr = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 60 });
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        const m = tallyOf(a).merge(tallyOf(b));
        const all = tallyOf([...a, ...b]);
        if (m.n !== all.n || m.min !== all.min || m.max !== all.max) return false;
        if (all.n === 0) return m.mean === 0;
        const ref = moments([...a, ...b]);
        // compare with a two-pass reference, scaled to the data's magnitude
        const scale = Math.max(1, ...[...a, ...b].map(Math.abs));
        return close(m.mean, ref.mean, 1e-9, 1e-12 * scale) && (all.n < 2 || close(m.variance, ref.variance, 1e-7, 1e-9 * scale * scale));
      }),
      { numRuns: 300 },
    );
  });
});

describe('TimeWeighted', () => {
  it('averages a piecewise-constant value over time', () => {
    const q = new TimeWeighted(0, 0);
    q.update(2, 3); // 0 on [0,2)
    q.update(5, 1); // 3 on [2,5)
    // 1 on [5,10)
    expect(q.integral(10)).toBe(9 + 5);
    expect(q.mean(10)).toBeCloseTo(1.4, 12);
    expect(q.max).toBe(3);
    expect(q.value).toBe(1);
  });

  it('reset deletes the warm-up but keeps the current value', () => {
    const q = new TimeWeighted(0, 4);
    q.update(100, 2);
    q.reset(100);
    expect(q.mean(100)).toBe(2); // no time elapsed: the current value
    q.update(110, 6);
    expect(q.mean(120)).toBeCloseTo((2 * 10 + 6 * 10) / 20, 12);
    expect(q.max).toBe(6);
  });

  it('starts at a non-zero time', () => {
    const q = new TimeWeighted(1000, 1);
    q.update(1010, 3);
    expect(q.mean(1020)).toBe(2);
  });
});

describe('Quantiles (DDSketch)', () => {
  const alpha = 0.005;
  /** exact quantile under DDSketch's rank convention: the element at ⌊q·(n−1)⌋ */
  const exact = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))];
  const withinAccuracy = (est: number, x: number) => Math.abs(est - x) <= alpha * Math.abs(x) * (1 + 1e-9) + 1e-300;
  const qs = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

  // waits: many exact zeros, spread of magnitudes, some negatives (e.g. differences)
  const value = fc.oneof(
    fc.constant(0),
    fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
    fc.double({ min: -1e4, max: -1e-3, noNaN: true }),
  );

  it('reports every quantile within the relative accuracy of the exact one (property)', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), (xs) => {
        const s = new Quantiles(alpha);
        for (const x of xs) s.add(x);
        const sorted = [...xs].sort((a, b) => a - b);
        return s.count === xs.length && qs.every((q) => withinAccuracy(s.quantile(q), exact(sorted, q)));
      }),
      { numRuns: 300 },
    );
  });

  it('merge keeps the guarantee, negatives included (property)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 150 }), fc.array(value, { maxLength: 150 }), (a, b) => {
        const sa = new Quantiles(alpha);
        const sb = new Quantiles(alpha);
        for (const x of a) sa.add(x);
        for (const x of b) sb.add(x);
        sa.merge(sb);
        const sorted = [...a, ...b].sort((x, y) => x - y);
        if (sorted.length === 0) return sa.count === 0 && Number.isNaN(sa.quantile(0.5));
        return sa.count === sorted.length && qs.every((q) => withinAccuracy(sa.quantile(q), exact(sorted, q)));
      }),
      { numRuns: 300 },
    );
  });

  it('merge survives the two upstream DDSketch.merge bugs (negatives dropped; top key 0 lost)', () => {
    const a = new Quantiles();
    const b = new Quantiles();
    a.add(0.5);
    for (const x of [0.3, 0.999, -3, -4]) b.add(x); // 0.999 maps to key 0 at 0.5 % accuracy
    a.merge(b);
    expect(a.count).toBe(5);
    expect(a.quantile(0)).toBe(-4);
    expect(Math.abs(a.quantile(0.25) + 3)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(a.quantile(1) - 0.999)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(a.quantile(0.75) - 0.5)).toBeLessThanOrEqual(0.0025);
  });

  it('returns exactly 0 when the quantile falls among zero waits', () => {
    const s = new Quantiles();
    for (let i = 0; i < 700; i++) s.add(0);
    for (let i = 1; i <= 300; i++) s.add(i);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(0.69)).toBe(0);
    expect(s.quantile(0.9)).toBeCloseTo(200, -1);
    expect(s.min).toBe(0);
    expect(s.max).toBe(300);
  });

  it('rejects bad input and refuses to merge different accuracies', () => {
    expect(() => new Quantiles().add(Infinity)).toThrow(RangeError);
    expect(() => new Quantiles().quantile(1.5)).toThrow(RangeError);
    expect(() => new Quantiles(0.01).merge(new Quantiles(0.02))).toThrow(/accuracy/);
    expect(new Quantiles().quantile(0.5)).toBeNaN();
  });
});

describe('Summary', () => {
  it('reports n, mean, sd, min, percentiles and max', () => {
    const s = new Summary();
    for (let i = 1; i <= 1000; i++) s.add(i);
    const j = s.toJSON();
    expect(j.n).toBe(1000);
    expect(j.mean).toBe(500.5);
    expect(j.sd).toBeCloseTo(Math.sqrt((1000 * 1001) / 12), 6);
    expect(j.min).toBe(1);
    expect(j.max).toBe(1000);
    for (const [k, x] of [
      ['p50', 500],
      ['p90', 900],
      ['p95', 950],
      ['p99', 990],
    ] as const) {
      expect(Math.abs(j[k] - x)).toBeLessThanOrEqual(0.005 * x + 1);
    }
  });

  it('is NaN (null in JSON) when empty', () => {
    const j = new Summary().toJSON();
    expect(j.n).toBe(0);
    expect(JSON.parse(JSON.stringify(j))).toEqual({ n: 0, mean: null, sd: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null });
  });

  it('merges replications', () => {
    const a = new Summary();
    const b = new Summary();
    for (let i = 0; i < 500; i++) a.add(i);
    for (let i = 500; i < 1000; i++) b.add(i);
    const j = a.merge(b).toJSON();
    expect(j.n).toBe(1000);
    expect(j.mean).toBeCloseTo(499.5, 9);
    expect(j.max).toBe(999);
    expect(Math.abs(j.p50 - 499)).toBeLessThanOrEqual(0.005 * 499);
  });
});
