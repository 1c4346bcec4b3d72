/**
 * Instructions per truck on the M/M/c bench, and per consignment on port-peak (with `--port`), counted by valgrind (callgrind): repeatable to about
 * 0.5 % on a shared machine, where wall-clock throughput swings by ±20 % from one run to the next.
 * The marginal count between two run lengths leaves out start-up and JIT warm-up.
 * Use it to judge a change to the engine; `ctwin bench mmc` gives the speed a user sees.
 *
 *   npm run bench:instructions            (about a minute and a half; needs valgrind)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ctwin = join(dirname(dirname(fileURLToPath(import.meta.url))), 'bin', 'ctwin.js');

function instructions(trucks: number): number {
  return counted(['bench', 'mmc', '--trucks', String(trucks), '--json']).instructions;
}

function counted(args: string[]): { instructions: number; stdout: string } {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', ctwin, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const m = /Collected : (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`valgrind failed (is it installed? apt-get install valgrind):\n${r.stderr?.slice(-2000)}`);
  return { instructions: Number(m[1]), stdout: r.stdout };
}

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  process.stderr.write('bench:instructions needs valgrind (apt-get install -y valgrind)\n');
  process.exit(2);
}
if (process.argv.includes('--port')) {
  // port-peak's first 3 h against its first 6 h (both drained): the marginal cost of a consignment
  // with the full logic, start-up and JIT warm-up left out. A change that alters a random draw
  // changes the world too: compare such counts with care.
  const peak = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'scenarios', 'port-peak.yaml');
  const run = (hours: number) => {
    const r = counted(['bench', 'scenario', peak, '--hours', String(hours), '--no-metrics', '--json']);
    return { instructions: r.instructions, consignments: JSON.parse(r.stdout).consignments as number };
  };
  const a = run(3);
  const b = run(6);
  process.stdout.write(
    JSON.stringify({
      bench: 'instructions',
      unit: 'instructions per consignment',
      scenario: 'port-peak',
      hours: [3, 6],
      consignments: [a.consignments, b.consignments],
      total: [a.instructions, b.instructions],
      marginal_per_consignment: Math.round((b.instructions - a.instructions) / (b.consignments - a.consignments)),
    }) + '\n',
  );
  process.exit(0);
}
const small = 100_000;
const large = 300_000;
const a = instructions(small);
const b = instructions(large);
process.stdout.write(
  JSON.stringify({ bench: 'instructions', unit: 'instructions per truck', trucks: [small, large], total: [a, b], marginal_per_truck: Math.round((b - a) / (large - small)) }) + '\n',
);
