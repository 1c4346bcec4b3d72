/**
 * One replication: one policy of a scenario on one seed, run to its end, reduced to the catalogue's
 * scalars and the report's chart data. Pure given its task (no files, no clock), so it can run in
 * any worker thread and give the same numbers, bit for bit.
 */
import type { Scenario } from '../scenarios/schema.js';
import { portConfigFor, portPolicyNames } from '../scenarios/port-config.js';
import { gateSiteConfig, mmcParameters, runHorizon } from '../scenarios/gate-config.js';
import { runPort } from '../runner/run-port.js';
import { runGate } from '../runner/run-gate.js';
import { mmc } from '../sim/kernel/erlang.js';
import { readGateMetrics, readNetworkMetrics, readNetworkParts, readPortMetrics, readPortParts, readZoneMetrics, readZoneParts, type Family } from './metrics-catalog.js';
import { zoneConfigFor, zonePolicyNames } from '../scenarios/zone-config.js';
import { runZone } from '../runner/run-zone.js';
import type { ZoneMetricsSummary } from '../reports/zone-metrics.js';
import { networkConfigFor, networkPolicyNames } from '../scenarios/network-config.js';
import { runNetwork } from '../runner/run-network.js';
import type { NetworkMetricsSummary } from '../reports/network-metrics.js';
import type { ReplicationResult } from '../reports/experiment-results.js';
import type { PortMetricsSummary } from '../reports/port-metrics.js';
import type { GateMetricsSummary } from '../reports/gate-metrics.js';

/** The single "policy" of a gate scenario, which has none of its own. */
export const GATE_POLICY = 'as-is';

export interface ReplicationTask {
  /** a validated scenario (plain data: it crosses to worker threads by structured clone) */
  scenario: Scenario;
  policy: string;
  seed: number;
}

export function familyOf(s: Scenario): Family {
  return s.kind;
}

export function policyNames(s: Scenario): string[] {
  return s.kind === 'port' ? portPolicyNames(s) : s.kind === 'zone' ? zonePolicyNames(s) : s.kind === 'network' ? networkPolicyNames(s) : [GATE_POLICY];
}

export function runReplication(task: ReplicationTask): ReplicationResult {
  const { scenario, policy, seed } = task;
  if (scenario.kind === 'port') {
    const r = runPort(portConfigFor(scenario, policy), { seed });
    return portReplication(policy, seed, r.metrics!);
  }
  if (scenario.kind === 'zone') return zoneReplication(policy, seed, runZone(zoneConfigFor(scenario, policy), { seed }).metrics);
  if (scenario.kind === 'network') return networkReplication(policy, seed, runNetwork(networkConfigFor(scenario, policy), { seed }).metrics);
  if (policy !== GATE_POLICY) throw new Error(`gate scenario '${scenario.name}' has no policy '${policy}'`);
  const h = runHorizon(scenario);
  const r = runGate(gateSiteConfig(scenario), { seed, warmupS: h.warmupS, endS: h.endS });
  return gateReplication(seed, r.metrics);
}

/** A port run's summary as a replication (also used by `ctwin run`, which runs one seed). */
export function portReplication(policy: string, seed: number, m: PortMetricsSummary): ReplicationResult {
  return {
    policy,
    seed,
    metrics: readPortMetrics(m),
    parts: readPortParts(m),
    charts: {
      clearance_hist: m.clearance_hist,
      stages_min: Object.fromEntries(Object.entries(m.stages_min).map(([k, q]) => [k, q.mean])),
      utilisation: m.utilisation,
      queues_over_time: m.queues_over_time,
      little: { l: m.little.l_measured, lambda_w: m.little.lambda_w },
    },
  };
}

export function zoneReplication(policy: string, seed: number, m: ZoneMetricsSummary): ReplicationResult {
  return { policy, seed, metrics: readZoneMetrics(m), parts: readZoneParts(m), charts: {} };
}

export function networkReplication(policy: string, seed: number, m: NetworkMetricsSummary): ReplicationResult {
  return { policy, seed, metrics: readNetworkMetrics(m), parts: readNetworkParts(m), charts: {} };
}

export function gateReplication(seed: number, m: GateMetricsSummary): ReplicationResult {
  return { policy: GATE_POLICY, seed, metrics: readGateMetrics(m), charts: {
      utilisation: { lanes: m.lanes.utilisation },
      queues_over_time: { t_h: m.queue_over_time.t_h, series: { gate: m.queue_over_time.queue } },
      little: { l: m.little.lq, lambda_w: m.little.lambda_wq },
    },
  };
}

/** True values a scenario's metrics should centre on, when queueing theory gives them. */
export function theoryOf(s: Scenario): Record<string, number> | undefined {
  if (s.kind !== 'gate') return undefined;
  const p = mmcParameters(s);
  if (!p) return undefined;
  const m = mmc(p.lambda, p.mu, p.c);
  return { wait_in_queue_mean_s: m.Wq, time_in_system_mean_s: m.W, queue_length_mean: m.Lq, lane_utilisation: m.rho };
}
