/**
 * `ctwin sweep <scenario> --vary PATH=SPEC …`: a factorial design over scenario paths, every
 * policy on the same seeds at every point. Writes sweep.json, sweep.csv and report.html (all or
 * nothing), records the sweep in the runs store, prints a table of the headline metrics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { loadScenario, ScenarioError } from '../../scenarios/loader.js';
import { seedList } from '../../experiments/compare.js';
import { SweepSpecError, parseVary, pointCount, runSweep } from '../../experiments/sweep.js';
import { sweepCsv } from '../../experiments/csv.js';
import { withRunsStore } from '../../experiments/runs-store.js';
import type { SweepFactor, SweepReport } from '../../reports/experiment-results.js';
import { renderSweepHtml } from '../../reports/html/index.js';
import { LazyProgress } from '../progress.js';
import { packageVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import { BackendError } from '../../experiments/redis-url.js';
import { writeFileSet } from './file-set.js';
import { EXPERIMENT_FILES, checkSeeds, chooseBackend, choosePolicies, type ExperimentCliOptions } from './compare.js';
import { preflight } from './output.js';
import { formatStat } from './compare-format.js';

export interface SweepCliOptions extends ExperimentCliOptions {
  vary: string[];
}

export async function sweepCommand(file: string, o: SweepCliOptions): Promise<number> {
  const base = loadScenario(file);
  const policies = choosePolicies(base, o.policies);
  let factors: SweepFactor[];
  try {
    factors = o.vary.map(parseVary);
  } catch (err) {
    if (err instanceof SweepSpecError) throw new UsageError(err.message);
    throw err;
  }
  const dup = factors.find((f, i) => factors.findIndex((g) => g.path === f.path) !== i);
  if (dup) throw new UsageError(`--vary: the path '${dup.path}' is given twice`);
  const data: unknown = parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  const first = o.seed ?? base.seed ?? 1;
  const seeds = seedList(first, o.replications);
  let points: number;
  try {
    points = pointCount(factors);
  } catch (err) {
    if (err instanceof SweepSpecError) throw new UsageError(err.message);
    throw err;
  }
  const { backend, where } = chooseBackend(o, points * policies.length * seeds.length);
  const out = o.out ?? join('runs', `${base.name}-sweep-seed${first}-r${o.replications}`);
  checkSeeds(first, o.replications);
  preflight({ out, store: o.store }, (dir) => withRunsStore(dir, () => undefined));
  const progress = new LazyProgress(`${base.name} sweep`, process.stderr.isTTY === true && !o.json);
  const t0 = performance.now();
  let report: SweepReport;
  try {
    report = await runSweep({ file, data, base, factors, policies, seeds, workers: 0, backend, version: packageVersion(), onProgress: (d, n) => progress.update(d / n, `${d}/${n} replications`) });
  } catch (err) {
    if (err instanceof SweepSpecError) throw new UsageError(err.message);
    // Redis not reachable: exit 2 with its message; a job that failed stays a failure while running (exit 1)
    if (err instanceof BackendError) throw new UsageError(err.message);
    if (err instanceof ScenarioError) throw err;
    throw err;
  } finally {
    progress.stop();
  }
  const wallS = (performance.now() - t0) / 1000;
  const files = writeFileSet(out, {
    'sweep.json': JSON.stringify(report, null, 1) + '\n',
    'sweep.csv': sweepCsv(report),
    ...(o.report ? { 'report.html': renderSweepHtml(report) } : {}),
  }, EXPERIMENT_FILES);
  const id = o.store === false ? undefined : withRunsStore(o.store, (s) => s.recordSweep(report, { outDir: out, createdAt: new Date() }));
  if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(formatSweep(report, { wallS, where, files, id }));
  return 0;
}

function formatSweep(r: SweepReport, o: { wallS: number; where: string; files: string[]; id?: string }): string {
  const head = r.metrics_catalog.filter((d) => d.headline);
  const rows: string[][] = [[...r.factors.map((f) => f.path.split('.').slice(-2).join('.')), 'policy', ...head.map((d) => `${d.key}`)]];
  for (const pt of r.points) for (const p of pt.policies) rows.push([...r.factors.map((f) => String(pt.values[f.path])), p.name, ...head.map((d) => formatStat(p.metrics[d.key], d.unit))]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => [...row[c]].length)) + 2);
  return [
    `${r.scenario} sweep · ${r.points.length} points × ${r.points[0]?.policies.length ?? 0} policies × ${r.replications} replications · ${o.where} · ${o.wallS.toFixed(1)} s`,
    'mean ± half-width of the 95 % interval',
    '',
    ...rows.map((row) => row.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('').trimEnd()),
    '',
    ...(o.id ? [`stored as ${o.id}`] : []),
    ...o.files.map((f) => `wrote ${f}`),
    '',
  ].join('\n');
}
