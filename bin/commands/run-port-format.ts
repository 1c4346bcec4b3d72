/**
 * The readable summary of a port run: one column per policy, side by side, so that policies run on
 * the same world compare row by row. Input is the summary as written (NaN already null).
 */
import type { PortSummary } from './run-port.js';

import { formatColumns, int, num, pct, share, type ColumnRow } from './columns.js';

export function formatPortSummary(s: PortSummary, run: { engine: string; wallS: number; files: string[] }): string {
  const ps = s.policies;
  const m = ps.map((p) => p.metrics);
  const row = (label: string, f: (i: number) => string): ColumnRow => [label, f];
  const roles: string[] = [];
  for (const x of m) for (const k of Object.keys(x.utilisation ?? {})) if (!roles.includes(k)) roles.push(k);
  const rows: ColumnRow[] = [
    ['consignments'],
    row('counted', (i) => int(m[i].consignments.counted)),
    row('released', (i) => int(m[i].consignments.released)),
    row('seized', (i) => int(m[i].consignments.seized)),
    row('in the system at the end', (i) => int(m[i].consignments.in_system)),
    ['clearance (min)'],
    row('mean', (i) => num(m[i].clearance_min.mean)),
    row('p50', (i) => num(m[i].clearance_min.p50)),
    row('p95', (i) => num(m[i].clearance_min.p95)),
    ['stages, mean (min)'],
    row('arrival → lodged', (i) => num(m[i].stages_min.arrival_to_lodged.mean)),
    row('lodged → decision', (i) => num(m[i].stages_min.lodged_to_decision.mean)),
    row('decision → release', (i) => num(m[i].stages_min.decision_to_release.mean)),
    row('release → exit', (i) => num(m[i].stages_min.release_to_exit.mean)),
    ['gate pass, mean (s)'],
    row('smart lanes', (i) => num(m[i].gate_pass_s.smart_mean)),
    row('manual lanes', (i) => num(m[i].gate_pass_s.manual_mean)),
    ['detection'],
    row('recall', (i) => pct(m[i].detection.recall)),
    row('hit rate (checks that found one)', (i) => pct(m[i].detection.hit_rate)),
    // document reviews count as checks, not as container inspections: the two rates apart
    row('checked at all (documents, scan or opening)', (i) => pct(m[i].detection.check_rate)),
    row('container checked (scanned or opened)', (i) => pct(m[i].detection.container_checks.rate)),
    row('false alarms', (i) => int(m[i].detection.false_alarms)),
    // the same names as the report's: the amount in RMB, the share of what was at stake
    row('revenue recovered (RMB)', (i) => int(m[i].detection.revenue_recovered)),
    row('revenue recovered, share of revenue at stake', (i) => pct(share(m[i].detection.revenue_recovered, m[i].detection.revenue_at_stake))),
    ['officers'],
    row('hours worked (busy on tasks)', (i) => int(m[i].officers.busy_h)),
    row('hours on duty (rostered)', (i) => int(m[i].officers.on_duty_h)),
    ['utilisation'],
    ...roles.map((r) => row(r, (i) => (r in (m[i].utilisation ?? {}) ? pct(m[i].utilisation[r]) : '–'))),
  ];
  const hours = (x: number) => `${(x / 3600).toFixed(1)} h`;
  const horizon = s.horizon_s === null ? 'arrivals until the number of consignments' : `arrivals for ${hours(s.horizon_s)}`;
  return formatColumns({
    title: `${s.scenario} · seed ${s.seed} · ${ps.length} ${ps.length === 1 ? 'policy' : 'policies'} on the same world · ${horizon} (warm-up ${hours(s.warmup_s)}, not counted), then until the consignments inside have left`,
    columns: ps.map((p) => p.name),
    rows,
    files: run.files,
    footer: `wall time   ${run.wallS.toFixed(2)} s (${run.engine} engine)`,
  });
}
