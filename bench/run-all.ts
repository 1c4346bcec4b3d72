/**
 * `npm run bench`: every benchmark, each in its own process (so one's JIT state and heap do not
 * colour another's), one JSON object per line on stdout. Measurements, not tests: compare
 * figures taken in one run, on one machine.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = dirname(dirname(fileURLToPath(import.meta.url))); // dist/
const ctwin = join(dist, 'bin', 'ctwin.js');
const runs: [string, string[]][] = [
  ['mmc compiled, 1M trucks', [ctwin, 'bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '1000000', '--seed', '7', '--json']],
  ['mmc xstate, 50k trucks', [ctwin, 'bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '50000', '--seed', '7', '--engine', 'xstate', '--json']],
  ['mmc compiled, 50k trucks (same as xstate)', [ctwin, 'bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '50000', '--seed', '7', '--json']],
  ['event queue', [join(dist, 'bench', 'event-queue.js')]],
  ['random streams', [join(dist, 'bench', 'kernel-rng.js'), '--draws', '5000000', '--reps', '3']],
];
for (const [label, args] of runs) {
  process.stderr.write(`bench: ${label}…\n`);
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  // one line per benchmark, whatever the child's formatting
  process.stdout.write(JSON.stringify(JSON.parse(out)) + '\n');
}
