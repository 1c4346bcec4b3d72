/**
 * `ctwin run <zone scenario>`: every policy of a processing-trade zone (or those chosen with
 * `--policy`) on the same seed over the horizon, one event stream per policy and one summary.json
 * (run-policies.ts does the files). Prints the policies side by side.
 */
import type { ZoneScenario } from '../../scenarios/zone-schema.js';
import { zoneConfigFor } from '../../scenarios/zone-config.js';
import { runZone } from '../../runner/run-zone.js';
import type { ZoneMetricsSummary } from '../../reports/zone-metrics.js';
import { zoneReplication } from '../../experiments/replication.js';
import { selectPolicies } from './policies.js';
import type { RunOptions } from './run.js';
import { runPoliciesCommand, type PoliciesSummary } from './run-policies.js';
import { formatZoneSummary } from './run-zone-format.js';

export interface ZonePolicySummary {
  name: string;
  description?: string;
  metrics: ZoneMetricsSummary;
  counts: { events_processed: number; events_emitted: number };
}

export type ZoneSummary = PoliciesSummary<ZonePolicySummary, { family: 'zone'; days: number; enterprises: number }>;

export function runZoneCommand(scenario: ZoneScenario, opts: RunOptions): number {
  const names = selectPolicies(scenario, opts.policy);
  const configs = new Map(names.map((name) => [name, zoneConfigFor(scenario, name)]));
  return runPoliciesCommand(
    {
      scenario,
      names,
      header: { family: 'zone' as const, days: scenario.horizon.days, enterprises: scenario.population.enterprises },
      runOne: (name, seed, sink, onProgress) => {
        const config = configs.get(name)!;
        const r = runZone(config, { seed, engine: opts.engine, sink, onProgress });
        return {
          summary: {
            name,
            ...(config.policy.description !== undefined ? { description: config.policy.description } : {}),
            metrics: r.metrics,
            counts: { events_processed: r.events, events_emitted: r.emits },
          },
          replication: zoneReplication(name, seed, r.metrics),
        };
      },
      format: formatZoneSummary,
    },
    opts,
  );
}
