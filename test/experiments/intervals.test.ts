/**
 * Intervals a planner can defend: a share is pooled from its counts, money never gets a negative
 * bound, a relative change never passes −100 %, and the bootstrap gives the same numbers every time.
 */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../experiments/aggregate.js';
import { metricCatalog } from '../../experiments/metrics-catalog.js';
import { bootstrapMean, fiellerRatio, pairedEstimate, pooledShare, tMean } from '../../experiments/intervals.js';
import { metricStat } from '../../experiments/estimate.js';
import type { ReplicationResult } from '../../reports/experiment-results.js';

const catalog = metricCatalog('port');
const def = (k: string) => catalog.find((d) => d.key === k)!;

/** Port replications with only the metrics under test set (the rest NaN). */
function reps(policy: string, rows: { hit: [number, number]; rev: number }[]): ReplicationResult[] {
  return rows.map((r, i) => ({
    policy,
    seed: i + 1,
    metrics: { ...Object.fromEntries(catalog.map((d) => [d.key, NaN])), hit_rate: r.hit[1] > 0 ? r.hit[0] / r.hit[1] : NaN, revenue_recovered_rmb: r.rev },
    parts: { hit_rate: r.hit },
    charts: {},
  }));
}

const input = (results: ReplicationResult[][]) => ({
  kind: 'compare' as const, scenario: 's', scenario_hash: 'h', family: 'port' as const, version: 't', seeds: [1, 2, 3, 4, 5],
  policies: [{ name: 'base' }, { name: 'new' }], catalog, results,
});

describe('each metric by its own estimator', () => {
  it('the catalogue names one for every metric: hit rates pooled, money on the log scale, waits by bootstrap', () => {
    expect(def('hit_rate').estimator).toBe('ratio');
    expect(def('recall').estimator).toBe('ratio');
    expect(def('check_rate').estimator).toBe('ratio');
    expect(def('revenue_recovered_rmb').estimator).toBe('log');
    expect(def('clearance_p95_min').estimator).toBe('bootstrap');
    expect(def('officer_utilisation').estimator).toBe('t');
    for (const f of ['port', 'gate', 'zone', 'network'] as const) for (const d of metricCatalog(f)) expect(d.estimator, d.key).toMatch(/^(t|bootstrap|log|ratio)$/);
  });

  it('a hit rate is the pooled counts (21 hits in 903 checks), not the mean of per-replication rates', () => {
    const base = reps('base', [{ hit: [1, 300], rev: 1 }, { hit: [10, 100], rev: 1 }, { hit: [5, 200], rev: 1 }, { hit: [2, 150], rev: 1 }, { hit: [3, 153], rev: 1 }]);
    const r = aggregate(input([base, base.map((x) => ({ ...x, policy: 'new' }))]));
    const m = r.policies[0].metrics.hit_rate;
    expect(m.mean).toBeCloseTo(21 / 903, 12);
    // the old mean of rates: (1/300 + 10/100 + 5/200 + 2/150 + 3/153) / 5 = 0.0322
    expect(m.mean).not.toBeCloseTo(0.0322, 3);
    expect(m.ci95[0]).toBeGreaterThan(0);
    expect(m.ci95[1]).toBeLessThan(1);
    expect(m.ci95[0]).toBeLessThan(m.mean);
    expect(m.ci95[1]).toBeGreaterThan(m.mean);
  });

  it('revenue: a heavily skewed amount never gets a negative bound, and its relative change stays above −100 %', () => {
    // the case: one large seizure dominates; a t-interval went to 51,127,330 ± 57,171,784
    const base = reps('base', [{ hit: [1, 9], rev: 2e6 }, { hit: [1, 9], rev: 3e6 }, { hit: [1, 9], rev: 210e6 }, { hit: [1, 9], rev: 1e6 }, { hit: [1, 9], rev: 40e6 }]);
    const pol = reps('new', [{ hit: [1, 9], rev: 1e6 }, { hit: [1, 9], rev: 2e6 }, { hit: [1, 9], rev: 5e6 }, { hit: [1, 9], rev: 1e6 }, { hit: [1, 9], rev: 3e6 }]);
    expect(tMean(base.map((x) => x.metrics.revenue_recovered_rmb)).ci95[0]).toBeLessThan(0);
    const r = aggregate(input([base, pol]));
    expect(r.policies[0].metrics.revenue_recovered_rmb.ci95[0]).toBeGreaterThan(0);
    const d = r.differences.find((x) => x.metric === 'revenue_recovered_rmb')!;
    expect(d.relative_ci95[0]).toBeGreaterThan(-1);
    expect(d.relative_ci95[1]).toBeGreaterThan(d.relative_ci95[0]);
    expect(d.relative).toBeGreaterThan(-1);
    // the old relative interval: the difference's t-interval over the baseline mean
    expect(tMean(pol.map((x, i) => x.metrics.revenue_recovered_rmb - base[i].metrics.revenue_recovered_rmb)).ci95[0] / 51.2e6).toBeLessThan(-1);
    expect(d.verdict).not.toMatch(/1\d\d %/);
  });

  it('the bootstrap is deterministic: the same values give the same interval, whatever ran before', () => {
    const xs = [3, 5, 4, 12, 6, 7, 30, 4];
    const a = bootstrapMean(xs, 'clearance_p95_min');
    bootstrapMean([1, 2, 3], 'other');
    expect(bootstrapMean(xs, 'clearance_p95_min')).toEqual(a);
    expect(a.ci95[0]).toBeGreaterThan(0);
    expect(a.ci95[1] - a.mean).toBeGreaterThan(a.mean - a.ci95[0]);
  });

  it("Fieller's ratio interval holds the ratio of means and excludes 1 exactly when the paired t-interval excludes 0", () => {
    const b = [10, 12, 9, 11, 10, 13];
    const a = [8, 10, 8, 9, 9, 10];
    const [lo, hi] = fiellerRatio(a, b);
    const ratio = a.reduce((x, y) => x + y) / b.reduce((x, y) => x + y);
    expect(lo).toBeLessThan(ratio);
    expect(hi).toBeGreaterThan(ratio);
    expect(hi).toBeLessThan(1);
    const e = pairedEstimate('t', 'x', a, b);
    expect(e.ci95[1]).toBeLessThan(0);
    expect(e.relative_ci95).toEqual([lo - 1, hi - 1]);
  });

  it('a share of 0 over all replications gets a Wilson interval, not a point', () => {
    const s = pooledShare([0, 0, 0], [100, 120, 90]);
    expect(s.mean).toBe(0);
    expect(s.ci95[0]).toBe(0);
    expect(s.ci95[1]).toBeGreaterThan(0.005);
    expect(s.ci95[1]).toBeLessThan(0.02);
  });

  it('no non-negative metric gets a negative bound: a small count with zeros meets 0, an all-positive one goes to the log scale', () => {
    const caught = def('caught');
    expect(caught.estimator).toBe('t');
    const withZeros = [0, 0, 1, 0, 5].map((v, i) => ({ metrics: { caught: v }, seed: i }));
    expect(tMean([0, 0, 1, 0, 5]).ci95[0]).toBeLessThan(0);
    const a = metricStat(caught, withZeros);
    expect(a.ci95[0]).toBe(0);
    expect(a.ci95[1]).toBeCloseTo(tMean([0, 0, 1, 0, 5]).ci95[1], 12);
    const positive = [1, 1, 2, 1, 30].map((v, i) => ({ metrics: { caught: v }, seed: i }));
    const b = metricStat(caught, positive);
    expect(b.ci95[0]).toBeGreaterThan(0);
    expect(b.mean).toBeCloseTo(7, 12);
  });
});
