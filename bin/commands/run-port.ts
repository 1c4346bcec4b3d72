/**
 * `ctwin run <port scenario>`: every policy (or those chosen with `--policy`) on the same seed,
 * one event stream per policy and one summary.json with each policy's metrics and site report
 * (run-policies.ts does the files). Prints a side-by-side table, or one JSON line with `--json`.
 */
import type { PortScenario } from '../../scenarios/port-schema.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { portRunSteps } from '../../runner/run-port.js';
import type { PortMetricsSummary } from '../../reports/port-metrics.js';
import type { SiteFinal, SiteReport } from '../../sim/agents/port-site.js';
import { selectPolicies } from './policies.js';
import { formatPortSummary } from './run-port-format.js';
import type { RunOptions } from './run.js';
import { portReplication } from '../../experiments/replication.js';
import { runPoliciesCommand, type PoliciesSummary } from './run-policies.js';

export interface PortPolicySummary {
  name: string;
  description?: string;
  /** simulated time at the end, after the drain (s) */
  end_s: number;
  metrics: PortMetricsSummary;
  /** the site's own report over the statistics window (resources, officers, risk table), without its stream `type` */
  site: Omit<SiteReport, 'type'>;
  /** counts when the run ended (after the drain), without its stream `type` */
  final: Omit<SiteFinal, 'type'>;
  counts: { consignments: number; events_processed: number; events_emitted: number };
}

export type PortSummary = PoliciesSummary<PortPolicySummary, { horizon_s: number | null; warmup_s: number }>;

export function runPortCommand(scenario: PortScenario, opts: RunOptions): Promise<number> {
  // validate everything before writing anything
  const names = selectPolicies(scenario, opts.policy);
  const configs = new Map(names.map((name) => [name, portConfigFor(scenario, name)]));
  const world = configs.get(names[0])!.world;
  return runPoliciesCommand(
    {
      scenario,
      names,
      header: { horizon_s: Number.isFinite(world.endS) ? world.endS : null, warmup_s: world.warmupS },
      runOne: function* (name, seed, sink, onProgress) {
        const config = configs.get(name)!;
        const r = yield* portRunSteps(config, { seed, engine: opts.engine, sink, onProgress });
        if (r.metrics === null) throw new Error(`policy '${name}': the run produced no metrics`);
        const { type: _type, ...site } = r.site;
        const { type: _ftype, ...final } = r.final;
        return {
          summary: {
            name,
            ...(config.policy.description !== undefined ? { description: config.policy.description } : {}),
            end_s: r.endS,
            metrics: r.metrics,
            site,
            final,
            counts: { consignments: r.consignments, events_processed: r.events, events_emitted: r.emits },
          },
          replication: portReplication(name, seed, r.metrics),
        };
      },
      format: formatPortSummary,
    },
    opts,
  );
}
