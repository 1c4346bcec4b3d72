/**
 * A comparison: every chosen policy of a scenario on the same seeds (common random numbers: the
 * same trucks, cargo and violations under each policy), replications spread over workers, then
 * aggregated into means, intervals and paired differences against the first policy.
 */
import type { Scenario } from '../scenarios/schema.js';
import { scenarioHash } from '../scenarios/loader.js';
import { metricCatalog } from './metrics-catalog.js';
import { familyOf, policyNames, theoryOf, type ReplicationTask } from './replication.js';
import { runReplications, type Backend } from './backend.js';
import { aggregate } from './aggregate.js';
import { steadyState, type SteadyState } from './steady-state.js';
import type { ComparisonReport, ReplicationResult } from '../reports/experiment-results.js';

export interface CompareOptions {
  scenario: Scenario;
  /** policy names in the order to report them, the first being the baseline (default: all, in file order) */
  policies?: string[];
  seeds: number[];
  workers: number;
  /** where the replications run (default: `workers` threads here) */
  backend?: Backend;
  version: string;
  onProgress?: (done: number, total: number) => void;
}

/** Seeds S, S+1, … S+R−1: replication r of every policy runs on the same seed. */
export function seedList(first: number, replications: number): number[] {
  return Array.from({ length: replications }, (_, i) => first + i);
}

export function describePolicies(s: Scenario, names: string[]): { name: string; description?: string }[] {
  if (s.kind === 'gate') return names.map((name) => ({ name }));
  return names.map((name) => {
    const d = s.policies.find((p) => p.name === name)?.description;
    return d !== undefined ? { name, description: d } : { name };
  });
}

export async function runComparison(o: CompareOptions): Promise<ComparisonReport> {
  const names = o.policies ?? policyNames(o.scenario);
  const results = await runResults(o, names, o.seeds, o.onProgress);
  return comparisonOf(o, names, o.seeds, results);
}

/** results[p][s]: every policy on every seed given, in that order. */
export async function runResults(o: CompareOptions, names: string[], seeds: number[], onProgress?: (done: number, total: number) => void): Promise<ReplicationResult[][]> {
  const tasks: ReplicationTask[] = names.flatMap((policy) => seeds.map((seed) => ({ scenario: o.scenario, policy, seed })));
  const flat = await runReplications(tasks, o.backend ?? { kind: 'local', workers: o.workers }, onProgress);
  return names.map((_, p) => flat.slice(p * seeds.length, (p + 1) * seeds.length));
}

/** The comparison of results already run (results[p][s] for policy p on seeds[s]). */
export function comparisonOf(o: Pick<CompareOptions, 'scenario' | 'version'>, names: string[], seeds: number[], results: ReplicationResult[][], only?: readonly string[]): ComparisonReport {
  const family = familyOf(o.scenario);
  // `only`: a check between rounds of --precision needs just those metrics (no steady-state checks either)
  const catalog = metricCatalog(family).filter((d) => only === undefined || only.includes(d.key));
  const report = aggregate({
    kind: 'compare',
    scenario: o.scenario.name,
    scenario_hash: scenarioHash(o.scenario),
    family,
    version: o.version,
    seeds,
    policies: describePolicies(o.scenario, names),
    catalog,
    results,
    theory: theoryOf(o.scenario),
  });
  if (only === undefined) report.steady_state = steadyStateOf(o.scenario, names, results);
  return report;
}

/** The steady-state checks of a comparison: the scenario's horizon and warm-up, daily batches for a port (its demand has a daily profile). */
export function steadyStateOf(s: Scenario, names: string[], results: ReplicationResult[][]): SteadyState {
  // zone and network horizons count days and hold no queue series
  const h: { hours?: number; warmup_hours?: number; transient?: boolean } = 'days' in s.horizon ? {} : s.horizon;
  const last = Math.max(0, ...results.flatMap((rs) => rs.map((r) => r.charts.queues_over_time?.t_h.at(-1) ?? 0)));
  return steadyState({
    warmupH: h.warmup_hours ?? 0,
    horizonH: h.hours ?? last,
    ...(s.kind === 'port' ? { cycleH: 24 } : {}),
    transient: h.transient === true,
    policies: names.map((name, p) => ({ name, charts: results[p].map((r) => r.charts) })),
  });
}
