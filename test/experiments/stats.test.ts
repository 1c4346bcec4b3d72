/** Interval arithmetic against hand-computed values, and the verdict words planners read. */
import { describe, expect, it } from 'vitest';
import { meanInterval, pairedDifference } from '../../experiments/stats.js';
import fc from 'fast-check';
import { formatStat } from '../../bin/commands/compare-format.js';
import { verdict } from '../../experiments/verdict.js';

describe('meanInterval', () => {
  it('t-interval of 1..5: mean 3 ± t(0.975, 4)·s/√5 = 3 ± 1.96324', () => {
    const m = meanInterval([1, 2, 3, 4, 5]);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(m.ci95[0]).toBeCloseTo(1.0367568, 6);
    expect(m.ci95[1]).toBeCloseTo(4.9632432, 6);
    expect(m.n).toBe(5);
  });

  it('leaves out replications with nothing to measure (NaN), and gives no interval below two values', () => {
    expect(meanInterval([NaN, 2, 4]).mean).toBe(3);
    expect(meanInterval([NaN, 2, 4]).n).toBe(2);
    const one = meanInterval([7]);
    expect(one.mean).toBe(7);
    expect(one.ci95.every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(meanInterval([]).mean)).toBe(true);
  });

  it('a constant has a zero-width interval, and large close values keep their precision', () => {
    expect(meanInterval([5, 5, 5]).ci95).toEqual([5, 5]);
    const m = meanInterval([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(m.sd).toBeCloseTo(1, 9);
  });
});

describe('pairedDifference', () => {
  const a = [10, 12, 11, 13];
  const b = [8, 11, 9, 12];

  it('pairs by seed: differences 2,1,2,1 → 1.5 ± t(0.975, 3)·0.57735/2 = 1.5 ± 0.91869', () => {
    const d = pairedDifference(a, b);
    expect(d.mean).toBe(1.5);
    expect(d.ci95[0]).toBeCloseTo(0.581307, 5);
    expect(d.ci95[1]).toBeCloseTo(2.418693, 5);
    expect(d.baseMean).toBe(10);
  });

  it("Welch's unpaired interval: se = √(1.6667/4 + 3.3333/4) = 1.1180, 5.4 degrees of freedom (t between t5 and t6)", () => {
    const d = pairedDifference(a, b);
    const half = (d.ci95_unpaired[1] - d.ci95_unpaired[0]) / 2;
    expect((d.ci95_unpaired[0] + d.ci95_unpaired[1]) / 2).toBeCloseTo(1.5, 12);
    expect(half).toBeGreaterThan(2.4469 * 1.118034);
    expect(half).toBeLessThan(2.5706 * 1.118034);
    // pairing removes the seed-to-seed variation both policies share
    expect(d.ci95[1] - d.ci95[0]).toBeLessThan(d.ci95_unpaired[1] - d.ci95_unpaired[0]);
  });

  it('drops a pair when either side has no value, from both intervals', () => {
    const d = pairedDifference([1, NaN, 3, 5], [0, 1, 1, 2]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo((1 + 2 + 3) / 3, 12);
    expect(d.baseMean).toBeCloseTo(1, 12);
  });

  it('refuses lists of different lengths (a replication lost would pair the wrong seeds)', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/2 values against 1/);
  });
});

describe('verdict', () => {
  const time = { unit: 'min', better: 'lower' as const };
  const share = { unit: 'share', better: 'higher' as const };
  const count = { unit: 'count', better: 'lower' as const };
  /** a difference of `rel` of a baseline of 100, with a half-width of `half` of it */
  const d = (rel: number, half: number, n = 5) => ({ mean: rel * 100, ci95: [(rel - half) * 100, (rel + half) * 100] as [number, number], baseMean: 100, n });
  it('says faster or slower for times, with the interval', () => {
    expect(verdict(time, d(-0.31, 0.04))).toBe('faster by 31 % ± 4.0 %');
    expect(verdict(time, d(0.052, 0.011))).toBe('slower by 5.2 % ± 1.1 %');
  });
  it('says higher or lower, better or worse, for other metrics', () => {
    expect(verdict(share, d(0.24, 0.08))).toBe('higher by 24 % ± 8.0 % (better)');
    expect(verdict(share, d(-0.12, 0.05))).toBe('lower by 12 % ± 5.0 % (worse)');
    expect(verdict({ unit: 'share', better: null }, d(0.5, 0.1))).toBe('higher by 50 % ± 10 %');
  });
  it('does not call a difference inside the noise one', () => {
    expect(verdict(time, d(-0.02, 0.05))).toBe('no clear difference (−2.0 % ± 5.0 %)');
    expect(verdict(time, { mean: -20, ci95: [NaN, NaN], baseMean: 100, n: 1 })).toBe('−20 % (one replication: no interval)');
  });
  it('a change from a baseline of zero is told in absolute terms, not hidden', () => {
    expect(verdict(count, { mean: 6, ci95: [3.5, 8.5], baseMean: 0, n: 3 })).toBe('higher by 6 ± 2.5 (baseline 0) (worse)');
    expect(verdict(count, { mean: 0, ci95: [0, 0], baseMean: 0, n: 3 })).toBe('the same');
    // from a baseline of zero a count can only rise: the interval is cut at 0 and shown with both bounds
    expect(verdict(count, { mean: 1, ci95: [-1, 3], baseMean: 0, n: 3 })).toBe('no clear difference (+1 [+0, +3] (baseline 0))');
    expect(verdict({ unit: '', better: null }, { mean: 1, ci95: [-1, 3], baseMean: 0, n: 3 })).toBe('no clear difference (+1 ± 2 (baseline 0))');
  });
  it('says when nothing pairs', () => {
    expect(verdict(share, { mean: NaN, ci95: [NaN, NaN], baseMean: NaN, n: 0 })).toBe('no paired values (one side measured nothing)');
  });
});

/** The lowest relative change a verdict states or implies, in per cent ("faster by 99 % ± 50 %" implies −149). */
function lowestChange(v: string): number {
  const n = (x: string) => Number(x.replace('−', '-').replace('+', ''));
  let m = /(?:faster|lower) by ([\d.]+) % ± ([\d.]+) %/.exec(v);
  if (m) return -(n(m[1]) + n(m[2]));
  m = /(?:faster|lower) by [\d.]+ % \[[\d.]+ %, ([\d.]+) %\]/.exec(v);
  if (m) return -n(m[1]);
  m = /\(([−+][\d.]+) % ± ([\d.]+) %/.exec(v);
  if (m) return n(m[1]) - n(m[2]);
  m = /\([−+][\d.]+ % \[([−+][\d.]+) %/.exec(v);
  if (m) return n(m[1]);
  return 0;
}

describe('verdict never shows an impossible change', () => {
  const median = { unit: 'min', better: 'lower' as const, range: [0, null] as [number, null] };
  it('a median that fell to almost nothing: "faster by 100 % [98 %, 100 %]", not "± 2.2 %" (past −100 %)', () => {
    // issue 23 item 7: the reform's median clearance near zero against a baseline of 30 min
    const base = 30;
    const mean = -29.99;
    const half = 0.022 * base;
    const v = verdict(median, { mean, ci95: [mean - half, mean + half], baseMean: base, n: 5 });
    expect(v).toBe('faster by 100 % [98 %, 100 %]');
    expect(v).not.toContain('±');
  });
  it('a share cannot rise past 100 %: the upper bound is cut at 1 − baseline', () => {
    const recall = { unit: 'share', better: 'higher' as const, range: [0, 1] as [number, number] };
    // baseline 0.5, policy near 1: +98 % ± 6 % would claim a recall of 1.03
    expect(verdict(recall, { mean: 0.49, ci95: [0.46, 0.52], baseMean: 0.5, n: 5 })).toBe('higher by 98 % [92 %, 100 %] (better)');
  });
  it('an interval inside the range keeps its "± h" form', () => {
    expect(verdict(median, { mean: -10, ci95: [-12, -8], baseMean: 30, n: 5 })).toBe('faster by 33 % ± 6.7 %');
  });
  it('property: for a non-negative metric, no change is ever told as a fall of more than 100 %', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (base, keep, halfRel) => {
        // a policy mean between 0 and the baseline, any interval width
        const mean = base * keep - base;
        const half = halfRel * base;
        for (const def of [median, { unit: 'RMB', better: 'higher' as const }, { unit: 'count', better: null }]) {
          const v = verdict(def, { mean, ci95: [mean - half, mean + half], baseMean: base, n: 4 });
          // the lowest change the words state or imply (rounded to a whole per cent above 10 %: half a point of slack)
          expect(lowestChange(v), v).toBeGreaterThanOrEqual(-100.6);
        }
      }),
    );
  });
});

describe('printed intervals (ctwin compare)', () => {
  it('revenue recovered: "51,127,330 [0, 108,299,114]", not "± 57,171,784" reaching below zero', () => {
    const m = { mean: 51_127_330, ci95: [51_127_330 - 57_171_784, 51_127_330 + 57_171_784] as [number, number], sd: 0, n: 5 };
    expect(formatStat(m, 'RMB')).toBe('51,127,330 [0, 108,299,114]');
  });
  it('a share near 1 is cut at 1; an interval inside the range stays "mean ±h"', () => {
    expect(formatStat({ mean: 0.98, ci95: [0.93, 1.03], sd: 0, n: 5 }, 'share')).toBe('0.980 [0.930, 1.000]');
    expect(formatStat({ mean: 42, ci95: [40, 44], sd: 0, n: 5 }, 'min')).toBe('42.0 ±2.0');
    // a metric with no known range is printed as computed
    expect(formatStat({ mean: 1, ci95: [-1, 3], sd: 0, n: 5 }, 'index')).toBe('1.0 ±2.0');
  });
});
