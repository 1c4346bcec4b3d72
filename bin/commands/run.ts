/**
 * `ctwin run <scenario>`: runs a scenario, writes the event stream (NDJSON) and summary.json into
 * the output folder, prints a readable summary or one JSON object. A gate scenario is run here; a
 * port scenario runs each of its policies on the same seed (run-port.ts).
 *
 * Nothing is written before the scenario and the options are validated; files are written under
 * temporary names and renamed only when the run has succeeded.
 */
import { rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenario, scenarioHash } from '../../scenarios/loader.js';
import type { GateScenario } from '../../scenarios/schema.js';
import { gateSiteConfig, mmcParameters, runHorizon } from '../../scenarios/gate-config.js';
import { gateRunSteps, type GateRunResult } from '../../runner/run-gate.js';
import { estimateEventVolume } from '../../runner/event-volume.js';
import { stepThrough } from './interrupt.js';
import type { EngineKind } from '../../sim/engine/executor.js';
import { NdjsonWriter } from '../ndjson-writer.js';
import { LazyProgress } from '../progress.js';
import { packageVersion } from '../version.js';
import { formatRunSummary } from './run-format.js';
import { UsageError } from '../usage-error.js';
import { EVENTS_SCHEMA, SUMMARY_SCHEMA, openRunOutput, removePortStreams } from './output.js';
import { runPortCommand } from './run-port.js';
import { runZoneCommand } from './run-zone.js';
import { runNetworkCommand } from './run-network.js';
import { afterRun, runAssertions, type RunReportOptions } from './run-report.js';
import { gateReplication } from '../../experiments/replication.js';

export { EVENTS_SCHEMA, SUMMARY_SCHEMA } from './output.js';

export interface RunOptions extends RunReportOptions {
  seed?: number;
  out?: string;
  json?: boolean;
  engine: EngineKind;
  events: boolean;
  /** port scenarios: the policies to run (default: all of them, in file order) */
  policy?: string[];
}

/** Returns the exit status: 1 when an assertion failed. Ctrl-C or SIGTERM during the run: `Interrupted`, its files removed. */
export async function runCommand(file: string, opts: RunOptions): Promise<number> {
  // ScenarioError → exit 2, before anything is written
  const scenario = loadScenario(file);
  if (scenario.kind === 'port') return runPortCommand(scenario, opts);
  if (scenario.kind === 'zone') return runZoneCommand(scenario, opts);
  if (scenario.kind === 'network') return runNetworkCommand(scenario, opts);
  if (opts.policy !== undefined) {
    throw new UsageError(`--policy: scenario '${scenario.name}' is a gate scenario and has no policies (only port, zone and network scenarios have them)`);
  }
  return runGateCommand(scenario, opts);
}

async function runGateCommand(scenario: GateScenario, opts: RunOptions): Promise<number> {
  const assertions = runAssertions(scenario, undefined, opts);
  const seed = opts.seed ?? scenario.seed ?? 1;
  const out = opts.out ?? join('runs', `${scenario.name}-seed${seed}`);
  const horizon = runHorizon(scenario);
  const version = packageVersion();
  const hash = scenarioHash(scenario);

  const eventsPath = join(out, 'events.ndjson');
  const summaryPath = join(out, 'summary.json');
  const { signals, created } = openRunOutput({ out, junit: opts.junit, store: opts.store, streams: opts.events ? estimateEventVolume(scenario, 1) : null });
  let writer: NdjsonWriter | null = null;
  const progress = new LazyProgress(scenario.name, process.stderr.isTTY === true && !opts.json);
  // On failure or a signal, remove what this run wrote.
  const cleanup = () => {
    signals.dispose();
    progress.stop();
    writer?.abort();
    rmSync(summaryPath + '.partial', { force: true });
    if (created) rmSync(out, { recursive: true, force: true });
  };
  const t0 = performance.now();
  let summary: Parameters<typeof formatRunSummary>[0] & Record<string, unknown>;
  let gateMetrics: GateRunResult['metrics'];
  try {
    writer = opts.events ? new NdjsonWriter(eventsPath) : null;
    writer?.write(0, 'run', { type: 'run.header', schema: EVENTS_SCHEMA, scenario: scenario.name, scenario_hash: hash, seed, version } as never);
    const result: GateRunResult = await stepThrough(gateRunSteps(gateSiteConfig(scenario), {
      seed,
      engine: opts.engine,
      warmupS: horizon.warmupS,
      endS: horizon.endS,
      sink: writer?.write,
      theory: mmcParameters(scenario),
      slices: 200,
      onSlice: (f, sim) => progress.update(f, `${(sim.now / 3600).toFixed(1)} h simulated`),
    }), signals);
    progress.stop();
    gateMetrics = result.metrics;
    summary = {
      schema: SUMMARY_SCHEMA,
      scenario: scenario.name,
      scenario_hash: hash,
      seed,
      version,
      horizon_s: horizon.endS === Infinity ? null : horizon.endS,
      warmup_s: horizon.warmupS,
      end_s: result.endS,
      ...result.metrics,
      ...(result.theory ? { theory: result.theory } : {}),
      counts: { events_processed: result.events, events_emitted: result.emits },
    };
    writeFileSync(summaryPath + '.partial', JSON.stringify(summary, null, 2) + '\n');
    // commit: the stream first, then the summary that describes it; a stream left from an
    // earlier run in the same folder must not sit beside this run's summary
    if (writer) writer.commit();
    else rmSync(eventsPath, { force: true });
    removePortStreams(out); // streams of a port run in the same folder
    renameSync(summaryPath + '.partial', summaryPath);
  } catch (err) {
    cleanup();
    throw err;
  }
  signals.stop();
  const wallS = (performance.now() - t0) / 1000;
  const after = afterRun(scenario, seed, [gateReplication(seed, gateMetrics)], out, assertions, opts, wallS);
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    process.stdout.write(
      formatRunSummary(summary, {
        engine: opts.engine,
        wallS,
        files: writer ? [`${eventsPath} (${writer.lines.toLocaleString('en-US')} lines)`, summaryPath] : [summaryPath],
      }),
    );
    process.stdout.write(after.lines.map((l) => l + '\n').join(''));
  }
  if (opts.json) for (const a of after.report.assertions ?? []) if (!a.passed) process.stderr.write(a.reason + '\n');
  return after.status;
}
