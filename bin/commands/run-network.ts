/**
 * `ctwin run <network scenario>`: every clearance policy of a road network (or those chosen with
 * `--policy`) on the same seed over the horizon, one event stream per policy and one summary.json
 * (run-policies.ts does the files). Prints the policies side by side.
 */
import type { NetworkScenario } from '../../scenarios/network-schema.js';
import { networkConfigFor } from '../../scenarios/network-config.js';
import { runNetwork } from '../../runner/run-network.js';
import type { NetworkMetricsSummary } from '../../reports/network-metrics.js';
import { networkReplication } from '../../experiments/replication.js';
import { selectPolicies } from './policies.js';
import type { RunOptions } from './run.js';
import { runPoliciesCommand, type PoliciesSummary } from './run-policies.js';
import { formatNetworkSummary } from './run-network-format.js';

export interface NetworkPolicySummary {
  name: string;
  description?: string;
  metrics: NetworkMetricsSummary;
  counts: { events_processed: number; events_emitted: number };
}

export type NetworkSummary = PoliciesSummary<NetworkPolicySummary, { family: 'network'; days: number; flows: number }>;

export function runNetworkCommand(scenario: NetworkScenario, opts: RunOptions): number {
  const names = selectPolicies(scenario, opts.policy);
  const configs = new Map(names.map((name) => [name, networkConfigFor(scenario, name)]));
  return runPoliciesCommand(
    {
      scenario,
      names,
      header: { family: 'network' as const, days: scenario.horizon.days, flows: scenario.demand.flows.length },
      runOne: (name, seed, sink, onProgress) => {
        const config = configs.get(name)!;
        const r = runNetwork(config, { seed, engine: opts.engine, sink, onProgress });
        return {
          summary: {
            name,
            ...(config.policy.description !== undefined ? { description: config.policy.description } : {}),
            metrics: r.metrics,
            counts: { events_processed: r.events, events_emitted: r.emits },
          },
          replication: networkReplication(name, seed, r.metrics),
        };
      },
      format: formatNetworkSummary,
    },
    opts,
  );
}
