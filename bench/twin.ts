/**
 * The live twin under load: a twin of port-reform's reform policy (8 smart lanes) in its own
 * process, on a fresh log, driven by `ctwin load`'s engine from this process (so the twin and
 * the load share the machine's two cores, as they would in a one-machine site test).
 * - latency: 5,000 frames/s for 10 s over the gateway link; p50/p99 frame sent → acknowledged
 *   (acknowledged = in the log and applied);
 * - throughput: frames offered faster than the twin takes them; frames/s answered, all durable.
 * Also HTTP at 2,000 frames/s, one POST per frame. One JSON line.
 *
 *   node dist/bench/twin.js [--duration S] [--rate R] [--max-rate R]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad, type LoadResult } from '../twin/load.js';
import { parseTwinBanner } from '../bin/commands/twin-banner.js';

const dist = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dist);
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, rate: { type: 'string', default: '5000' }, 'max-rate': { type: 'string', default: '40000' } } });
const duration = Number(values.duration);
const token = 'bench-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'ctwin-bench-twin-'));

const child = spawn(process.execPath, [join(dist, 'bin', 'ctwin.js'), 'twin', '--scenario', join(root, 'scenarios', 'port-reform.yaml'), '--policy', 'reform', '--port', '0', '--db', join(dir, 'twin.sqlite')], {
  env: { ...process.env, CTWIN_TWIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((ok, bad) => {
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    const banner = parseTwinBanner(out);
    if (banner !== null) ok(banner.url);
  });
  child.once('exit', (code) => bad(new Error(`twin exited (${code}) before it was up: ${out}`)));
});

const pick = (r: LoadResult) => ({ rate_target: r.rate_target, sent: r.sent, accepted: r.accepted, given_up: r.given_up, failed_attempts: r.failed_attempts, rejected: r.rejected, throughput_fps: r.throughput_fps, send_rate_fps: r.send_rate_fps, latency_ms: r.latency_ms, all_logged: r.logged.matches });
try {
  // a short warm-up, so the JIT has seen every codec before anything is measured
  await runLoad({ twin: url, gates: 4, rate: 2000, durationS: 2, transport: 'tcp', token, seed: 9 });
  const latency = await runLoad({ twin: url, gates: 4, rate: Number(values.rate), durationS: duration, transport: 'tcp', token, seed: 1 });
  const throughput = await runLoad({ twin: url, gates: 8, rate: Number(values['max-rate']), durationS: duration, transport: 'tcp', token, seed: 2 });
  const httpRun = await runLoad({ twin: url, gates: 4, rate: 2000, durationS: duration, transport: 'http', token, seed: 3 });
  process.stdout.write(JSON.stringify({ bench: 'twin', duration_s: duration, latency_at_rate: pick(latency), max_throughput: pick(throughput), http_one_post_per_frame: pick(httpRun) }) + '\n');
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
