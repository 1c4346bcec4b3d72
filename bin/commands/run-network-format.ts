/**
 * The readable summary of a network run: one column per policy, side by side (same goods and
 * trips, so the rows compare). Input is the summary as written (NaN already null).
 */
import { PROCEDURES } from '../../sim/supervision/network-config.js';
import type { NetworkSummary } from './run-network.js';
import { formatColumns, int, num, pct, share } from './columns.js';

export function formatNetworkSummary(s: NetworkSummary, run: { engine: string; wallS: number; files: string[] }): string {
  const ps = s.policies;
  const m = ps.map((p) => p.metrics);
  const mean = (x: { n: number; mean: number | null }) => (x.n === 0 ? '–' : `${num(x.mean)} (${int(x.n)})`);
  const median = (x: { n: number; mean: number | null; p50: number | null }) => (x.n === 0 ? '–' : `${num(x.mean)} / ${num(x.p50)} (${int(x.n)})`);
  const rmb = (x: number | null) => (x === null ? 'n/a' : int(Math.round(x)));
  return formatColumns({
    title: `${s.scenario} · seed ${s.seed} · ${ps.length} ${ps.length === 1 ? 'policy' : 'policies'} on the same goods · ${s.flows} flows over ${s.days} days`,
    columns: ps.map((p) => p.name),
    rows: [
      ['consignments'],
      ['lodged / delivered / seized', (i) => `${int(m[i].consignments.lodged)} / ${int(m[i].consignments.delivered)} / ${int(m[i].consignments.seized)}`],
      ['still on the way at the end', (i) => int(m[i].consignments.in_system)],
      ['clearance: lodged → released (h)'],
      ['mean', (i) => num(m[i].clearance_h.mean)],
      ['p50 / p90 / max', (i) => `${num(m[i].clearance_h.p50)} / ${num(m[i].clearance_h.p90)} / ${num(m[i].clearance_h.max)}`],
      ['exports, mean / p50 (n)', (i) => median(m[i].clearance_by_direction_h.export)],
      ['imports, mean / p50 (n)', (i) => median(m[i].clearance_by_direction_h.import)],
      ...PROCEDURES.map((p) => [`  ${p.replace('_', ' ')}, mean (n)`, (i: number) => mean(m[i].clearance_by_procedure_h[p])] as const),
      ['trusted classes (AEO), mean (n)', (i) => mean(m[i].clearance_trusted_h)],
      ['door to door, mean (h)', (i) => num(m[i].door_to_door_h.mean)],
      ['declarations'],
      ['reviewed (lines)', (i) => `${int(m[i].declarations.reviewed)} (${int(m[i].declarations.lines)})`],
      ['document officers’ hours', (i) => num(m[i].declarations.officer_h)],
      ['full declarations after entry / overdue / pending', (i) => `${int(m[i].declarations.full_after_entry)} / ${int(m[i].declarations.overdue)} / ${int(m[i].declarations.pending)}`],
      ['inspection'],
      ['inspections (consignments inspected)', (i) => `${int(m[i].detection.inspections)} (${pct(m[i].detection.inspection_rate)})`],
      ['misdeclarations found', (i) => `${int(m[i].detection.found)}/${int(m[i].detection.violations)} (${pct(m[i].detection.recall)})`],
      ['transit under e-seal'],
      ['sealed trips, mean trip (h)', (i) => `${int(m[i].transit.trips)}, ${num(m[i].transit.mean_trip_h)}`],
      ['alerts (true)', (i) => `${int(m[i].transit.alerts)} (${int(m[i].transit.true_alerts)})`],
      ['  deviation / stop / tamper / late', (i) => ['deviation', 'stop', 'tamper', 'late'].map((k) => int(m[i].transit.alerts_by_kind[k as 'late'])).join(' / ')],
      ['interceptions', (i) => int(m[i].transit.interceptions)],
      ['smuggling attempts', (i) => int(m[i].transit.smuggling_events)],
      ['caught in transit / at arrival', (i) => `${int(m[i].transit.caught_in_transit)} / ${int(m[i].transit.caught_at_arrival)} (${pct(share(m[i].transit.caught_in_transit + m[i].transit.caught_at_arrival, m[i].transit.smuggling_events))})`],
      ['enterprise cost (RMB)'],
      ['transport', (i) => rmb(m[i].cost_rmb.transport)],
      ['holding', (i) => rmb(m[i].cost_rmb.holding)],
      ['transport per 20-ft import / export', (i) => `${rmb(m[i].cost_rmb.transport_per_container.import.ft20.mean)} / ${rmb(m[i].cost_rmb.transport_per_container.export.ft20.mean)}`],
      ['transport per 40-ft import / export', (i) => `${rmb(m[i].cost_rmb.transport_per_container.import.ft40.mean)} / ${rmb(m[i].cost_rmb.transport_per_container.export.ft40.mean)}`],
    ],
    files: run.files,
    footer: `wall time   ${run.wallS.toFixed(2)} s (${run.engine} engine)`,
  });
}
