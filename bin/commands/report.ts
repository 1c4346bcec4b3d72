/**
 * `ctwin report`: the history kept in the runs store. `--list` shows past experiments, newest
 * first; `--compare A B …` sets their headline metrics side by side ("mean [lo, hi]"), warning
 * when the experiments simulated different scenarios (hash) or ran on different ctwin versions.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { writeFileAtomic } from './file-set.js';
import { renderComparisonHtml } from '../../reports/html/index.js';
import { join } from 'node:path';
import { RUNS_DB_FILE, RunsStore, RunsStoreError, type StoredExperiment } from '../../experiments/runs-store.js';
import type { ComparisonReport, MetricDef, MetricStat, PolicyResult } from '../../reports/experiment-results.js';
import { UsageError, parsePositiveInt } from '../usage-error.js';

export interface ReportOptions {
  list?: boolean;
  compare?: string[];
  /** the runs store folder (default `runs`) */
  store?: string;
  json?: boolean;
  /** --list: how many experiments (default 20) */
  limit?: number;
  /** --compare: also write the experiments side by side as one HTML report */
  html?: string;
}

/** One column of the comparison: a policy of an experiment (for a sweep, a policy at one point). */
interface Column {
  tag: string;
  name: string;
  point?: number;
  values?: Record<string, unknown>;
  metrics: Record<string, MetricStat>;
}

export function reportCommand(opts: ReportOptions): void {
  const dir = opts.store ?? (process.env.CTWIN_STORE || 'runs');
  if (opts.list && opts.compare) throw new UsageError('report: give --list or --compare, not both');
  if (opts.compare && opts.compare.length < 2) throw new UsageError('report --compare: give two or more experiment ids (or last, last~1 …)');
  // reading must not create an empty store as a side effect
  if (!existsSync(join(dir, RUNS_DB_FILE))) {
    if (opts.compare) throw new UsageError(`report: no runs store at ${join(dir, RUNS_DB_FILE)} (nothing recorded yet, or a wrong --store)`);
    process.stdout.write(opts.json ? JSON.stringify({ experiments: [] }) + '\n' : `no experiments recorded yet in ${dir}/\n`);
    return;
  }
  const store = RunsStore.open(dir);
  try {
    if (opts.compare) compare(store, opts.compare, opts.json ?? false, opts.html);
    else list(store, opts.limit ?? 20, opts.json ?? false);
  } finally {
    store.close();
  }
}

export function registerReportCommand(program: Command): Command {
  return program
    .command('report')
    .description('past experiments from the runs store: --list them, or --compare two or more side by side')
    .option('--list', 'list past experiments, newest first (the default)')
    .option('--compare <ids...>', 'experiment ids (a unique prefix, last, last~1 …) to set side by side')
    .option('--store <dir>', 'the runs store folder (default $CTWIN_STORE, else runs)')
    .option('--limit <n>', '--list: how many experiments', (v) => parsePositiveInt('--limit', v))
    .option('--json', 'print one JSON object instead of a table')
    .option('--html <file>', '--compare: also write them side by side as one HTML report (charts and tables; no paired differences across experiments)')
    .action((o: ReportOptions) => reportCommand(o));
}

function list(store: RunsStore, limit: number, json: boolean): void {
  const rows = store.list({ limit });
  if (json) {
    process.stdout.write(JSON.stringify({ experiments: rows }) + '\n');
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`no experiments recorded yet in ${store.file}\n`);
    return;
  }
  const table = [['id', 'kind', 'scenario', 'policies', 'replications', 'created (UTC)']];
  for (const r of rows) table.push([r.id, r.kind, r.scenario, r.policies.join(', '), String(r.replications), r.created_at.slice(0, 19).replace('T', ' ')]);
  process.stdout.write(renderTable(table, new Set([4])));
}

function compare(store: RunsStore, refs: string[], json: boolean, html?: string): void {
  let found: StoredExperiment[];
  try {
    found = refs.map((ref) => store.get(ref));
  } catch (err) {
    if (err instanceof RunsStoreError) throw new UsageError(`report --compare: ${err.message}`);
    throw err;
  }
  const tags = found.map((_, i) => tagOf(i));
  const columns = found.map((f, i) => columnsOf(f, tags[i]));
  if (html !== undefined) writeHtml(html, found, tags);

  if (json) {
    const experiments = found.map(({ experiment: e }, i) => ({
      id: e.id,
      scenario: e.scenario,
      scenario_hash: e.scenario_hash,
      version: e.version,
      kind: e.kind,
      policies: columns[i].map(({ name, point, values, metrics }) => ({ name, ...(point === undefined ? {} : { point, values }), metrics })),
    }));
    process.stdout.write(JSON.stringify({ experiments }) + '\n');
    return;
  }

  const out: string[] = [];
  found.forEach(({ experiment: e }, i) => {
    const seeds = e.seeds.length === 1 ? `seed ${e.seeds[0]}` : `${e.replications} replications`;
    out.push(`${tags[i]}  ${e.id}  ${e.kind} · ${e.scenario} · scenario ${e.scenario_hash.slice(0, 12)} · ctwin ${e.version} · ${seeds}`);
  });
  // a planner must know when the columns come from different worlds or different simulators
  const differ = (key: 'scenario_hash' | 'version') => new Set(found.map((f) => f.experiment[key])).size > 1;
  if (differ('scenario_hash')) {
    out.push(`WARNING: scenario hashes differ (${found.map((f, i) => `${tags[i]} ${f.experiment.scenario_hash.slice(0, 12)}`).join(', ')}): these experiments simulated different scenarios`);
  }
  if (differ('version')) {
    out.push(`WARNING: ctwin versions differ (${found.map((f, i) => `${tags[i]} ${f.experiment.version}`).join(', ')}): the simulator itself may have changed between them`);
  }
  out.push('');

  const metrics = headlineMetrics(found);
  const flat = columns.flat();
  const table = [['metric', ...flat.map((c) => `${c.tag} ${c.name}${c.point === undefined ? '' : ` @${pointLabel(c.values!)}`}`)]];
  for (const m of metrics) table.push([m.unit ? `${m.label} (${m.unit})` : m.label, ...flat.map((c) => formatStat(c.metrics[m.key]))]);
  process.stdout.write(out.join('\n') + '\n' + renderTable(table, new Set(flat.map((_, i) => i + 1))));
}

/**
 * The experiments as one comparison report: every policy (of every sweep point) a column tagged
 * by its experiment. Differences are left out: experiments need not share seeds, so nothing pairs.
 */
function writeHtml(file: string, found: StoredExperiment[], tags: string[]): void {
  const first = found[0].report;
  const policies: PolicyResult[] = found.flatMap((f, i): PolicyResult[] => {
    const r = f.report;
    if (r.schema === 'customs-twin.sweep/1') {
      return r.points.flatMap((pt) => pt.policies.map((p) => ({ name: `${tags[i]} ${p.name} @${pointLabel(pt.values)}`, metrics: p.metrics, replications: [], charts: {} })));
    }
    return r.policies.map((p) => ({ ...p, name: `${tags[i]} ${p.name}`, description: `${f.experiment.id}${p.description ? ` · ${p.description}` : ''}` }));
  });
  const merged: ComparisonReport = {
    schema: 'customs-twin.compare/1',
    kind: found.every((f) => f.experiment.replications <= 1) ? 'run' : 'compare',
    scenario: [...new Set(found.map((f) => f.experiment.scenario))].join(' / '),
    scenario_hash: [...new Set(found.map((f) => f.experiment.scenario_hash.slice(0, 12)))].join(' / '),
    family: first.family,
    version: [...new Set(found.map((f) => f.experiment.version))].join(' / '),
    seeds: [...new Set(found.flatMap((f) => f.experiment.seeds))].sort((a, b) => a - b),
    replications: Math.max(...found.map((f) => f.experiment.replications)),
    metrics_catalog: first.metrics_catalog,
    policies,
    differences: [],
  };
  try {
    writeFileAtomic(file, renderComparisonHtml(merged));
  } catch (err) {
    throw new UsageError(`--html: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A, B, … Z, AA, AB … */
function tagOf(i: number): string {
  return (i >= 26 ? tagOf(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));
}

function columnsOf({ report }: StoredExperiment, tag: string): Column[] {
  if (report.schema === 'customs-twin.sweep/1') {
    return report.points.flatMap((pt) => pt.policies.map((p) => ({ tag, name: p.name, point: pt.index, values: pt.values, metrics: p.metrics })));
  }
  return report.policies.map((p) => ({ tag, name: p.name, metrics: p.metrics }));
}

/** The headline metrics of all the catalogues, in first-seen order (all metrics if none is a headline). */
function headlineMetrics(found: StoredExperiment[]): MetricDef[] {
  const all = new Map<string, MetricDef>();
  for (const f of found) for (const m of f.report.metrics_catalog) if (!all.has(m.key)) all.set(m.key, m);
  const headline = [...all.values()].filter((m) => m.headline);
  return headline.length > 0 ? headline : [...all.values()];
}

/** `officers=3`: the last segment of each factor path, so columns stay narrow. */
function pointLabel(values: Record<string, unknown>): string {
  return Object.entries(values).map(([path, v]) => `${path.split('.').pop()}=${String(v)}`).join(',');
}

/** "mean [lo, hi]"; just the mean when there is no interval (one replication); — when nothing was measured. */
function formatStat(s: MetricStat | undefined): string {
  // stored NaN comes back as null
  const mean = s?.mean as number | null | undefined;
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return '—';
  const [lo, hi] = (s!.ci95 ?? [null, null]) as (number | null)[];
  return lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi) ? formatNumber(mean) : `${formatNumber(mean)} [${formatNumber(lo)}, ${formatNumber(hi)}]`;
}

function formatNumber(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(4)));
}

/** Columns padded to their widest cell; columns in `right` are right-aligned. */
function renderTable(rows: string[][], right: Set<number>): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n') + '\n';
}
