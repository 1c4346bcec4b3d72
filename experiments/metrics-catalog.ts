/**
 * The scalar metrics an experiment compares, per scenario family: one name, label, unit and
 * direction each, and how to read it from a run's summary. Experiments, reports, CI assertions and
 * the runs store all use these keys, so a metric means the same thing everywhere.
 */
import type { PortMetricsSummary } from '../reports/port-metrics.js';
import type { GateMetricsSummary } from '../reports/gate-metrics.js';
import { ROLES } from '../sim/supervision/vocabulary.js';
import type { MetricDef } from './types.js';

type Def<S> = MetricDef & { read: (s: S) => number };

const def = <S>(key: string, label: string, unit: string, better: MetricDef['better'], group: string, read: (s: S) => number, headline = false): Def<S> => ({
  key,
  label,
  unit,
  better,
  group,
  headline,
  read,
});

const STAGE_LABELS: Record<string, string> = {
  arrival_to_lodged: 'arrival → lodged',
  lodged_to_decision: 'lodged → decision',
  decision_to_release: 'decision → release',
  release_to_exit: 'release → exit',
};

type P = PortMetricsSummary;

export const PORT_METRICS: readonly Def<P>[] = [
  def<P>('clearance_mean_min', 'Clearance time, mean', 'min', 'lower', 'clearance', (s) => s.clearance_min.mean, true),
  def<P>('clearance_p50_min', 'Clearance time, median', 'min', 'lower', 'clearance', (s) => s.clearance_min.p50),
  def<P>('clearance_p90_min', 'Clearance time, p90', 'min', 'lower', 'clearance', (s) => s.clearance_min.p90),
  def<P>('clearance_p95_min', 'Clearance time, p95', 'min', 'lower', 'clearance', (s) => s.clearance_min.p95, true),
  def<P>('clearance_p99_min', 'Clearance time, p99', 'min', 'lower', 'clearance', (s) => s.clearance_min.p99),
  ...Object.entries(STAGE_LABELS).map(([k, label]) =>
    def<P>(`stage_${k}_min`, `Stage ${label}, mean`, 'min', 'lower', 'stages', (s) => s.stages_min[k as keyof P['stages_min']].mean),
  ),
  def<P>('recall', 'Recall (violations caught at clearance)', 'share', 'higher', 'detection', (s) => s.detection.recall, true),
  def<P>('hit_rate', 'Hit rate (inspections that found one)', 'share', 'higher', 'detection', (s) => s.detection.hit_rate, true),
  def<P>('inspection_rate', 'Inspection rate (any check)', 'share', null, 'detection', (s) => s.detection.inspection_rate, true),
  def<P>('scan_or_physical_rate', 'Scanned or opened', 'share', null, 'detection', (s) => s.detection.scan_or_physical.rate),
  def<P>('random_hit_rate', 'Hit rate, random selection', 'share', 'higher', 'detection', (s) => s.detection.random_hit_rate),
  def<P>('targeted_hit_rate', 'Hit rate, targeted selection', 'share', 'higher', 'detection', (s) => s.detection.targeted_hit_rate),
  def<P>('recall_with_audit', 'Recall with post-clearance audit', 'share', 'higher', 'detection', (s) => s.detection.audit.recall_with_audit),
  def<P>('caught', 'Violations caught at clearance', 'count', 'higher', 'detection', (s) => s.detection.caught_at_clearance),
  def<P>('violations', 'Violations (hidden truth)', 'count', null, 'detection', (s) => s.detection.violations),
  def<P>('false_alarms', 'Containers opened without a violation', 'count', 'lower', 'detection', (s) => s.detection.false_alarms),
  def<P>('revenue_recovered', 'Revenue recovered at clearance', 'RMB', 'higher', 'detection', (s) => s.detection.revenue_recovered, true),
  def<P>('revenue_recovered_share', 'Revenue recovered, share of revenue at stake', 'share', 'higher', 'detection', (s) =>
    s.detection.revenue_at_stake > 0 ? s.detection.revenue_recovered / s.detection.revenue_at_stake : NaN,
  ),
  def<P>('gate_pass_mean_s', 'Gate pass, mean', 's', 'lower', 'gate', (s) => s.gate_pass_s.mean, true),
  def<P>('gate_pass_p95_s', 'Gate pass, p95', 's', 'lower', 'gate', (s) => s.gate_pass_s.p95),
  def<P>('gate_wait_mean_s', 'Wait for a gate lane, mean', 's', 'lower', 'gate', (s) => s.gate_wait_s.mean),
  def<P>('officer_utilisation', 'Officer utilisation, all roles', 'share', null, 'resources', (s) => s.officers.utilisation, true),
  ...ROLES.map((r) => def<P>(`utilisation_${r}`, `Utilisation, ${r.replace('_', ' ')}`, 'share', null, 'resources', (s) => s.utilisation[r] ?? NaN)),
  def<P>('consignments', 'Consignments counted', 'count', null, 'volume', (s) => s.consignments.counted),
  def<P>('in_system_at_end', 'Still in the port when the run ended', 'count', 'lower', 'volume', (s) => s.consignments.in_system),
  def<P>('trucks_in_port_mean', 'Trucks in the port, time-average', 'count', 'lower', 'volume', (s) => s.little.l_measured),
];

type G = GateMetricsSummary;

export const GATE_METRICS: readonly Def<G>[] = [
  def<G>('wait_in_queue_mean_s', 'Wait in queue, mean', 's', 'lower', 'gate', (s) => s.wait_in_queue_s.mean, true),
  def<G>('wait_in_queue_p95_s', 'Wait in queue, p95', 's', 'lower', 'gate', (s) => s.wait_in_queue_s.p95, true),
  def<G>('time_in_system_mean_s', 'Time at the gate, mean', 's', 'lower', 'gate', (s) => s.time_in_system_s.mean, true),
  def<G>('queue_length_mean', 'Queue length, time-average', 'count', 'lower', 'gate', (s) => s.queue_length.mean),
  def<G>('lane_utilisation', 'Lane utilisation', 'share', null, 'resources', (s) => s.lanes.utilisation, true),
  def<G>('trucks', 'Trucks counted', 'count', null, 'volume', (s) => s.trucks.counted),
  def<G>('little_rel_diff', "Little's law, relative gap", 'share', 'lower', 'volume', (s) => s.little.rel_diff),
];

export type Family = 'port' | 'gate';

/** The catalogue without its readers: what travels in reports and JSON. */
export function metricCatalog(family: Family): MetricDef[] {
  return (family === 'port' ? PORT_METRICS : GATE_METRICS).map(({ read: _read, ...d }) => d);
}

export function readPortMetrics(s: PortMetricsSummary): Record<string, number> {
  return Object.fromEntries(PORT_METRICS.map((d) => [d.key, d.read(s)]));
}

export function readGateMetrics(s: GateMetricsSummary): Record<string, number> {
  return Object.fromEntries(GATE_METRICS.map((d) => [d.key, d.read(s)]));
}
