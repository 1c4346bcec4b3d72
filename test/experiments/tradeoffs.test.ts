/**
 * The trade-offs block a planner reads first: the best policy on clearance, detection and officer
 * hours, whether its lead is more than noise, and where the bests disagree.
 */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../experiments/aggregate.js';
import { metricCatalog } from '../../experiments/metrics-catalog.js';
import { tradeoffs } from '../../experiments/tradeoffs.js';
import type { MetricDef, PolicyResult, ReplicationResult } from '../../reports/experiment-results.js';
import { formatComparison } from '../../bin/commands/compare-format.js';

const CATALOG: MetricDef[] = [
  { key: 'clearance_mean_min', label: 'Clearance time, mean', unit: 'min', better: 'lower', headline: true, group: 'clearance', tradeoff: 'clearance' },
  { key: 'recall', label: 'Recall', unit: 'share', better: 'higher', headline: true, group: 'detection', tradeoff: 'detection' },
  { key: 'officer_hours_worked', label: 'Officer hours worked', unit: 'h', better: 'lower', headline: true, group: 'resources', tradeoff: 'officer_hours' },
];
const SEEDS = [1, 2, 3, 4];

/** Replications of one policy: a level per metric plus a per-seed wobble shared by every policy (common random numbers). */
function reps(name: string, level: Record<string, number>, noise = 0): ReplicationResult[] {
  return SEEDS.map((seed, i) => ({
    policy: name, seed, charts: {},
    metrics: Object.fromEntries(Object.entries(level).map(([k, v]) => [k, v * (1 + 0.05 * Math.sin(seed)) + noise * (i % 2 ? 1 : -1)])),
  }));
}

function report(levels: Record<string, Record<string, number>>, noise: Record<string, number> = {}) {
  const names = Object.keys(levels);
  return aggregate({
    kind: 'compare', scenario: 's', scenario_hash: 'h', family: 'port', version: 'test', seeds: SEEDS, catalog: CATALOG,
    policies: names.map((name) => ({ name })),
    results: names.map((n) => reps(n, levels[n], noise[n] ?? 0)),
  });
}

describe('trade-offs', () => {
  it('names the best policy per dimension and where they conflict: "fastest is X, but Y detects most"', () => {
    const r = report({
      baseline: { clearance_mean_min: 180, recall: 0.40, officer_hours_worked: 900 },
      reform: { clearance_mean_min: 60, recall: 0.55, officer_hours_worked: 700 },
      'random-control': { clearance_mean_min: 55, recall: 0.30, officer_hours_worked: 650 },
    });
    const t = r.tradeoffs!;
    expect(t.best.map((b) => [b.dimension, b.best, b.clear])).toEqual([
      ['clearance', ['random-control'], true],
      ['detection', ['reform'], true],
      ['officer_hours', ['random-control'], true],
    ]);
    expect(t.conflicts).toEqual([
      { a: 'clearance', b: 'detection', a_best: ['random-control'], b_best: ['reform'] },
      { a: 'detection', b: 'officer_hours', a_best: ['reform'], b_best: ['random-control'] },
    ]);
    expect(t.lines).toContain('conflict: fastest is random-control, but reform detects most');
    expect(t.lines).toContain('conflict: reform detects most, but random-control takes the fewest officer hours');
    expect(t.lines[0]).toMatch(/^clearance \(clearance time, mean, lower is better\): random-control, \d+\.\d min; next reform, \d+\.\d min \(clearly ahead\)$/);
    // the CLI prints the same block, at the top
    const text = formatComparison(r, { where: 'here', wallS: 1, files: [] });
    const lines = text.split('\n');
    const at = lines.indexOf('trade-offs, best by mean ("clearly": the paired 95 % interval of the lead excludes zero):');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith('mean ± half-width')));
    expect(lines).toContain('  conflict: fastest is random-control, but reform detects most');
  });

  it('says so when one policy is best on everything, and when a lead is inside the noise', () => {
    const r = report(
      { baseline: { clearance_mean_min: 180, recall: 0.40, officer_hours_worked: 900 }, reform: { clearance_mean_min: 179, recall: 0.55, officer_hours_worked: 700 } },
      { reform: 8 },
    );
    const t = r.tradeoffs!;
    expect(t.conflicts).toEqual([]);
    expect(t.best.find((b) => b.dimension === 'clearance')!.clear).toBe(false);
    expect(t.lines[0]).toMatch(/not clearly ahead: within the 95 % interval\)$/);
    expect(t.lines.at(-1)).toBe('no conflict: reform is best on clearance, detection, officer hours');
  });

  it('ties, missing values and one policy: no false winner', () => {
    const pol = (name: string, m: Record<string, number>): PolicyResult => ({
      name, charts: {}, replications: [{ seed: 1, metrics: m }],
      metrics: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { mean: v, ci95: [NaN, NaN] as [number, number], sd: NaN, n: 1 }])),
    });
    const t = tradeoffs(CATALOG, [pol('a', { clearance_mean_min: 10, recall: NaN, officer_hours_worked: 5 }), pol('b', { clearance_mean_min: 10, recall: 0.5, officer_hours_worked: 4 })])!;
    const clearance = t.best.find((b) => b.dimension === 'clearance')!;
    expect(clearance.best).toEqual(['a', 'b']);
    expect(t.lines[0]).toMatch(/a and b \(tied\), 10 min; every policy the same$/);
    // recall measured by one policy only: no detection winner
    expect(t.best.map((b) => b.dimension)).toEqual(['clearance', 'officer_hours']);
    expect(t.best[1].clear).toBeNull(); // one run: no interval
    expect(tradeoffs(CATALOG, [pol('a', { clearance_mean_min: 10 })])).toBeNull();
  });

  it('the catalogue names one metric per dimension for every family that measures it', () => {
    const dims = (f: 'port' | 'gate' | 'zone' | 'network') => metricCatalog(f).filter((d) => d.tradeoff).map((d) => [d.tradeoff, d.key]);
    expect(dims('port')).toEqual([['clearance', 'clearance_mean_min'], ['detection', 'recall'], ['officer_hours', 'officer_hours_worked']]);
    expect(dims('gate')).toEqual([['clearance', 'time_in_system_mean_s']]);
    expect(dims('network')).toEqual([['clearance', 'clearance_h_mean'], ['officer_hours', 'review_officer_h'], ['detection', 'misdeclaration_recall']]);
  });
});
