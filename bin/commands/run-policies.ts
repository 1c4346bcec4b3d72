/**
 * `ctwin run` for a scenario with policies (port, zone, network): runs every policy (or those chosen with
 * `--policy`) on the same seed, so that they see the same world, and writes into the output folder
 * one event stream per policy, `events/<policy>.ndjson`, and one `summary.json` with each policy's
 * figures. Prints a side-by-side table, or one JSON line with `--json`.
 *
 * Everything is validated before anything is written; the files are written as `*.partial` and
 * renamed once every policy has run; a failure removes what the run wrote; a stream left by an
 * earlier run in the folder is removed. The family supplies how to run one policy and how to print.
 */
import { existsSync, mkdirSync, renameSync, rmdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventSink } from '../../sim/engine/simulation.js';
import { scenarioHash } from '../../scenarios/loader.js';
import type { Scenario } from '../../scenarios/schema.js';
import type { ReplicationResult } from '../../reports/experiment-results.js';
import { NdjsonWriter } from '../ndjson-writer.js';
import { LazyProgress } from '../progress.js';
import { packageVersion } from '../version.js';
import { UsageError } from '../usage-error.js';
import { EVENTS_SCHEMA, GATE_EVENTS_FILE, PORT_EVENTS_DIR, SUMMARY_SCHEMA, openRunOutput, removePortStreams } from './output.js';
import { estimateEventVolume } from '../../runner/event-volume.js';
import type { RunSteps } from '../../runner/steps.js';
import { stepThrough } from './interrupt.js';
import type { RunOptions } from './run.js';
import { afterRun, runAssertions } from './run-report.js';
import { selectPolicies, type ScenarioWithPolicies } from './policies.js';

/** What `summary.json` holds for a run of several policies; `P` is one policy's part. */
export type PoliciesSummary<P, H> = {
  schema: string;
  scenario: string;
  scenario_hash: string;
  seed: number;
  version: string;
  engine: string;
  policies: P[];
} & H;

export interface PolicyRun<P> {
  /** the policy's part of summary.json */
  summary: P;
  /** its scalars, for assertions, the report and the runs store */
  replication: ReplicationResult;
}

export interface PoliciesRunSpec<P extends { name: string; metrics: unknown }, H> {
  scenario: Scenario;
  /** the policies to run, already validated */
  names: string[];
  /** the summary's fields between `engine` and `policies` (horizon, family...) */
  header: H;
  /** one policy's run, as steps (runner/steps.ts) */
  runOne(name: string, seed: number, sink: EventSink | undefined, onProgress: (fractionDone: number) => void): RunSteps<PolicyRun<P>>;
  format(written: PoliciesSummary<P, H>, run: { engine: string; wallS: number; files: string[] }): string;
}

export async function runPoliciesCommand<P extends { name: string; metrics: unknown }, H>(spec: PoliciesRunSpec<P, H>, opts: RunOptions): Promise<number> {
  const { scenario, names } = spec;
  const assertions = runAssertions(scenario, names, opts);
  const seed = opts.seed ?? scenario.seed ?? 1;
  const out = opts.out ?? join('runs', `${scenario.name}-seed${seed}`);
  const eventsDir = join(out, PORT_EVENTS_DIR);
  if (opts.events && existsSync(eventsDir) && !statSync(eventsDir).isDirectory()) {
    throw new UsageError(`--out: ${eventsDir} exists and is not a folder (the event streams go there)`);
  }
  const version = packageVersion();
  const hash = scenarioHash(scenario);
  const summaryPath = join(out, 'summary.json');

  const { signals, created } = openRunOutput({ out, junit: opts.junit, store: opts.store, streams: opts.events ? estimateEventVolume(scenario, names.length) : null });
  let eventsDirCreated = false;
  const writers: NdjsonWriter[] = [];
  const progress = new LazyProgress(scenario.name, process.stderr.isTTY === true && !opts.json);
  const cleanup = () => {
    signals.dispose();
    progress.stop();
    for (const w of writers) w.abort();
    rmSync(summaryPath + '.partial', { force: true });
    if (created) rmSync(out, { recursive: true, force: true });
    else if (eventsDirCreated && readdirSync(eventsDir).length === 0) rmdirSync(eventsDir);
  };
  const t0 = performance.now();
  let summary: PoliciesSummary<P, H>;
  const replications: ReplicationResult[] = [];
  const files: string[] = [];
  try {
    if (opts.events && !existsSync(eventsDir)) {
      mkdirSync(eventsDir);
      eventsDirCreated = true;
    }
    const policies: P[] = [];
    for (const [i, name] of names.entries()) {
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
      const label = names.length > 1 ? `${name} (${i + 1}/${names.length})` : name;
      const r = await stepThrough(spec.runOne(name, seed, writer?.write, (f) => progress.update((i + f) / names.length, label)), signals);
      writer?.finish();
      policies.push(r.summary);
      replications.push(r.replication);
      if (writer) files.push(`${join(eventsDir, `${name}.ndjson`)} (${writer.lines.toLocaleString('en-US')} lines)`);
    }
    progress.stop();
    summary = {
      schema: SUMMARY_SCHEMA,
      scenario: scenario.name,
      scenario_hash: hash,
      seed,
      version,
      engine: opts.engine,
      ...spec.header,
      policies,
    } as PoliciesSummary<P, H>;
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
  signals.stop();
  files.unshift(summaryPath);
  const wallS = (performance.now() - t0) / 1000;
  const after = afterRun(scenario, seed, replications, out, assertions, opts, wallS);
  // the printed figures are the written ones (NaN as null)
  const written = JSON.parse(JSON.stringify(summary)) as PoliciesSummary<P, H>;
  if (opts.json) {
    const brief = { scenario: written.scenario, seed: written.seed, policies: written.policies.map((p) => ({ name: p.name, metrics: p.metrics })) };
    process.stdout.write(JSON.stringify(brief) + '\n');
  } else {
    process.stdout.write(spec.format(written, { engine: opts.engine, wallS, files }));
    process.stdout.write(after.lines.map((l) => l + '\n').join(''));
  }
  if (opts.json) for (const a of after.report.assertions ?? []) if (!a.passed) process.stderr.write(a.reason + '\n');
  return after.status;
}

/** One policy's part of summary.json for the families whose runner gives metrics and counts alone (zone, network). */
export interface MetricsPolicySummary<M> {
  name: string;
  description?: string;
  metrics: M;
  counts: { events_processed: number; events_emitted: number };
}

/**
 * `ctwin run` for a family whose runner returns its metrics and event counts: every chosen policy
 * through `run`, with its description, its scalars (`replication`) and the family's table.
 */
export function runMetricsPoliciesCommand<C extends { policy: { description?: string } }, M, H>(
  spec: {
    scenario: ScenarioWithPolicies;
    header: H;
    configFor(name: string): C;
    /** one policy's run, as steps (runner/steps.ts) */
    run(config: C, opts: { seed: number; engine: RunOptions['engine']; sink: EventSink | undefined; onProgress: (fractionDone: number) => void }): RunSteps<{ metrics: M; events: number; emits: number }>;
    replication(name: string, seed: number, metrics: M): ReplicationResult;
    format: PoliciesRunSpec<MetricsPolicySummary<M>, H>['format'];
  },
  opts: RunOptions,
): Promise<number> {
  const names = selectPolicies(spec.scenario, opts.policy);
  const configs = new Map(names.map((name) => [name, spec.configFor(name)]));
  return runPoliciesCommand(
    {
      scenario: spec.scenario,
      names,
      header: spec.header,
      runOne: function* (name, seed, sink, onProgress) {
        const config = configs.get(name)!;
        const r = yield* spec.run(config, { seed, engine: opts.engine, sink, onProgress });
        return {
          summary: {
            name,
            ...(config.policy.description !== undefined ? { description: config.policy.description } : {}),
            metrics: r.metrics,
            counts: { events_processed: r.events, events_emitted: r.emits },
          },
          replication: spec.replication(name, seed, r.metrics),
        };
      },
      format: spec.format,
    },
    opts,
  );
}
