/**
 * Throughput of the kernel alone on an M/M/c gate (c = 4, ρ = 0.8): EventQueue + Resource +
 * RngStreams + exponential, no machines. The ceiling any executor can reach. Prints JSON.
 *
 *   node dist/bench/kernel-resource.js [--customers 2000000]
 */
import { fileURLToPath } from 'node:url';
import { exponential } from '../sim/kernel/distributions.js';
import { mmc } from '../sim/kernel/erlang.js';
import { EventQueue } from '../sim/kernel/event-queue.js';
import { Resource } from '../sim/kernel/resource.js';
import { RngStreams } from '../sim/kernel/rng.js';
import { Priority, type Scheduler, type TimerHandle } from '../sim/kernel/scheduler.js';

class Loop implements Scheduler {
  now = 0;
  readonly q = new EventQueue();
  schedule<A>(delay: number, fn: (arg: A) => void, arg: A, priority: number = Priority.normal): TimerHandle {
    return this.q.push(this.now + delay, priority, fn, arg);
  }
  cancel(t: TimerHandle): void {
    this.q.cancel(t);
  }
  run(): number {
    let n = 0;
    for (let e = this.q.pop(); e !== undefined; e = this.q.pop()) {
      this.now = e.t;
      e.fn(e.a, e.b);
      n++;
    }
    return n;
  }
}

export function benchResource(customers = 2_000_000, lambda = 3.2, mu = 1, c = 4) {
  const loop = new Loop();
  const rng = new RngStreams('bench');
  const arrivals = rng.stream('arrivals');
  const service = rng.stream('service');
  const gate = new Resource<number>(loop, { name: 'gate', capacity: c });
  let arrived = 0;
  const depart = (server: number) => gate.release(server);
  const onGrant = (_id: number, server: number) => {
    loop.schedule(exponential(service, 1 / mu), depart, server);
  };
  const arrive = () => {
    gate.request(arrived, onGrant);
    if (++arrived < customers) loop.schedule(exponential(arrivals, 1 / lambda), arrive, undefined);
  };
  loop.schedule(exponential(arrivals, 1 / lambda), arrive, undefined);
  const t0 = process.hrtime.bigint();
  const events = loop.run();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    bench: 'kernel-resource',
    customers,
    events,
    seconds: Math.round(s * 1000) / 1000,
    customersPerSecond: Math.round(customers / s),
    nsPerCustomer: Math.round((s * 1e9) / customers),
    meanWait: gate.waits.mean,
    theoryWq: mmc(lambda, mu, c).Wq,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--customers');
  benchResource(200_000); // warm up the JIT
  console.log(JSON.stringify(benchResource(i >= 0 ? Number(process.argv[i + 1]) : 2_000_000), null, 2));
}
