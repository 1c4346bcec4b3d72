/**
 * `ctwin compare <scenario>`: every policy on the same R seeds, replications on a worker pool;
 * writes compare.json, CSVs and report.html into the output folder (all or nothing), records the
 * experiment in the runs store, checks CI assertions (exit 1 when one fails) and prints the
 * headline metrics with each policy's verdict against the first.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../../scenarios/loader.js';
import type { Scenario } from '../../scenarios/schema.js';
import { runComparison, seedList } from '../../experiments/compare.js';
import { runToPrecision } from '../../experiments/precision.js';
import { metricCatalog } from '../../experiments/metrics-catalog.js';
import { familyOf, policyNames } from '../../experiments/replication.js';
import { AssertionSyntaxError, evaluateAssertions, parseAssertion, type Assertion } from '../../experiments/assertions.js';
import { differencesCsv, metricsCsv, replicationsCsv } from '../../experiments/csv.js';
import { junitXml } from '../../experiments/junit.js';
import { withRunsStore } from '../../experiments/runs-store.js';
import type { ComparisonReport } from '../../reports/experiment-results.js';
import { renderComparisonHtml } from '../../reports/html/index.js';
import { defaultWorkers } from '../../experiments/pool.js';
import type { Backend } from '../../experiments/backend.js';
import { BackendError, redisConnection } from '../../experiments/redis-url.js';
import { LazyProgress } from '../progress.js';
import { packageVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import { writeFileAtomic, writeFileSet } from './file-set.js';
import { preflight } from './output.js';
import { formatComparison } from './compare-format.js';

/** What compare and sweep both take: the policies, the seeds, the workers and where results go. */
export interface ExperimentCliOptions {
  policies?: string[];
  replications: number;
  seed?: number;
  workers?: number;
  out?: string;
  json?: boolean;
  store: string | false;
  report: boolean;
  /** where the replications run: `local` threads, or a BullMQ queue on Redis for `ctwin worker`s */
  backend: 'local' | 'bullmq';
  redis: string;
  queue: string;
}

/** The backend the options name, and how to say where the replications ran. */
export function chooseBackend(o: ExperimentCliOptions, tasks: number): { backend: Backend; where: string } {
  if (o.backend === 'bullmq') {
    if (o.workers !== undefined) throw new UsageError('--workers: with --backend bullmq the workers are the `ctwin worker` processes (give them --concurrency)');
    try {
      redisConnection(o.redis);
    } catch (err) {
      if (err instanceof BackendError) throw new UsageError(err.message);
      throw err;
    }
    return { backend: { kind: 'bullmq', redis: o.redis, queue: o.queue }, where: `BullMQ queue '${o.queue}' on ${o.redis}` };
  }
  const workers = o.workers ?? Math.min(defaultWorkers(), tasks);
  return { backend: { kind: 'local', workers }, where: `${workers} worker${workers === 1 ? '' : 's'}` };
}

export interface CompareCliOptions extends ExperimentCliOptions {
  assert?: string[];
  junit?: string;
  /** relative half-width to reach (0.05 = 5 %): add replications until then (experiments/precision.ts) */
  precision?: number;
  maxReplications?: number;
  metrics?: string[];
}

/** Policies to compare: the ones asked for (first = baseline), else all in file order. */
export function choosePolicies(s: Scenario, wanted: string[] | undefined, option = '--policies'): string[] {
  const all = policyNames(s);
  if (wanted === undefined) return all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new UsageError(`${option}: scenario '${s.name}' has no policy ${unknown.map((n) => `'${n}'`).join(', ')}; its policies are ${all.map((n) => `'${n}'`).join(', ')}`);
  return [...new Set(wanted)];
}

export function parseAssertions(exprs: readonly string[] | undefined, s: Scenario, policies: string[], replications: number): Assertion[] {
  try {
    return (exprs ?? []).map((e) => parseAssertion(e, metricCatalog(familyOf(s)), policies, replications));
  } catch (err) {
    if (err instanceof AssertionSyntaxError) throw new UsageError(err.message);
    throw err;
  }
}

/** --precision, --max-replications and --metrics checked against the scenario's catalogue; undefined without --precision. */
export function precisionOptions(o: CompareCliOptions, s: Scenario): { precision: number; maxReplications: number; metrics?: string[] } | undefined {
  if (o.precision === undefined) {
    if (o.maxReplications !== undefined || o.metrics !== undefined) throw new UsageError(`${o.maxReplications !== undefined ? '--max-replications' : '--metrics'} goes with --precision`);
    return undefined;
  }
  if (!(o.precision > 0 && o.precision < 1)) throw new UsageError(`--precision ${o.precision}: expected a relative half-width between 0 and 1, e.g. 0.05 for 5 %`);
  const maxReplications = o.maxReplications ?? 100;
  if (maxReplications < o.replications) throw new UsageError(`--max-replications ${maxReplications}: fewer than the first round's --replications ${o.replications}`);
  const keys = metricCatalog(familyOf(s)).map((d) => d.key);
  const unknown = (o.metrics ?? []).filter((m) => !keys.includes(m));
  if (unknown.length) throw new UsageError(`--metrics: no metric ${unknown.map((m) => `'${m}'`).join(', ')} for a ${familyOf(s)} scenario (metrics: ${keys.join(', ')})`);
  return { precision: o.precision, maxReplications, ...(o.metrics ? { metrics: [...new Set(o.metrics)] } : {}) };
}

/** Every file a compare or sweep writes: a folder holds one experiment's, never a mix. */
export const EXPERIMENT_FILES = ['compare.json', 'metrics.csv', 'differences.csv', 'replications.csv', 'sweep.json', 'sweep.csv', 'report.html'];

/** Seeds S … S+R−1 must be distinct integers. */
export function checkSeeds(first: number, replications: number): void {
  if (first + replications - 1 > Number.MAX_SAFE_INTEGER) throw new UsageError(`--seed: seeds ${first} … ${first} + ${replications - 1} run past 2^53 − 1, where they would repeat`);
}

/** JUnit XML written whole or not at all. */
export function writeJunit(file: string, suite: string, report: ComparisonReport, wallS: number): void {
  writeFileAtomic(file, junitXml(suite, report.assertions ?? [], wallS));
}

/** compare.json, the CSVs and the HTML report of a comparison (or of a single run). */
export function comparisonFiles(r: ComparisonReport, html: boolean): Record<string, string> {
  return {
    'compare.json': JSON.stringify(r, null, 1) + '\n',
    'metrics.csv': metricsCsv(r),
    'differences.csv': differencesCsv(r),
    'replications.csv': replicationsCsv(r),
    ...(html ? { 'report.html': renderComparisonHtml(r) } : {}),
  };
}

export async function compareCommand(file: string, o: CompareCliOptions): Promise<number> {
  // everything is validated before anything runs or is written
  const scenario = loadScenario(file);
  const policies = choosePolicies(scenario, o.policies);
  const assertions = parseAssertions(o.assert, scenario, policies, o.replications);
  const first = o.seed ?? scenario.seed ?? 1;
  const seeds = seedList(first, o.replications);
  const { backend, where } = chooseBackend(o, policies.length * seeds.length);
  const precise = precisionOptions(o, scenario);
  const out = o.out ?? join('runs', `${scenario.name}-compare-seed${first}-${precise ? `p${o.precision}` : `r${o.replications}`}`);
  checkSeeds(first, precise ? precise.maxReplications : o.replications);
  preflight({ out, junit: o.junit, store: o.store }, (dir) => withRunsStore(dir, () => undefined));

  const progress = new LazyProgress(`${scenario.name} ${policies.length}×${seeds.length}`, process.stderr.isTTY === true && !o.json);
  const t0 = performance.now();
  let report: ComparisonReport;
  try {
    report = precise
      ? await runToPrecision(
          { scenario, policies, workers: 0, backend, version: packageVersion(), firstSeed: first, initial: o.replications, ...precise, onProgress: (d, n) => progress.update(d / n, `${d}/${n} replications of this round`) },
          (n, w) => progress.update(1, `${n} replications; widest ${w ? `${((w.relative_half_width ?? 0) * 100).toFixed(1)} % (${w.policy} ${w.metric}${w.vs ? ` vs ${w.vs}` : ''})` : '—'}`),
        )
      : await runComparison({ scenario, policies, seeds, workers: 0, backend, version: packageVersion(), onProgress: (d, n) => progress.update(d / n, `${d}/${n} replications`) });
  } catch (err) {
    // Redis not reachable: exit 2 with its message; a job that failed stays a failure while running (exit 1)
    if (err instanceof BackendError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.stop();
  }
  if (assertions.length > 0) report.assertions = evaluateAssertions(assertions, report);
  const wallS = (performance.now() - t0) / 1000;
  const files = writeFileSet(out, comparisonFiles(report, o.report), EXPERIMENT_FILES);
  const id = o.store === false ? undefined : withRunsStore(o.store, (s) => s.recordComparison(report, { outDir: out, createdAt: new Date() }));
  if (o.junit) writeJunit(o.junit, `ctwin compare ${scenario.name}`, report, wallS);
  if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(formatComparison(report, { where, wallS, files, report: o.report ? join(out, 'report.html') : undefined, id }));
  const failed = (report.assertions ?? []).filter((a) => !a.passed);
  if (o.json) for (const a of failed) process.stderr.write(a.reason + '\n');
  return failed.length > 0 ? 1 : 0;
}
