/**
 * From replications to a comparison: each metric's mean with its interval per policy, and each
 * policy against the first (the baseline), paired by seed. The result depends only on the
 * replications and their order (policy order, then seed order), never on which worker ran what.
 */
import { meanInterval } from './stats.js';
import { metricStat, metricDifference } from './estimate.js';
import { tradeoffs } from './tradeoffs.js';
import { isSignificant, verdict } from './verdict.js';
import type { ComparisonReport, Difference, MetricDef, MetricStat, PolicyResult, ReplicationResult } from '../reports/experiment-results.js';

export interface AggregateInput {
  kind: ComparisonReport['kind'];
  scenario: string;
  scenario_hash: string;
  family: ComparisonReport['family'];
  version: string;
  seeds: number[];
  policies: { name: string; description?: string }[];
  catalog: MetricDef[];
  /** results[p][s]: policy p (in `policies` order) on seed s (in `seeds` order) */
  results: ReplicationResult[][];
  theory?: Record<string, number>;
}

export function aggregate(inp: AggregateInput): ComparisonReport {
  const policies: PolicyResult[] = inp.policies.map((p, i) => policyResult(p, inp.results[i], inp.seeds, inp.catalog));
  const differences: Difference[] = [];
  const base = inp.policies[0];
  for (let i = 1; i < inp.policies.length; i++) {
    for (const def of inp.catalog) {
      const d = metricDifference(def, inp.results[i], inp.results[0]);
      const facts = { ...d, relative_ci95: d.relative_ci95 };
      differences.push({
        policy: inp.policies[i].name,
        vs: base.name,
        metric: def.key,
        mean: d.mean,
        ci95: d.ci95,
        ci95_unpaired: d.ci95_unpaired,
        relative: d.relative,
        relative_ci95: d.relative_ci95,
        significant: isSignificant(facts),
        verdict: verdict(def, facts),
        n: d.n,
        base_mean: d.baseMean,
      });
    }
  }
  const summed = tradeoffs(inp.catalog, policies);
  return {
    schema: 'customs-twin.compare/1',
    kind: inp.kind,
    scenario: inp.scenario,
    scenario_hash: inp.scenario_hash,
    family: inp.family,
    version: inp.version,
    seeds: inp.seeds,
    replications: inp.seeds.length,
    metrics_catalog: inp.catalog,
    policies,
    differences,
    ...(inp.theory ? { theory: inp.theory } : {}),
    ...(summed ? { tradeoffs: summed } : {}),
  };
}

function policyResult(p: { name: string; description?: string }, reps: ReplicationResult[], seeds: number[], catalog: MetricDef[]): PolicyResult {
  reps.forEach((r, s) => {
    if (r.policy !== p.name || r.seed !== seeds[s]) throw new Error(`aggregate: expected ${p.name} on seed ${seeds[s]}, got ${r.policy} on seed ${r.seed}`);
  });
  const metrics: Record<string, MetricStat> = {};
  for (const def of catalog) metrics[def.key] = metricStat(def, reps);
  return {
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    metrics,
    replications: reps.map((r) => ({ seed: r.seed, metrics: r.metrics, ...(r.parts ? { parts: r.parts } : {}) })),
    charts: charts(reps),
  };
}

function charts(reps: ReplicationResult[]): PolicyResult['charts'] {
  const out: PolicyResult['charts'] = {};
  const hists = reps.map((r) => r.charts.clearance_hist).filter((h) => h !== undefined);
  if (hists.length > 0) {
    const counts = hists[0].edges_min.map((_, i) => hists.reduce((s, h) => s + h.counts[i], 0));
    out.clearance_hist = { edges_min: hists[0].edges_min, counts };
  }
  const byKey = (pick: (r: ReplicationResult) => Record<string, number> | undefined) => {
    const maps = reps.map(pick);
    if (maps.some((m) => m === undefined)) return undefined;
    const keys = [...new Set(maps.flatMap((m) => Object.keys(m!)))];
    return Object.fromEntries(keys.map((k) => [k, meanInterval(maps.map((m) => m![k] ?? NaN))]));
  };
  const stages = byKey((r) => r.charts.stages_min);
  if (stages) out.stages_min = stages;
  const util = byKey((r) => r.charts.utilisation);
  if (util) out.utilisation = util;
  const qs = reps.map((r) => r.charts.queues_over_time).filter((q) => q !== undefined);
  if (qs.length === reps.length && qs.length > 0) {
    // the same sampling times in every replication (the site samples on a fixed clock); average pointwise
    const len = Math.min(...qs.map((q) => q.t_h.length));
    const names = Object.keys(qs[0].series);
    out.queues_over_time = {
      t_h: qs[0].t_h.slice(0, len),
      series: Object.fromEntries(names.map((n) => [n, Array.from({ length: len }, (_, i) => qs.reduce((s, q) => s + (q.series[n]?.[i] ?? 0), 0) / qs.length)])),
    };
  }
  return out;
}
