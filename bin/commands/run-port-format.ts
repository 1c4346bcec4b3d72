/**
 * The readable summary of a port run: one column per policy, side by side, so that policies run on
 * the same world compare row by row. Input is the summary as written (NaN already null).
 */
import type { PortSummary } from './run-port.js';

type V = number | null | undefined;

const missing = (x: V): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);
const int = (x: V) => (missing(x) ? 'n/a' : Math.round(x).toLocaleString('en-US'));
/** 2 decimals below 10, 1 below 1,000, whole numbers above */
const num = (x: V) => (missing(x) ? 'n/a' : Math.abs(x) < 10 ? x.toFixed(2) : Math.abs(x) < 1000 ? x.toFixed(1) : int(x));
const pct = (x: V) => (missing(x) ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const share = (a: V, b: V) => (missing(a) || missing(b) || b === 0 ? null : a / b);

type Row = [label: string, values: string[]] | [heading: string];

export function formatPortSummary(s: PortSummary, run: { engine: string; wallS: number; files: string[] }): string {
  const ps = s.policies;
  const m = ps.map((p) => p.metrics);
  const row = (label: string, f: (i: number) => string): Row => [`  ${label}`, ps.map((_, i) => f(i))];
  const roles: string[] = [];
  for (const x of m) for (const k of Object.keys(x.utilisation ?? {})) if (!roles.includes(k)) roles.push(k);
  const rows: Row[] = [
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
    row('hit rate', (i) => pct(m[i].detection.hit_rate)),
    row('inspection rate', (i) => pct(m[i].detection.inspection_rate)),
    row('false alarms', (i) => int(m[i].detection.false_alarms)),
    row('revenue recovered', (i) => pct(share(m[i].detection.revenue_recovered, m[i].detection.revenue_at_stake))),
    ['utilisation'],
    ...roles.map((r) => row(r, (i) => (r in (m[i].utilisation ?? {}) ? pct(m[i].utilisation[r]) : '–'))),
  ];
  const labelW = Math.max(...rows.map((r) => r[0].length)) + 2;
  const colW = ps.map((p, i) => Math.max(p.name.length, ...rows.map((r) => (r.length === 2 ? r[1][i].length : 0))));
  const line = (label: string, cells: string[]) => (label.padEnd(labelW) + cells.map((c, i) => c.padStart(colW[i])).join('   ')).trimEnd();

  const hours = (x: number) => `${(x / 3600).toFixed(1)} h`;
  const horizon = s.horizon_s === null ? 'arrivals until the number of consignments' : `arrivals for ${hours(s.horizon_s)}`;
  const out = [
    `${s.scenario} · seed ${s.seed} · ${ps.length} ${ps.length === 1 ? 'policy' : 'policies'} on the same world · ${horizon} (warm-up ${hours(s.warmup_s)}, not counted), then until the consignments inside have left`,
    '',
    line('', ps.map((p) => p.name)),
    ...rows.map((r) => (r.length === 1 ? r[0] : line(r[0], r[1]))),
    '',
    ...run.files.map((f, i) => `${i === 0 ? 'written' : ''}`.padEnd(12) + f),
    `wall time   ${run.wallS.toFixed(2)} s (${run.engine} engine)`,
  ];
  return out.join('\n') + '\n';
}
