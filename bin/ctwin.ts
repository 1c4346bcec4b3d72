#!/usr/bin/env -S node --max-semi-space-size=64
/**
 * The `ctwin` command line. Exit status: 0 success, 1 a failure while running, 2 bad input
 * (options, scenario files): one clear message on stderr, never a stack trace for bad input.
 *
 * A command's module is imported when the command runs, not before: the simulation, the
 * experiments, the emulators and their dependencies take most of a second to load, and `ctwin
 * --help` or `ctwin decode` need none of it.
 */
import { Command, CommanderError, Option } from 'commander';
import type { runCommand } from './commands/run.js';
import type { compareCommand } from './commands/compare.js';
import type { sweepCommand } from './commands/sweep.js';
import type { decodeCommand } from './commands/decode.js';
import { collectPolicies } from './commands/policies.js';
import { packageVersion } from './version.js';
import { DEFAULT_QUEUE, DEFAULT_REDIS } from '../experiments/redis-url.js';
import { registerReportCommand } from './commands/report.js';
import { registerEmuCommand } from './commands/emu-cli.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTrainCommands } from './commands/train.js';
import { registerTwinCommand } from './commands/twin-cli.js';
import { registerLoadCommand } from './commands/load.js';
import { UsageError, parseEngine, parseNonNegInt, parsePositiveInt, parsePositiveNumber } from './usage-error.js';

const program = new Command();
program
  .name('ctwin')
  .description('customs-twin: simulation and digital twin of customs supervision')
  .version(packageVersion())
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];
/** where runs are recorded: CI and tests point CTWIN_STORE elsewhere than the working folder */
const defaultStore = process.env.CTWIN_STORE || 'runs';
/** the queue backend's Redis ($CTWIN_REDIS, else the local default) */
const defaultRedis = process.env.CTWIN_REDIS || DEFAULT_REDIS;

program
  .command('run')
  .description('run a scenario (gate, or every policy of a port scenario on one seed); write the event stream(s) and summary.json; print a summary')
  .argument('<scenario>', 'scenario YAML file, e.g. scenarios/port-reform.yaml or scenarios/gate-mmc.yaml')
  .option('--seed <n>', 'random seed (default: the scenario\'s seed, else 1)', (v) => parseNonNegInt('--seed', v))
  .option('--out <dir>', 'output folder (default: runs/<scenario>-seed<seed>)')
  .option('--policy <names>', 'port scenarios: run only these policies (repeatable, or comma-separated; default: all)', collectPolicies)
  .option('--json', 'print one JSON object (the summary) instead of text')
  .addOption(new Option('--engine <kind>', 'executor: compiled (fast) or xstate (live actors)').default('compiled').argParser(parseEngine))
  .option('--no-events', 'do not write the event stream(s)')
  .option('--assert <expr>', "CI gate, repeatable: '[policy:]metric <op> <number>', e.g. 'clearance_p95_min < 45'; a failure exits 1", collect)
  .option('--junit <file>', 'write the assertions as JUnit XML (one test case per assertion)')
  .option('--store <dir>', 'runs store folder (SQLite history; $CTWIN_STORE when set)', defaultStore)
  .option('--no-store', 'do not record the run in the runs store')
  .option('--no-report', 'do not write report.html')
  .action(async (file: string, o: Parameters<typeof runCommand>[1]) => {
    const { runCommand } = await import('./commands/run.js');
    process.exitCode = await runCommand(file, o);
  });

/** The options compare and sweep share: seeds, workers, output, history. */
function experimentOptions(cmd: Command, kind: 'compare' | 'sweep', replications: number): Command {
  return cmd
    .option('--replications <n>', `replications (seeds) per policy${kind === 'sweep' ? ' and point' : ''}`, (v) => parsePositiveInt('--replications', v), replications)
    .option('--seed <n>', "first seed; replication r runs on seed + r (default: the scenario's seed, else 1)", (v) => parseNonNegInt('--seed', v))
    .option('--workers <n>', 'worker threads (default: the cores available)', (v) => parsePositiveInt('--workers', v))
    .option('--out <dir>', `output folder (default: runs/<scenario>-${kind}-seed<seed>-r<R>)`)
    .option('--store <dir>', 'runs store folder (SQLite history; $CTWIN_STORE when set)', defaultStore)
    .option('--no-store', `do not record the ${kind} in the runs store`)
    .option('--no-report', 'do not write report.html')
    .option('--json', `print the ${kind === 'compare' ? 'comparison' : 'sweep'} as one JSON object`)
    .addOption(new Option('--backend <kind>', 'where replications run: local worker threads, or a BullMQ queue on Redis served by `ctwin worker`s on any machines').choices(['local', 'bullmq']).default('local'))
    .option('--redis <url>', 'with --backend bullmq: the Redis server ($CTWIN_REDIS when set)', defaultRedis)
    .option('--queue <name>', 'with --backend bullmq: the queue name (workers must use the same)', DEFAULT_QUEUE);
}

experimentOptions(
  program
    .command('compare')
    .description('compare policies over R replications (the same seeds for every policy: common random numbers); means with 95 % intervals, paired differences against the first policy, HTML report, CSV and JSON')
    .argument('<scenario>', 'scenario YAML file, e.g. scenarios/port-reform.yaml')
    .option('--policies <names>', 'policies to compare, comma-separated or repeated; the first is the baseline (default: all, in file order)', collectPolicies)
    .option('--assert <expr>', "CI gate, repeatable: '[policy:]metric[.lo|.hi] <op> <number>', e.g. 'clearance_p95_min < 45'; a failure exits 1", collect)
    .option('--junit <file>', 'write the assertions as JUnit XML (one test case per assertion)')
    .option('--precision <gamma>', 'add replications (from --replications, in rounds, on the same seeds) until every 95 % half-width is at most this share of its mean, e.g. 0.05', (v) => parsePositiveNumber('--precision', v))
    .option('--max-replications <n>', 'with --precision: stop at this many replications per policy (default 100)', (v) => parsePositiveInt('--max-replications', v))
    .option('--metrics <keys>', 'with --precision: the metrics to hold to it, comma-separated (default: the headline ones)', (v: string, prev?: string[]) => [...(prev ?? []), ...v.split(',').map((x) => x.trim()).filter(Boolean)]),
  'compare',
  5,
).action(async (file: string, o: Parameters<typeof compareCommand>[1]) => {
  const { compareCommand } = await import('./commands/compare.js');
  process.exitCode = await compareCommand(file, o);
});

experimentOptions(
  program
    .command('sweep')
    .description('factorial sweep over scenario paths: every point runs every policy on the same seeds; table (CSV, JSON) and charts with interval bands')
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--vary <path=spec>', "a factor, repeatable: 'path=from..to[:step]' or 'path=v1,v2,…'; path segments are keys, list indices, * or policy names, e.g. 'policies.reform.gate.smart_lanes=4..10:2'", collect)
    .option('--policies <names>', 'policies to run at every point (default: all)', collectPolicies),
  'sweep',
  3,
).action(async (file: string, o: Parameters<typeof sweepCommand>[1]) => {
  const { sweepCommand } = await import('./commands/sweep.js');
  process.exitCode = await sweepCommand(file, o);
});

program
  .command('worker')
  .description('run replications queued by `ctwin compare|sweep --backend bullmq` on this machine, until stopped (Ctrl-C finishes the jobs in hand)')
  .option('--redis <url>', 'the Redis server ($CTWIN_REDIS when set)', defaultRedis)
  .option('--queue <name>', 'the queue name', DEFAULT_QUEUE)
  .option('--concurrency <n>', 'replications at a time, each in a thread of its own (default: the cores available)', (v) => parsePositiveInt('--concurrency', v))
  .option('--lock-seconds <s>', "a job's lock; if this worker dies, its jobs go to other workers after about this long", (v) => parsePositiveNumber('--lock-seconds', v), 30)
  .action(async (o: { redis: string; queue: string; concurrency?: number; lockSeconds: number }) => {
    const { workerCommand } = await import('./commands/worker.js');
    await workerCommand(o);
  });

registerReportCommand(program);
registerEmuCommand(program);
registerServeCommand(program);
registerTrainCommands(program);
registerTwinCommand(program);
registerLoadCommand(program);

program
  .command('decode')
  .description('decode one device frame (iso6346, jt808, gt06, nmea, mettler-toledo, xk3190, anpr-xml, n42, gather-info, …) and print it as JSON; exit 2 with the reason when it does not decode')
  .requiredOption('--format <name>', 'frame format')
  .option('--hex <bytes>', 'the frame as hex (spaces, colons and 0x allowed)')
  .option('--text <text>', 'the frame as text (XML, NMEA, JSON, container numbers)')
  .option('--file <path>', 'the frame from a file, as bytes')
  .action(async (o: Parameters<typeof decodeCommand>[0]) => (await import('./commands/decode.js')).decodeCommand(o));

const bench = program.command('bench').description('measure the engine: speed and accuracy against theory');
bench
  .command('mmc')
  .description('M/M/c gate: trucks through the engine as machines; mean wait against Erlang C')
  .option('--lambda <rate>', 'arrival rate', (v) => parsePositiveNumber('--lambda', v), 3.2)
  .option('--mu <rate>', 'service rate per server', (v) => parsePositiveNumber('--mu', v), 1)
  .option('--servers <c>', 'number of servers (lanes)', (v) => parsePositiveInt('--servers', v), 4)
  .option('--trucks <n>', 'trucks to simulate', (v) => parsePositiveInt('--trucks', v), 1_000_000)
  .option('--seed <n>', 'random seed', (v) => parseNonNegInt('--seed', v), 7)
  .addOption(new Option('--engine <kind>', 'compiled or xstate').default('compiled').argParser(parseEngine))
  .option('--full-metrics', "stream consumer with ctwin run's complete metrics (percentiles), not means only")
  .option('--json', 'print one JSON line')
  .action(async (o: { lambda: number; mu: number; servers: number; trucks: number; seed: number; engine: 'compiled' | 'xstate'; fullMetrics?: boolean; json?: boolean }) => {
    const { benchMmc } = await import('./commands/bench-mmc.js');
    const r = benchMmc(o);
    if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
    else {
      process.stdout.write(
        [
          `M/M/${r.servers} λ=${r.lambda} μ=${r.mu} · ${r.trucks.toLocaleString('en-US')} trucks · seed ${r.seed} · ${r.engine} engine · ${r.metrics} metrics`,
          `mean wait in queue ${r.wq.toPrecision(6)} (Erlang C ${r.erlang_c_wq.toPrecision(6)}, ${(r.rel_err * 100).toFixed(2)} %)`,
          `${Math.round(r.trucks_per_s).toLocaleString('en-US')} trucks/s · ${Math.round(r.events_per_s).toLocaleString('en-US')} events/s · ${r.wall_s.toFixed(2)} s · peak RSS ${r.peak_rss_mb.toFixed(0)} MB`,
        ].join('\n') + '\n',
      );
    }
  });

bench
  .command('scenario')
  .description('one policy of a port scenario, run as ctwin run runs it, nothing written: speed and peak memory')
  .argument('<scenario>', 'port scenario YAML file, e.g. scenarios/port-peak.yaml')
  .option('--policy <name>', "the policy to run (default: the scenario's first)")
  .option('--seed <n>', "random seed (default: the scenario's seed, else 1)", (v) => parseNonNegInt('--seed', v))
  .addOption(new Option('--engine <kind>', 'compiled or xstate').default('compiled').argParser(parseEngine))
  .option('--repeat <n>', 'run N times on the same seed; report the median and the best', (v) => parsePositiveInt('--repeat', v), 1)
  .option('--days <n>', "stretch the horizon N times (the daily arrival profile repeats), to check that memory stays flat", (v) => parsePositiveInt('--days', v), 1)
  .option('--no-metrics', 'the bare simulation, without the metrics consumer')
  .option('--hours <n>', "arrivals for N hours instead of the scenario's horizon (short runs for instruction counts)", (v) => parsePositiveNumber('--hours', v))
  .addOption(new Option('--lodge <when>', "override the policy's lodging (before_arrival or at_arrival), to measure what pre-lodging costs").choices(['before_arrival', 'at_arrival']))
  .option('--json', 'print one JSON line')
  .action(async (file: string, o: { policy?: string; seed?: number; engine: 'compiled' | 'xstate'; repeat: number; days: number; metrics: boolean; lodge?: 'before_arrival' | 'at_arrival'; hours?: number; json?: boolean }) => {
    const { benchScenario, formatBenchScenario } = await import('./commands/bench-scenario.js');
    const r = benchScenario(file, o);
    process.stdout.write(o.json ? JSON.stringify(r) + '\n' : formatBenchScenario(r));
  });

function fail(message: string, code: number): never {
  process.stderr.write(`ctwin: ${message}\n`);
  process.exit(code);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // help and version exit 0; commander already printed its message for usage errors
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  // by name: the loader (yaml, zod, the schemas) is not loaded for commands that read no scenario
  if (err instanceof Error && err.name === 'ScenarioError') fail(`invalid scenario\n${err.message}`, 2);
  if (err instanceof UsageError) fail(err.message, 2);
  // Ctrl-C or SIGTERM during `ctwin run`: its files removed, the shell's code for the signal
  if (err instanceof Error && err.name === 'Interrupted') fail(err.message, (err as Error & { exitCode: number }).exitCode);
  // a failure while running: say what, keep the stack for a bug report only when asked
  const e = err as Error;
  if (process.env.CTWIN_DEBUG) process.stderr.write(`${e.stack}\n`);
  fail(`${e.message ?? String(err)}${process.env.CTWIN_DEBUG ? '' : '  (set CTWIN_DEBUG=1 for the stack trace)'}`, 1);
}
