/**
 * `ctwin run <zone scenario>`: every policy of a processing-trade zone (or those chosen with
 * `--policy`) on the same seed over the horizon, one event stream per policy and one summary.json
 * (run-policies.ts does the files). Prints the policies side by side.
 */
import type { ZoneScenario } from '../../scenarios/zone-schema.js';
import { zoneConfigFor } from '../../scenarios/zone-config.js';
import { zoneRunSteps } from '../../runner/run-zone.js';
import type { ZoneMetricsSummary } from '../../reports/zone-metrics.js';
import { zoneReplication } from '../../experiments/replication.js';
import type { RunOptions } from './run.js';
import { runMetricsPoliciesCommand, type MetricsPolicySummary, type PoliciesSummary } from './run-policies.js';
import { formatZoneSummary } from './run-zone-format.js';

export type ZonePolicySummary = MetricsPolicySummary<ZoneMetricsSummary>;
export type ZoneSummary = PoliciesSummary<ZonePolicySummary, { family: 'zone'; days: number; enterprises: number }>;

export function runZoneCommand(scenario: ZoneScenario, opts: RunOptions): Promise<number> {
  return runMetricsPoliciesCommand(
    {
      scenario,
      header: { family: 'zone' as const, days: scenario.horizon.days, enterprises: scenario.population.enterprises },
      configFor: (name) => zoneConfigFor(scenario, name),
      run: zoneRunSteps,
      replication: zoneReplication,
      format: formatZoneSummary,
    },
    opts,
  );
}
