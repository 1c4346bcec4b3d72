/**
 * Speed of seedrandom's generators and of the kernel's Rng, in ns per draw. Prints JSON.
 *
 * Each candidate runs in its own child process: in one process the shared call sites in the timing
 * loop become polymorphic and the later candidates look slower than they are. Reported: the
 * fastest of `reps` timed loops of `draws` draws each.
 *
 *   node dist/bench/kernel-rng.js [--draws 10000000] [--reps 5]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { RngStreams } from '../sim/kernel/rng.js';

type Draw = () => number;

const GENERATORS = ['alea', 'xor128', 'xorwow', 'xor4096', 'xorshift7', 'tychei'] as const;

/** candidate name → factory of a draw function (fresh per process) */
function candidates(): Record<string, () => Draw> {
  const c: Record<string, () => Draw> = {};
  for (const g of GENERATORS) {
    c[`${g} 32-bit prng()`] = () => seedrandom[g]('bench');
    c[`${g} 53-bit double()`] = () => {
      const p = seedrandom[g]('bench');
      return () => p.double();
    };
  }
  c['arc4 32-bit quick()'] = () => {
    const p = seedrandom('bench');
    return () => p.quick();
  };
  c['arc4 53-bit prng()'] = () => seedrandom('bench');
  c['kernel Rng 53-bit next()'] = () => {
    const r = new RngStreams('bench').stream('x');
    return () => r.next();
  };
  c['kernel Rng 32-bit uint32()'] = () => {
    const r = new RngStreams('bench').stream('x');
    return () => r.uint32();
  };
  return c;
}

function timeOne(draw: Draw, draws: number, reps: number): number {
  let sink = 0;
  for (let i = 0; i < 1e6; i++) sink += draw(); // warm up the JIT
  const ns: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < draws; i++) sink += draw();
    ns.push(Number(process.hrtime.bigint() - t0) / draws);
  }
  if (sink < 0) console.error(sink); // keep the loop alive
  // the fastest repetition: on a shared machine interference only ever adds time
  return Math.min(...ns);
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

export function benchRng(draws = 1e7, reps = 5): Record<string, number> {
  const self = fileURLToPath(import.meta.url);
  const out: Record<string, number> = {};
  for (const name of Object.keys(candidates())) {
    const res = execFileSync(process.execPath, [self, '--one', name, '--draws', String(draws), '--reps', String(reps)], {
      encoding: 'utf8',
    });
    out[name] = Math.round(Number(res.trim()) * 100) / 100;
  }
  return out;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const draws = arg('--draws', 1e7);
  const reps = arg('--reps', 5);
  const one = process.argv.indexOf('--one');
  if (one >= 0) {
    const name = process.argv[one + 1];
    process.stdout.write(String(timeOne(candidates()[name](), draws, reps)));
  } else {
    const nsPerDraw = benchRng(draws, reps);
    console.log(JSON.stringify({ bench: 'kernel-rng', unit: 'ns/draw', node: process.version, draws, reps, nsPerDraw }, null, 2));
  }
}
