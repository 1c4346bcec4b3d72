/**
 * `ctwin run <network scenario>`: every clearance policy of a road network (or those chosen with
 * `--policy`) on the same seed over the horizon, one event stream per policy and one summary.json
 * (run-policies.ts does the files). Prints the policies side by side.
 */
import type { NetworkScenario } from '../../scenarios/network-schema.js';
import { networkConfigFor } from '../../scenarios/network-config.js';
import { networkRunSteps } from '../../runner/run-network.js';
import type { NetworkMetricsSummary } from '../../reports/network-metrics.js';
import { networkReplication } from '../../experiments/replication.js';
import type { RunOptions } from './run.js';
import { runMetricsPoliciesCommand, type MetricsPolicySummary, type PoliciesSummary } from './run-policies.js';
import { formatNetworkSummary } from './run-network-format.js';

export type NetworkPolicySummary = MetricsPolicySummary<NetworkMetricsSummary>;
export type NetworkSummary = PoliciesSummary<NetworkPolicySummary, { family: 'network'; days: number; flows: number }>;

export function runNetworkCommand(scenario: NetworkScenario, opts: RunOptions): Promise<number> {
  return runMetricsPoliciesCommand(
    {
      scenario,
      header: { family: 'network' as const, days: scenario.horizon.days, flows: scenario.demand.flows.length },
      configFor: (name) => networkConfigFor(scenario, name),
      run: networkRunSteps,
      replication: networkReplication,
      format: formatNetworkSummary,
    },
    opts,
  );
}
