/**
 * `npm run bench`: every benchmark, each in its own process (so one's JIT state and heap do not
 * colour another's), one JSON object per line on stdout. Measurements, not tests: compare
 * figures taken in one run, on one machine.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../runner/node-flags.js';

const dist = dirname(dirname(fileURLToPath(import.meta.url))); // dist/
const root = dirname(dist);
const ctwin = join(dist, 'bin', 'ctwin.js');
const peak = join(root, 'scenarios', 'port-peak.yaml');
// node flags before the script: --expose-gc lets `bench scenario` report the live heap; ctwin's
// own flags (the shebang's) are given as `npx ctwin` would
const gcAndCtwinFlags = ['--expose-gc', ...NODE_FLAGS];
/** The queue backend's benchmark needs a redis-server binary (scripts/ensure-redis.sh); without one it is left out. */
function hasRedis(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    process.stderr.write('bench: no redis-server, the queue backend is not measured (sh scripts/ensure-redis.sh)\n');
    return false;
  }
}
const runs: [string, string[]][] = [
  ['kernel loop (queue + resource + streams, no machines), 2M customers', [join(dist, 'bench', 'kernel-resource.js'), '--customers', '2000000']],
  ['mmc compiled, 1M trucks', [ctwin, 'bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '1000000', '--seed', '7', '--json']],
  ['mmc xstate, 50k trucks', [ctwin, 'bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '50000', '--seed', '7', '--engine', 'xstate', '--json']],
  ['mmc compiled, 50k trucks (same as xstate)', [ctwin, 'bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '50000', '--seed', '7', '--json']],
  ['event queue', [join(dist, 'bench', 'event-queue.js')]],
  ['random streams', [join(dist, 'bench', 'kernel-rng.js'), '--draws', '5000000', '--reps', '3']],
  ['port-peak, one day, full logic and metrics', [...gcAndCtwinFlags, ctwin, 'bench', 'scenario', peak, '--json']],
  ['port-peak, one day, V8 default young generation', ['--expose-gc', ctwin, 'bench', 'scenario', peak, '--json']],
  ['port-peak, three days (memory flat in run length?)', [...gcAndCtwinFlags, ctwin, 'bench', 'scenario', peak, '--days', '3', '--json']],
  ['port-peak, one day, pre-lodging off', [...gcAndCtwinFlags, ctwin, 'bench', 'scenario', peak, '--lodge', 'at_arrival', '--json']],
  ['zone: suzhou-networked-zone, enterprise-days per second by policy', [join(dist, 'bench', 'zone.js')]],
  ['network: shanghai-ftz-2014, consignments and GPS reports per second by policy', [join(dist, 'bench', 'network.js')]],
  ['smart lane: device reads + customs check per truck, in-process and wire', [join(dist, 'bench', 'smart-lane.js')]],
  ['live twin: frames/s durable, latency at 5,000 frames/s (twin and load on this machine)', [join(dist, 'bench', 'twin.js')]],
  ['H986 image: ms per 800×300 scan with grey and material PNGs, one core (budget 150 ms)', [join(dist, 'bench', 'scan-image.js')]],
  ['officer trainer: exercise build, case rendering, session finish (ms)', [join(dist, 'bench', 'training.js'), join(root, 'scenarios', 'training-port.yaml')]],
  ['viewer: JS ms per frame with 5,000 and 2,000 synthetic trucks (headless Chromium)', [join(dist, 'bench', 'viewer-frames.js')]],
  ...(hasRedis() ? [['queue backend: 200 short replications, local threads vs BullMQ with 2 workers', [join(dist, 'bench', 'queue-backend.js')]] as [string, string[]]] : []),
  ['compare, 20 replications of port-reform/reform, 1 worker vs 2', [join(dist, 'bench', 'compare-workers.js'), '--scenario', join(root, 'scenarios', 'port-reform.yaml')]],
  ['compare --precision 0.05 on gate-mmc: CPU over as many fixed replications', [join(dist, 'bench', 'compare-precision.js'), '--scenario', join(root, 'scenarios', 'gate-mmc.yaml')]],
];
const results: Record<string, any> = {};
for (const [label, args] of runs) {
  process.stderr.write(`bench: ${label}…\n`);
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  // one line per benchmark, whatever the child's formatting
  results[label] = JSON.parse(out);
  process.stdout.write(JSON.stringify(results[label]) + '\n');
}
// Ratios taken in one run: the machines here are shared, and absolute speed drifts by a factor
// of up to 1.7 within minutes; ratios drift far less.
const compiled = results['mmc compiled, 1M trucks'].trucks_per_s;
process.stdout.write(
  JSON.stringify({
    bench: 'ratios',
    compiled_trucks_per_s: compiled,
    compiled_vs_live_xstate: compiled / results['mmc xstate, 50k trucks'].trucks_per_s,
    compiled_vs_kernel_loop: compiled / results['kernel loop (queue + resource + streams, no machines), 2M customers'].customersPerSecond,
    compare_speedup_2_workers: results['compare, 20 replications of port-reform/reform, 1 worker vs 2'].speedup_best,
    port_consignments_per_s: results['port-peak, one day, full logic and metrics'].consignments_per_s,
    port_cpu_s_default_young_gen_vs_ctwin_flags: results['port-peak, one day, V8 default young generation'].cpu_s / results['port-peak, one day, full logic and metrics'].cpu_s,
    port_live_heap_3_days_vs_1: results['port-peak, three days (memory flat in run length?)'].live_heap_max_mb / results['port-peak, one day, full logic and metrics'].live_heap_max_mb,
  }) + '\n',
);
