/**
 * `ctwin load`: drives emulated gates against a running twin and prints one JSON object
 * (twin/load.ts). Thresholds for CI: a run that misses one exits 1, with the reason on stderr.
 * Failed attempts (the twin restarting, say) are retried and reported, and fail nothing by
 * themselves: a run fails for frames given up, never sent or rejected, or a log that did not grow
 * by the frames acknowledged.
 */
import { Command, Option } from 'commander';
import { UsageError, parseNonNegInt, parsePositiveInt, parsePositiveNumber } from '../usage-error.js';

interface LoadCliOptions {
  twin: string;
  gates: number;
  rate: number;
  duration: number;
  transport: 'tcp' | 'http' | 'mqtt';
  token?: string;
  seed: number;
  connections?: number;
  retryFor?: number;
  maxP99Ms?: number;
  minThroughput?: number;
}

/** 0 is allowed: no second attempt */
function parseRetryFor(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--retry-for: expected a number of seconds, 0 or more, got ${JSON.stringify(v)}`);
  return n;
}

export function registerLoadCommand(program: Command): void {
  program
    .command('load')
    .description('drive emulated gates against a running twin at a fixed rate, sending again what failed; print throughput, failures and latency percentiles of acknowledged frames (frame due → logged, applied, acknowledged) as JSON, and check the durable log grew by the frames acknowledged')
    .requiredOption('--twin <url>', 'the twin, e.g. http://127.0.0.1:8080')
    .option('--gates <n>', 'emulated gates (lanes L1..Ln of the twin\'s site)', (v) => parsePositiveInt('--gates', v), 4)
    .option('--rate <fps>', 'frames per second, all gates together', (v) => parsePositiveNumber('--rate', v), 1000)
    .option('--duration <s>', 'seconds of sending', (v) => parsePositiveNumber('--duration', v), 10)
    .addOption(new Option('--transport <kind>', 'tcp (gateway link, one connection per gate), http (POST /ingest), mqtt (QoS 1, one client per gate)').choices(['tcp', 'http', 'mqtt']).default('tcp'))
    .option('--token <token>', "the twin's bearer token (default: $CTWIN_TWIN_TOKEN)")
    .option('--seed <n>', 'seed of the emulated gates', (v) => parseNonNegInt('--seed', v), 1)
    .option('--connections <n>', 'http: keep-alive connections (default 4 per gate, at least 8)', (v) => parsePositiveInt('--connections', v))
    .option('--retry-for <s>', 'a frame whose send failed (connection refused or lost, twin restarting) is sent again, with back-off, for this long after it was due; then given up (default 30)', parseRetryFor)
    .option('--max-p99-ms <ms>', 'exit 1 if the p99 latency is above this', (v) => parsePositiveNumber('--max-p99-ms', v))
    .option('--min-throughput <fps>', 'exit 1 if fewer frames a second were answered', (v) => parsePositiveNumber('--min-throughput', v))
    .action(async (o: LoadCliOptions) => {
      const token = o.token ?? process.env.CTWIN_TWIN_TOKEN;
      if (token === undefined || token === '') throw new UsageError('--token: needed (or $CTWIN_TWIN_TOKEN): the twin printed it when it started');
      let twin: URL;
      try {
        twin = new URL(o.twin);
      } catch {
        throw new UsageError(`--twin: expected a URL like http://127.0.0.1:8080, got ${JSON.stringify(o.twin)}`);
      }
      const { runLoad, RETRY_FOR_S } = await import('../../twin/load.js');
      const retryFor = o.retryFor ?? RETRY_FOR_S;
      let r;
      try {
        r = await runLoad({ twin: twin.href, gates: o.gates, rate: o.rate, durationS: o.duration, transport: o.transport, token, seed: o.seed, retryForS: retryFor, ...(o.connections ? { connections: o.connections } : {}) });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      const fails: string[] = [];
      if (r.given_up > 0) fails.push(`${r.given_up} frames were given up: not acknowledged within ${retryFor} s of being due (${r.failed_attempts} failed attempts: ${JSON.stringify(r.failures)})`);
      if (r.not_sent > 0) fails.push(`${r.not_sent} frames were never sent: the twin stopped answering`);
      if (r.rejected > 0) fails.push(`${r.rejected} frames were rejected: ${JSON.stringify(r.reasons)}`);
      if (r.logged.delta === null) fails.push(`the twin did not answer GET /api/site at the end: its durable log could not be checked`);
      else if (!r.logged.matches) {
        const want = r.logged.expected_min === r.logged.expected_max ? `the ${r.logged.expected_min}` : `${r.logged.expected_min} to ${r.logged.expected_max}`;
        fails.push(`the durable log's ${r.logged.source} inputs grew by ${r.logged.delta}, not by ${want} frames this run got into it`);
      }
      if (o.maxP99Ms !== undefined && (r.latency_ms.p99 ?? Infinity) > o.maxP99Ms) fails.push(`p99 latency ${r.latency_ms.p99} ms > ${o.maxP99Ms} ms`);
      if (o.minThroughput !== undefined && r.throughput_fps < o.minThroughput) fails.push(`throughput ${r.throughput_fps} frames/s < ${o.minThroughput}`);
      for (const f of fails) process.stderr.write(`load: ${f}\n`);
      if (fails.length > 0) process.exitCode = 1;
    });
}
