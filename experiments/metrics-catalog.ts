/**
 * The scalar metrics an experiment compares, per scenario family: one name, label, unit and
 * direction each, and how to read it from a run's summary. Experiments, reports, CI assertions and
 * the runs store all use these keys, so a metric means the same thing everywhere.
 */
import type { PortMetricsSummary } from '../reports/port-metrics.js';
import type { GateMetricsSummary } from '../reports/gate-metrics.js';
import type { ZoneMetricsSummary } from '../reports/zone-metrics.js';
import type { NetworkMetricsSummary } from '../reports/network-metrics.js';
import { MECHANISMS, ROLES } from '../sim/supervision/vocabulary.js';
import type { MetricDef } from '../reports/experiment-results.js';

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

type Z = ZoneMetricsSummary;
const share = (a: number, b: number) => (b > 0 ? a / b : NaN);

export const ZONE_METRICS: readonly Def<Z>[] = [
  def<Z>('violations_detected_share', 'Bonded-goods violations caught', 'share', 'higher', 'detection', (s) => share(s.violations.detected, s.violations.count), true),
  def<Z>('detection_days_mean', 'Days from first act to case, mean (caught ones)', 'days', 'lower', 'detection', (s) => s.violations.detection_days_mean, true),
  def<Z>('exposure_days_mean', 'Days a violation ran, mean (to its case or the end)', 'days', 'lower', 'detection', (s) => s.violations.exposure_days_mean, true),
  ...MECHANISMS.map((m) => def<Z>(`caught_by_${m}`, `Caught by ${m.replace('_', '-')}`, 'count', null, 'detection', (s) => s.write_off.detection_by_mechanism[m])),
  def<Z>('violations', 'Violations (hidden truth)', 'count', null, 'detection', (s) => s.violations.count),
  def<Z>('revenue_at_stake', 'Revenue at stake (duty and VAT on undeclared units)', 'RMB', null, 'revenue', (s) => s.revenue.at_stake),
  def<Z>('revenue_lost', 'Revenue lost (at stake, not recovered)', 'RMB', 'lower', 'revenue', (s) => s.revenue.lost, true),
  def<Z>('revenue_protected_share', 'Revenue protected (recovered or prevented), share', 'share', 'higher', 'revenue', (s) => s.revenue.protected_share, true),
  def<Z>('revenue_prevented', 'Revenue prevented (schemes stopped)', 'RMB', 'higher', 'revenue', (s) => s.revenue.prevented),
  def<Z>('revenue_recovered', 'Revenue recovered', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered, true),
  def<Z>('revenue_recovered_share', 'Revenue recovered, share of revenue at stake', 'share', 'higher', 'revenue', (s) => share(s.revenue.recovered, s.revenue.at_stake), true),
  def<Z>('recovered_at_clearance', 'Recovered at the gate', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered_at_clearance),
  def<Z>('recovered_by_write_off', 'Recovered by verification and write-off', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered_by_write_off),
  def<Z>('recovered_by_audit', 'Recovered by audit', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered_by_audit),
  def<Z>('tax_collected', 'Duty and VAT paid on declared domestic sales', 'RMB', null, 'revenue', (s) => s.revenue.collected),
  def<Z>('write_off_cases', 'Cases opened by verification or write-off', 'count', null, 'books', (s) => s.write_off.cases),
  def<Z>('discrepancies_found', 'Checks that showed a discrepancy', 'count', null, 'books', (s) => s.write_off.discrepancies_found),
  def<Z>('false_cases', 'Cases with no violation behind them', 'count', 'lower', 'books', (s) => s.write_off.false_cases),
  def<Z>('change_wait_h_mean', "New model's import: wait for the book change, mean", 'h', 'lower', 'books', (s) => s.declarations.change_wait_h_mean, true),
  def<Z>('declaration_release_h_mean', 'Declaration to release, mean', 'h', 'lower', 'books', (s) => s.declarations.release_h_mean),
  def<Z>('enterprise_admin_hours', 'Enterprise hours on customs formalities', 'h', 'lower', 'enterprises', (s) => s.enterprise_admin_hours.total, true),
  def<Z>('admin_hours_per_enterprise', 'Enterprise hours per enterprise', 'h', 'lower', 'enterprises', (s) => s.enterprise_admin_hours.per_enterprise),
  def<Z>('credit_upgrades', 'Credit upgrades', 'count', null, 'enterprises', (s) => s.credit_transitions.up),
  def<Z>('credit_downgrades', 'Credit downgrades', 'count', null, 'enterprises', (s) => s.credit_transitions.down),
  def<Z>('audits', 'Post-clearance audits', 'count', null, 'enterprises', (s) => s.audits.calendar + s.audits.signal + s.audits.referral),
  def<Z>('output_lost_units', 'Products not made for want of materials', 'count', 'lower', 'enterprises', (s) => s.output_lost_units),
];

type N = NetworkMetricsSummary;
const perContainer = (s: N, d: 'import' | 'export', size: 'ft20' | 'ft40') => s.cost_rmb.transport_per_container[d][size].mean;

export const NETWORK_METRICS: readonly Def<N>[] = [
  def<N>('clearance_h_mean', 'Clearance (lodged to released), mean', 'h', 'lower', 'clearance', (s) => s.clearance_h.mean, true),
  def<N>('clearance_h_p50', 'Clearance, median', 'h', 'lower', 'clearance', (s) => s.clearance_h.p50, true),
  def<N>('clearance_h_p90', 'Clearance, p90', 'h', 'lower', 'clearance', (s) => s.clearance_h.p90, true),
  def<N>('clearance_export_h_mean', 'Clearance of exports, mean', 'h', 'lower', 'clearance', (s) => s.clearance_by_direction_h.export.mean, true),
  def<N>('clearance_export_h_p50', 'Clearance of exports, median', 'h', 'lower', 'clearance', (s) => s.clearance_by_direction_h.export.p50, true),
  def<N>('clearance_import_h_mean', 'Clearance of imports, mean', 'h', 'lower', 'clearance', (s) => s.clearance_by_direction_h.import.mean, true),
  def<N>('clearance_import_h_p50', 'Clearance of imports, median', 'h', 'lower', 'clearance', (s) => s.clearance_by_direction_h.import.p50),
  def<N>('clearance_trusted_h_mean', 'Clearance of AEO enterprises, mean', 'h', 'lower', 'clearance', (s) => s.clearance_trusted_h.mean, true),
  def<N>('door_to_door_h_mean', 'Door to door, mean', 'h', 'lower', 'clearance', (s) => s.door_to_door_h.mean),
  def<N>('delivered', 'Consignments delivered', 'count', null, 'clearance', (s) => s.consignments.delivered),
  def<N>('declarations_reviewed', 'Declarations reviewed', 'count', 'lower', 'workload', (s) => s.declarations.reviewed),
  def<N>('review_officer_h', 'Document officers’ hours on declarations', 'h', 'lower', 'workload', (s) => s.declarations.officer_h, true),
  def<N>('overdue_declarations', 'Entries declared after the deadline', 'count', 'lower', 'workload', (s) => s.declarations.overdue),
  def<N>('inspection_rate', 'Consignments inspected (at least once), share', 'share', null, 'detection', (s) => s.detection.inspection_rate),
  def<N>('misdeclaration_recall', 'Misdeclarations found, share', 'share', 'higher', 'detection', (s) => s.detection.recall, true),
  def<N>('trips', 'Sealed trips', 'count', null, 'transit', (s) => s.transit.trips),
  def<N>('alerts', 'E-seal alerts', 'count', null, 'transit', (s) => s.transit.alerts, true),
  def<N>('true_alerts', 'E-seal alerts on a trip that smuggled', 'count', null, 'transit', (s) => s.transit.true_alerts),
  def<N>('alert_precision', 'Alerts on a trip that smuggled, share', 'share', 'higher', 'transit', (s) => share(s.transit.true_alerts, s.transit.alerts)),
  def<N>('interceptions', 'Interceptions', 'count', null, 'transit', (s) => s.transit.interceptions),
  def<N>('smuggling_events', 'Smuggling attempts in transit (hidden truth)', 'count', null, 'transit', (s) => s.transit.smuggling_events),
  def<N>('caught_in_transit', 'Caught in transit', 'count', 'higher', 'transit', (s) => s.transit.caught_in_transit),
  def<N>('transit_caught_share', 'Smuggling in transit caught (in transit or at arrival), share', 'share', 'higher', 'transit', (s) => share(s.transit.caught_in_transit + s.transit.caught_at_arrival, s.transit.smuggling_events), true),
  def<N>('mean_trip_h', 'Sealed trip, mean', 'h', null, 'transit', (s) => s.transit.mean_trip_h),
  def<N>('transport_rmb', 'Transport cost', 'RMB', 'lower', 'cost', (s) => s.cost_rmb.transport, true),
  def<N>('holding_rmb', 'Holding cost', 'RMB', 'lower', 'cost', (s) => s.cost_rmb.holding, true),
  def<N>('transport_import_ft20_rmb', 'Transport per 20-ft import', 'RMB', 'lower', 'cost', (s) => perContainer(s, 'import', 'ft20')),
  def<N>('transport_import_ft40_rmb', 'Transport per 40-ft import', 'RMB', 'lower', 'cost', (s) => perContainer(s, 'import', 'ft40')),
  def<N>('transport_export_ft20_rmb', 'Transport per 20-ft export', 'RMB', 'lower', 'cost', (s) => perContainer(s, 'export', 'ft20')),
  def<N>('transport_export_ft40_rmb', 'Transport per 40-ft export', 'RMB', 'lower', 'cost', (s) => perContainer(s, 'export', 'ft40')),
];

export type Family = 'port' | 'gate' | 'zone' | 'network';

const CATALOGS: { [F in Family]: readonly Def<never>[] } = { port: PORT_METRICS, gate: GATE_METRICS, zone: ZONE_METRICS, network: NETWORK_METRICS };

export function readNetworkMetrics(s: NetworkMetricsSummary): Record<string, number> {
  return Object.fromEntries(NETWORK_METRICS.map((d) => [d.key, d.read(s)]));
}

/** The catalogue without its readers: what travels in reports and JSON. */
export function metricCatalog(family: Family): MetricDef[] {
  return CATALOGS[family].map(({ read: _read, ...d }) => d);
}

export function readZoneMetrics(s: ZoneMetricsSummary): Record<string, number> {
  return Object.fromEntries(ZONE_METRICS.map((d) => [d.key, d.read(s)]));
}

export function readPortMetrics(s: PortMetricsSummary): Record<string, number> {
  return Object.fromEntries(PORT_METRICS.map((d) => [d.key, d.read(s)]));
}

export function readGateMetrics(s: GateMetricsSummary): Record<string, number> {
  return Object.fromEntries(GATE_METRICS.map((d) => [d.key, d.read(s)]));
}
