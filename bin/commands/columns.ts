/**
 * Side-by-side tables for runs of several policies on the same world: a label column, then one
 * column per policy, headings between groups of rows. Numbers as the summary wrote them (NaN
 * already null), printed `n/a` when missing.
 */
export type V = number | null | undefined;

export const missing = (x: V): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);
export const int = (x: V) => (missing(x) ? 'n/a' : Math.round(x).toLocaleString('en-US'));
/** 2 decimals below 10, 1 below 1,000, whole numbers above */
export const num = (x: V) => (missing(x) ? 'n/a' : Math.abs(x) < 10 ? x.toFixed(2) : Math.abs(x) < 1000 ? x.toFixed(1) : int(x));
export const pct = (x: V) => (missing(x) ? 'n/a' : `${(x * 100).toFixed(1)} %`);
export const share = (a: V, b: V) => (missing(a) || missing(b) || b === 0 ? null : a / b);

/** A heading, or a label with the cell of policy i. */
export type ColumnRow = readonly [heading: string] | readonly [label: string, cell: (i: number) => string];

export function formatColumns(t: { title: string; columns: string[]; rows: readonly ColumnRow[]; files: string[]; footer: string }): string {
  const rows = t.rows.map((r) => (r.length === 1 ? ([r[0]] as const) : ([`  ${r[0]}`, t.columns.map((_, i) => r[1](i))] as const)));
  const labelW = Math.max(...rows.map((r) => r[0].length)) + 2;
  const colW = t.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r.length === 2 ? r[1][i].length : 0))));
  const line = (label: string, cells: string[]) => (label.padEnd(labelW) + cells.map((c, i) => c.padStart(colW[i])).join('   ')).trimEnd();
  const out = [
    t.title,
    '',
    line('', t.columns),
    ...rows.map((r) => (r.length === 1 ? r[0] : line(r[0], r[1]))),
    '',
    ...t.files.map((f, i) => `${i === 0 ? 'written' : ''}`.padEnd(12) + f),
    t.footer,
  ];
  return out.join('\n') + '\n';
}
