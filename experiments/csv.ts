/** CSV beside every report (RFC 4180 quoting; missing values empty), for spreadsheets and scripts. */
import type { ComparisonReport, SweepReport } from '../reports/experiment-results.js';

const cell = (v: unknown): string => {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvOf = (rows: readonly (readonly unknown[])[]): string => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

/** One row per policy and metric: mean, interval, sd, n. */
export function metricsCsv(r: ComparisonReport): string {
  const rows: unknown[][] = [['policy', 'metric', 'unit', 'mean', 'ci95_lo', 'ci95_hi', 'sd', 'n']];
  for (const p of r.policies) for (const d of r.metrics_catalog) {
    const m = p.metrics[d.key];
    rows.push([p.name, d.key, d.unit, m.mean, m.ci95[0], m.ci95[1], m.sd, m.n]);
  }
  return csvOf(rows);
}

export function differencesCsv(r: ComparisonReport): string {
  const rows: unknown[][] = [['policy', 'vs', 'metric', 'mean', 'ci95_lo', 'ci95_hi', 'ci95_unpaired_lo', 'ci95_unpaired_hi', 'relative', 'relative_lo', 'relative_hi', 'significant', 'verdict', 'n']];
  for (const d of r.differences) rows.push([d.policy, d.vs, d.metric, d.mean, d.ci95[0], d.ci95[1], d.ci95_unpaired[0], d.ci95_unpaired[1], d.relative, d.relative_ci95[0], d.relative_ci95[1], d.significant, d.verdict, d.n]);
  return csvOf(rows);
}

/** Every replication's scalars: one row per policy and seed, one column per metric. */
export function replicationsCsv(r: ComparisonReport): string {
  const keys = r.metrics_catalog.map((d) => d.key);
  const rows: unknown[][] = [['policy', 'seed', ...keys]];
  for (const p of r.policies) for (const rep of p.replications) rows.push([p.name, rep.seed, ...keys.map((k) => rep.metrics[k])]);
  return csvOf(rows);
}

/** One row per sweep point and policy: factor values, then mean, lo, hi of every metric. */
export function sweepCsv(r: SweepReport): string {
  const keys = r.metrics_catalog.map((d) => d.key);
  const rows: unknown[][] = [['point', ...r.factors.map((f) => f.path), 'policy', ...keys.flatMap((k) => [k, `${k}_lo`, `${k}_hi`])]];
  for (const pt of r.points) for (const p of pt.policies) {
    rows.push([pt.index, ...r.factors.map((f) => pt.values[f.path]), p.name, ...keys.flatMap((k) => [p.metrics[k].mean, p.metrics[k].ci95[0], p.metrics[k].ci95[1]])]);
  }
  return csvOf(rows);
}
