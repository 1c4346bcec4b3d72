/**
 * Event queue speed: a hold model (pop one, push one at a random later time) at several queue
 * sizes, the classic benchmark for simulation event lists. Prints one JSON line.
 *
 *   node dist/bench/event-queue.js [--ops 2000000]
 */
import { performance } from 'node:perf_hooks';
import { EventQueue } from '../sim/kernel/event-queue.js';
import { RngStreams } from '../sim/kernel/rng.js';

const ops = Number(process.argv[process.argv.indexOf('--ops') + 1]) || 2_000_000;
const noop = () => {};

/** Best of three timed hold loops, ns per (pop + push). A function, not module top level: V8
 * optimises top-level loops poorly, which once made this queue look three times slower. */
function hold(size: number): number {
  const q = new EventQueue();
  const rng = new RngStreams('bench').stream('hold');
  for (let i = 0; i < size; i++) q.push(rng.next(), 0, noop);
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    for (let i = 0; i < ops; i++) {
      const e = q.pop()!;
      q.push(e.t - Math.log(1 - rng.next()), 0, noop);
    }
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1e6) / ops;
}

const results: Record<string, number> = {};
for (const size of [10, 1_000, 100_000]) results[`hold_ns_per_op_size_${size}`] = hold(size);
process.stdout.write(JSON.stringify({ bench: 'event-queue', ops, ...results }) + '\n');
