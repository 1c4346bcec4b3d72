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
import { rangeForUnit } from './metric-range.js';
import type { EstimatorKind } from './intervals.js';
import type { MetricDef, TradeoffDimension } from '../reports/experiment-results.js';

/** `parts`: a share's numerator and denominator in one run, for the pooled ratio estimator. */
type Def<S> = MetricDef & { read: (s: S) => number; parts?: (s: S) => [number, number] };

/** Waits, clearance times and their percentiles: non-negative, right-skewed over replications. */
const WAIT_UNITS = new Set(['min', 's', 'days']);
const WAIT_HOURS = /clearance|wait|release|door|trip/;

/**
 * The estimator a metric's unit implies (docs/STATISTICS.md): money on the log scale, waits by
 * the studentized bootstrap, t for the rest; shares of counts say `ratio` themselves.
 */
function estimatorFor(key: string, unit: string): EstimatorKind {
  if (unit === 'RMB') return 'log';
  return WAIT_UNITS.has(unit) || (unit === 'h' && WAIT_HOURS.test(key)) ? 'bootstrap' : 't';
}

/** One metric; its range follows from its unit (every metric here is a count, an amount, a time or a share). */
const def = <S>(key: string, label: string, unit: string, better: MetricDef['better'], group: string, read: (s: S) => number, headline = false): Def<S> => ({
  key,
  label,
  unit,
  better,
  group,
  headline,
  range: rangeForUnit(unit),
  estimator: estimatorFor(key, unit),
  read,
});

/** A share that is a ratio of counts (or of sums): pooled over replications, Σ num / Σ den. */
const ratio = <S>(d: Def<S>, parts: (s: S) => [number, number]): Def<S> => ({ ...d, estimator: 'ratio', parts });

/** A count whose distribution over replications has zeros and spikes (what is left at the end): the bootstrap. */
const skewed = <S>(d: Def<S>): Def<S> => ({ ...d, estimator: 'bootstrap' });

/** The metric that answers a planner's question in the trade-offs summary (one per dimension and family). */
const tradeoff = <S>(dimension: TradeoffDimension, d: Def<S>): Def<S> => ({ ...d, tradeoff: dimension });

const STAGE_LABELS: Record<string, string> = {
  arrival_to_lodged: 'arrival → lodged',
  lodged_to_decision: 'lodged → decision',
  decision_to_release: 'decision → release',
  release_to_exit: 'release → exit',
};

type P = PortMetricsSummary;

/** Hits from a hit rate and its checks (NaN rate with no checks: no hits). */
const hits = (rate: number, n: number) => (n > 0 && Number.isFinite(rate) ? Math.round(rate * n) : 0);

export const PORT_METRICS: readonly Def<P>[] = [
  tradeoff('clearance', def<P>('clearance_mean_min', 'Clearance time, mean', 'min', 'lower', 'clearance', (s) => s.clearance_min.mean, true)),
  def<P>('clearance_p50_min', 'Clearance time, median', 'min', 'lower', 'clearance', (s) => s.clearance_min.p50),
  def<P>('clearance_p90_min', 'Clearance time, p90', 'min', 'lower', 'clearance', (s) => s.clearance_min.p90),
  def<P>('clearance_p95_min', 'Clearance time, p95', 'min', 'lower', 'clearance', (s) => s.clearance_min.p95, true),
  def<P>('clearance_p99_min', 'Clearance time, p99', 'min', 'lower', 'clearance', (s) => s.clearance_min.p99),
  ...Object.entries(STAGE_LABELS).map(([k, label]) =>
    def<P>(`stage_${k}_min`, `Stage ${label}, mean`, 'min', 'lower', 'stages', (s) => s.stages_min[k as keyof P['stages_min']].mean),
  ),
  tradeoff('detection', ratio(def<P>('recall', 'Recall (violations caught at clearance)', 'share', 'higher', 'detection', (s) => s.detection.recall, true), (s) => [s.detection.caught_at_clearance, s.detection.violations])),
  ratio(def<P>('hit_rate', 'Hit rate (checks that found one)', 'share', 'higher', 'detection', (s) => s.detection.hit_rate, true), (s) => [s.detection.caught_at_clearance, s.detection.checks]),
  // a document review is a check but not an inspection of the container: the two rates apart
  ratio(def<P>('check_rate', 'Checked at all (documents, scan or opening)', 'share', null, 'detection', (s) => s.detection.check_rate, true), (s) => [s.detection.checks, s.consignments.counted]),
  ratio(def<P>('container_check_rate', 'Container checked (scanned or opened)', 'share', null, 'detection', (s) => s.detection.container_checks.rate, true), (s) => [s.detection.container_checks.count, s.consignments.counted]),
  // the summary keeps the rate and its denominator: the hits are their product, a whole number
  ratio(def<P>('random_hit_rate', 'Hit rate, random selection', 'share', 'higher', 'detection', (s) => s.detection.random_hit_rate), (s) => [hits(s.detection.random_hit_rate, s.detection.random_inspections), s.detection.random_inspections]),
  ratio(def<P>('targeted_hit_rate', 'Hit rate, targeted selection', 'share', 'higher', 'detection', (s) => s.detection.targeted_hit_rate), (s) => [hits(s.detection.targeted_hit_rate, s.detection.targeted_inspections), s.detection.targeted_inspections]),
  ratio(def<P>('recall_with_audit', 'Recall with post-clearance audit', 'share', 'higher', 'detection', (s) => s.detection.audit.recall_with_audit), (s) => [s.detection.caught_at_clearance + s.detection.audit.found, s.detection.violations]),
  def<P>('caught', 'Violations caught at clearance', 'count', 'higher', 'detection', (s) => s.detection.caught_at_clearance),
  def<P>('violations', 'Violations (hidden truth)', 'count', null, 'detection', (s) => s.detection.violations),
  def<P>('false_alarms', 'Containers opened without a violation', 'count', 'lower', 'detection', (s) => s.detection.false_alarms),
  // one meaning per name: the amount and the share are two metrics, named by their unit
  def<P>('revenue_recovered_rmb', 'Revenue recovered at clearance', 'RMB', 'higher', 'detection', (s) => s.detection.revenue_recovered, true),
  ratio(
    def<P>('revenue_recovered_share', 'Revenue recovered at clearance, share of revenue at stake', 'share', 'higher', 'detection', (s) =>
      s.detection.revenue_at_stake > 0 ? s.detection.revenue_recovered / s.detection.revenue_at_stake : NaN,
    ),
    (s) => [s.detection.revenue_recovered, s.detection.revenue_at_stake],
  ),
  def<P>('gate_pass_mean_s', 'Gate pass, mean', 's', 'lower', 'gate', (s) => s.gate_pass_s.mean, true),
  def<P>('gate_pass_p95_s', 'Gate pass, p95', 's', 'lower', 'gate', (s) => s.gate_pass_s.p95),
  def<P>('gate_wait_mean_s', 'Wait for a gate lane, mean', 's', 'lower', 'gate', (s) => s.gate_wait_s.mean),
  def<P>('officer_utilisation', 'Officer utilisation, all roles', 'share', null, 'resources', (s) => s.officers.utilisation, true),
  tradeoff('officer_hours', def<P>('officer_hours_worked', 'Officer hours worked (busy on tasks, after warm-up)', 'h', 'lower', 'resources', (s) => s.officers.busy_h, true)),
  def<P>('officer_hours_on_duty', 'Officer hours on duty (rostered, after warm-up)', 'h', null, 'resources', (s) => s.officers.on_duty_h),
  ...ROLES.map((r) => def<P>(`utilisation_${r}`, `Utilisation, ${r.replace('_', ' ')}`, 'share', null, 'resources', (s) => s.utilisation[r] ?? NaN)),
  def<P>('consignments', 'Consignments counted', 'count', null, 'volume', (s) => s.consignments.counted),
  skewed(def<P>('in_system_at_end', 'Still in the port when the run ended', 'count', 'lower', 'volume', (s) => s.consignments.in_system)),
  def<P>('trucks_in_port_mean', 'Trucks in the port, time-average', 'count', 'lower', 'volume', (s) => s.little.l_measured),
];

type G = GateMetricsSummary;

export const GATE_METRICS: readonly Def<G>[] = [
  def<G>('wait_in_queue_mean_s', 'Wait in queue, mean', 's', 'lower', 'gate', (s) => s.wait_in_queue_s.mean, true),
  def<G>('wait_in_queue_p95_s', 'Wait in queue, p95', 's', 'lower', 'gate', (s) => s.wait_in_queue_s.p95, true),
  tradeoff('clearance', def<G>('time_in_system_mean_s', 'Time at the gate, mean', 's', 'lower', 'gate', (s) => s.time_in_system_s.mean, true)),
  def<G>('queue_length_mean', 'Queue length, time-average', 'count', 'lower', 'gate', (s) => s.queue_length.mean),
  def<G>('lane_utilisation', 'Lane utilisation', 'share', null, 'resources', (s) => s.lanes.utilisation, true),
  def<G>('trucks', 'Trucks counted', 'count', null, 'volume', (s) => s.trucks.counted),
  def<G>('little_rel_diff', "Little's law, relative gap", 'share', 'lower', 'volume', (s) => s.little.rel_diff),
];

type Z = ZoneMetricsSummary;
const share = (a: number, b: number) => (b > 0 ? a / b : NaN);

export const ZONE_METRICS: readonly Def<Z>[] = [
  tradeoff('detection', ratio(def<Z>('violations_detected_share', 'Bonded-goods violations caught', 'share', 'higher', 'detection', (s) => share(s.violations.detected, s.violations.count), true), (s) => [s.violations.detected, s.violations.count])),
  def<Z>('detection_days_mean', 'Days from first act to case, mean (caught ones)', 'days', 'lower', 'detection', (s) => s.violations.detection_days_mean, true),
  def<Z>('exposure_days_mean', 'Days a violation ran, mean (to its case or the end)', 'days', 'lower', 'detection', (s) => s.violations.exposure_days_mean, true),
  ...MECHANISMS.map((m) => def<Z>(`caught_by_${m}`, `Caught by ${m.replace('_', '-')}`, 'count', null, 'detection', (s) => s.write_off.detection_by_mechanism[m])),
  def<Z>('violations', 'Violations (hidden truth)', 'count', null, 'detection', (s) => s.violations.count),
  def<Z>('revenue_at_stake', 'Revenue at stake (duty and VAT on undeclared units)', 'RMB', null, 'revenue', (s) => s.revenue.at_stake),
  def<Z>('revenue_lost', 'Revenue lost (at stake, not recovered)', 'RMB', 'lower', 'revenue', (s) => s.revenue.lost, true),
  ratio(def<Z>('revenue_protected_share', 'Revenue protected (recovered or prevented), share', 'share', 'higher', 'revenue', (s) => s.revenue.protected_share, true), (s) => {
    const den = s.revenue.at_stake + s.revenue.prevented;
    return [den > 0 ? s.revenue.protected_share * den : 0, den];
  }),
  def<Z>('revenue_prevented', 'Revenue prevented (schemes stopped)', 'RMB', 'higher', 'revenue', (s) => s.revenue.prevented),
  def<Z>('revenue_recovered', 'Revenue recovered', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered, true),
  ratio(def<Z>('revenue_recovered_share', 'Revenue recovered, share of revenue at stake', 'share', 'higher', 'revenue', (s) => share(s.revenue.recovered, s.revenue.at_stake), true), (s) => [s.revenue.recovered, s.revenue.at_stake]),
  def<Z>('recovered_at_clearance', 'Recovered at the gate', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered_at_clearance),
  def<Z>('recovered_by_write_off', 'Recovered by verification and write-off', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered_by_write_off),
  def<Z>('recovered_by_audit', 'Recovered by audit', 'RMB', 'higher', 'revenue', (s) => s.revenue.recovered_by_audit),
  def<Z>('tax_collected', 'Duty and VAT paid on declared domestic sales', 'RMB', null, 'revenue', (s) => s.revenue.collected),
  def<Z>('write_off_cases', 'Cases opened by verification or write-off', 'count', null, 'books', (s) => s.write_off.cases),
  def<Z>('discrepancies_found', 'Checks that showed a discrepancy', 'count', null, 'books', (s) => s.write_off.discrepancies_found),
  def<Z>('false_cases', 'Cases with no violation behind them', 'count', 'lower', 'books', (s) => s.write_off.false_cases),
  def<Z>('change_wait_h_mean', "New model's import: wait for the book change, mean", 'h', 'lower', 'books', (s) => s.declarations.change_wait_h_mean, true),
  tradeoff('clearance', def<Z>('declaration_release_h_mean', 'Declaration to release, mean', 'h', 'lower', 'books', (s) => s.declarations.release_h_mean)),
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
  tradeoff('clearance', def<N>('clearance_h_mean', 'Clearance (lodged to released), mean', 'h', 'lower', 'clearance', (s) => s.clearance_h.mean, true)),
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
  tradeoff('officer_hours', def<N>('review_officer_h', 'Document officers’ hours on declarations', 'h', 'lower', 'workload', (s) => s.declarations.officer_h, true)),
  def<N>('overdue_declarations', 'Entries declared after the deadline', 'count', 'lower', 'workload', (s) => s.declarations.overdue),
  ratio(def<N>('inspection_rate', 'Consignments inspected (at least once), share', 'share', null, 'detection', (s) => s.detection.inspection_rate), (s) => [s.detection.inspected, s.consignments.lodged]),
  tradeoff('detection', ratio(def<N>('misdeclaration_recall', 'Misdeclarations found, share', 'share', 'higher', 'detection', (s) => s.detection.recall, true), (s) => [s.detection.found, s.detection.violations])),
  def<N>('trips', 'Sealed trips', 'count', null, 'transit', (s) => s.transit.trips),
  def<N>('alerts', 'E-seal alerts', 'count', null, 'transit', (s) => s.transit.alerts, true),
  def<N>('true_alerts', 'E-seal alerts on a trip that smuggled', 'count', null, 'transit', (s) => s.transit.true_alerts),
  ratio(def<N>('alert_precision', 'Alerts on a trip that smuggled, share', 'share', 'higher', 'transit', (s) => share(s.transit.true_alerts, s.transit.alerts)), (s) => [s.transit.true_alerts, s.transit.alerts]),
  def<N>('interceptions', 'Interceptions', 'count', null, 'transit', (s) => s.transit.interceptions),
  def<N>('smuggling_events', 'Smuggling attempts in transit (hidden truth)', 'count', null, 'transit', (s) => s.transit.smuggling_events),
  def<N>('caught_in_transit', 'Caught in transit', 'count', 'higher', 'transit', (s) => s.transit.caught_in_transit),
  ratio(def<N>('transit_caught_share', 'Smuggling in transit caught (in transit or at arrival), share', 'share', 'higher', 'transit', (s) => share(s.transit.caught_in_transit + s.transit.caught_at_arrival, s.transit.smuggling_events), true), (s) => [s.transit.caught_in_transit + s.transit.caught_at_arrival, s.transit.smuggling_events]),
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
  return CATALOGS[family].map(({ read: _read, parts: _parts, ...d }) => d);
}

/** Numerator and denominator of every pooled share of one run (experiments/intervals.ts `pooledShare`). */
function readParts<S>(defs: readonly Def<S>[], s: S): Record<string, [number, number]> {
  return Object.fromEntries(defs.filter((d) => d.parts).map((d) => [d.key, d.parts!(s)]));
}

export const readPortParts = (s: PortMetricsSummary) => readParts(PORT_METRICS, s);
export const readZoneParts = (s: ZoneMetricsSummary) => readParts(ZONE_METRICS, s);
export const readNetworkParts = (s: NetworkMetricsSummary) => readParts(NETWORK_METRICS, s);

export function readZoneMetrics(s: ZoneMetricsSummary): Record<string, number> {
  return Object.fromEntries(ZONE_METRICS.map((d) => [d.key, d.read(s)]));
}

export function readPortMetrics(s: PortMetricsSummary): Record<string, number> {
  return Object.fromEntries(PORT_METRICS.map((d) => [d.key, d.read(s)]));
}

export function readGateMetrics(s: GateMetricsSummary): Record<string, number> {
  return Object.fromEntries(GATE_METRICS.map((d) => [d.key, d.read(s)]));
}
