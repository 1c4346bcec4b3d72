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
import type { ComparisonReport } from '../reports/experiment-results.js';

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
  const tasks: ReplicationTask[] = names.flatMap((policy) => o.seeds.map((seed) => ({ scenario: o.scenario, policy, seed })));
  const flat = await runReplications(tasks, o.backend ?? { kind: 'local', workers: o.workers }, o.onProgress);
  const results = names.map((_, p) => flat.slice(p * o.seeds.length, (p + 1) * o.seeds.length));
  const family = familyOf(o.scenario);
  return aggregate({
    kind: 'compare',
    scenario: o.scenario.name,
    scenario_hash: scenarioHash(o.scenario),
    family,
    version: o.version,
    seeds: o.seeds,
    policies: describePolicies(o.scenario, names),
    catalog: metricCatalog(family),
    results,
    theory: theoryOf(o.scenario),
  });
}
