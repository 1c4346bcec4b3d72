/**
 * `ctwin run <port scenario>`: runs every policy of the scenario (or those chosen with
 * `--policy`) on the same seed, so that they see the same world, and writes into the output folder
 * one event stream per policy, `events/<policy>.ndjson`, and one `summary.json` with each
 * policy's metrics and site report. Prints a side-by-side table, or one JSON line with `--json`.
 *
 * The same rules as the gate run: everything is validated before anything is written; the files
 * are written as `*.partial` and renamed once every policy has run; a failure removes what the run
 * wrote; a stream left by an earlier run in the folder is removed.
 */
import { existsSync, mkdirSync, renameSync, rmdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scenarioHash } from '../../scenarios/loader.js';
import type { PortScenario } from '../../scenarios/port-schema.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { runPort } from '../../runner/run-port.js';
import type { PortMetricsSummary } from '../../reports/port-metrics.js';
import type { SiteFinal, SiteReport } from '../../sim/agents/port-site.js';
import { NdjsonWriter } from '../ndjson-writer.js';
import { LazyProgress } from '../progress.js';
import { packageVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import { EVENTS_SCHEMA, GATE_EVENTS_FILE, PORT_EVENTS_DIR, SUMMARY_SCHEMA, preflight, prepareOutput, removePortStreams } from './output.js';
import { withRunsStore } from '../../experiments/runs-store.js';
import { selectPolicies } from './policies.js';
import { formatPortSummary } from './run-port-format.js';
import type { RunOptions } from './run.js';
import { afterRun, runAssertions } from './run-report.js';
import { portReplication } from '../../experiments/replication.js';

export interface PortPolicySummary {
  name: string;
  description?: string;
  /** simulated time at the end, after the drain (s) */
  end_s: number;
  metrics: PortMetricsSummary;
  /** the site's own report over the statistics window (resources, officers, risk table), without its stream `type` */
  site: Omit<SiteReport, 'type'>;
  /** counts when the run ended (after the drain), without its stream `type` */
  final: Omit<SiteFinal, 'type'>;
  counts: { consignments: number; events_processed: number; events_emitted: number };
}

export interface PortSummary {
  schema: string;
  scenario: string;
  scenario_hash: string;
  seed: number;
  version: string;
  engine: string;
  horizon_s: number | null;
  warmup_s: number;
  policies: PortPolicySummary[];
}

export function runPortCommand(scenario: PortScenario, opts: RunOptions): number {
  // validate everything before writing anything
  const names = selectPolicies(scenario, opts.policy);
  const assertions = runAssertions(scenario, names, opts);
  const runs = names.map((name) => ({ name, config: portConfigFor(scenario, name) }));
  const seed = opts.seed ?? scenario.seed ?? 1;
  const out = opts.out ?? join('runs', `${scenario.name}-seed${seed}`);
  const eventsDir = join(out, PORT_EVENTS_DIR);
  if (opts.events && existsSync(eventsDir) && !statSync(eventsDir).isDirectory()) {
    throw new UsageError(`--out: ${eventsDir} exists and is not a folder (the event streams go there)`);
  }
  const version = packageVersion();
  const hash = scenarioHash(scenario);
  const world = runs[0].config.world;
  const summaryPath = join(out, 'summary.json');

  preflight({ out, junit: opts.junit, store: opts.store }, (dir) => withRunsStore(dir, () => undefined));
  const created = prepareOutput(out);
  let eventsDirCreated = false;
  const writers: NdjsonWriter[] = [];
  const progress = new LazyProgress(scenario.name, process.stderr.isTTY === true && !opts.json);
  const cleanup = () => {
    progress.stop();
    for (const w of writers) w.abort();
    rmSync(summaryPath + '.partial', { force: true });
    if (created) rmSync(out, { recursive: true, force: true });
    else if (eventsDirCreated && readdirSync(eventsDir).length === 0) rmdirSync(eventsDir);
  };
  const t0 = performance.now();
  let summary: PortSummary;
  const files: string[] = [];
  try {
    if (opts.events && !existsSync(eventsDir)) {
      mkdirSync(eventsDir);
      eventsDirCreated = true;
    }
    const policies: PortPolicySummary[] = [];
    runs.forEach(({ name, config }, i) => {
      const writer = opts.events ? new NdjsonWriter(join(eventsDir, `${name}.ndjson`)) : null;
      if (writer) writers.push(writer);
      writer?.write(0, 'run', {
        type: 'run.header',
        schema: EVENTS_SCHEMA,
        scenario: scenario.name,
        scenario_hash: hash,
        seed,
        version,
        policy: name,
      } as never);
      const label = runs.length > 1 ? `${name} (${i + 1}/${runs.length})` : name;
      const r = runPort(config, { seed, engine: opts.engine, sink: writer?.write, onProgress: (f) => progress.update((i + f) / runs.length, label) });
      writer?.finish();
      if (r.metrics === null) throw new Error(`policy '${name}': the run produced no metrics`);
      const { type: _type, ...site } = r.site;
      const { type: _ftype, ...final } = r.final;
      policies.push({
        name,
        ...(config.policy.description !== undefined ? { description: config.policy.description } : {}),
        end_s: r.endS,
        metrics: r.metrics,
        site,
        final,
        counts: { consignments: r.consignments, events_processed: r.events, events_emitted: r.emits },
      });
      if (writer) files.push(`${join(eventsDir, `${name}.ndjson`)} (${writer.lines.toLocaleString('en-US')} lines)`);
    });
    progress.stop();
    summary = {
      schema: SUMMARY_SCHEMA,
      scenario: scenario.name,
      scenario_hash: hash,
      seed,
      version,
      engine: opts.engine,
      horizon_s: Number.isFinite(world.endS) ? world.endS : null,
      warmup_s: world.warmupS,
      policies,
    };
    // JSON has no NaN: a figure with nothing to measure (no inspections, say) is written as null
    writeFileSync(summaryPath + '.partial', JSON.stringify(summary, null, 2) + '\n');
    // commit: the streams first, then the summary that describes them; streams of an earlier run
    // (other policies, or a gate run's events.ndjson) must not sit beside this run's summary
    for (const w of writers) w.commit();
    removePortStreams(out, new Set(opts.events ? names.map((n) => `${n}.ndjson`) : []));
    rmSync(join(out, GATE_EVENTS_FILE), { force: true });
    renameSync(summaryPath + '.partial', summaryPath);
  } catch (err) {
    cleanup();
    throw err;
  }
  files.unshift(summaryPath);
  const wallS = (performance.now() - t0) / 1000;
  const after = afterRun(scenario, seed, summary.policies.map((p) => portReplication(p.name, seed, p.metrics)), out, assertions, opts, wallS);
  // the printed figures are the written ones (NaN as null)
  const written = JSON.parse(JSON.stringify(summary)) as PortSummary;
  if (opts.json) {
    const brief = { scenario: written.scenario, seed: written.seed, policies: written.policies.map((p) => ({ name: p.name, metrics: p.metrics })) };
    process.stdout.write(JSON.stringify(brief) + '\n');
  } else {
    process.stdout.write(formatPortSummary(written, { engine: opts.engine, wallS, files }));
    process.stdout.write(after.lines.map((l) => l + '\n').join(''));
  }
  if (opts.json) for (const a of after.report.assertions ?? []) if (!a.passed) process.stderr.write(a.reason + '\n');
  return after.status;
}
