/** M/M/c queues built from EventQueue + Resource + RngStreams only (shared by tests and bench). */
import { exponential } from '../../sim/kernel/distributions.js';
import { Resource } from '../../sim/kernel/resource.js';
import { RngStreams } from '../../sim/kernel/rng.js';
import { TestScheduler } from './helpers.js';

/**
 * FIFO M/M/c with `customers` arrivals. Inter-arrival and service times come from their own
 * streams; service is drawn at the grant. Returns the resource (waits, queue, utilisation) and
 * the number of arrivals that found a free server (to estimate P(wait = 0) by PASTA).
 */
export function simulateMMc(lambda: number, mu: number, c: number, customers: number, seed: number | string) {
  const sched = new TestScheduler();
  const rng = new RngStreams(seed);
  const arrivals = rng.stream('arrivals');
  const service = rng.stream('service');
  const gate = new Resource<number>(sched, { name: 'gate', capacity: c });
  const meanGap = 1 / lambda;
  const meanService = 1 / mu;
  let arrived = 0;
  let noWait = 0;
  const depart = (server: number) => gate.release(server);
  const onGrant = (_id: number, server: number) => {
    sched.schedule(exponential(service, meanService), depart, server);
  };
  const arrive = () => {
    if (gate.available > 0) noWait++;
    gate.request(arrived, onGrant);
    if (++arrived < customers) sched.schedule(exponential(arrivals, meanGap), arrive, undefined);
  };
  sched.schedule(exponential(arrivals, meanGap), arrive, undefined);
  sched.run();
  return { gate, now: sched.now, noWait };
}

/**
 * M/M/c with non-preemptive priority classes (class 0 first), all with service rate mu.
 * Returns the mean wait of each class.
 */
export function simulatePriorityMMc(lambdas: number[], mu: number, c: number, customers: number, seed: number | string) {
  const sched = new TestScheduler();
  const rng = new RngStreams(seed);
  const arrivals = rng.stream('arrivals');
  const klass = rng.stream('class');
  const service = rng.stream('service');
  const gate = new Resource<number>(sched, { name: 'gate', capacity: c, discipline: 'priority' });
  const total = lambdas.reduce((a, b) => a + b);
  const cls = new Int32Array(customers);
  const tReq = new Float64Array(customers);
  const waitSum = new Float64Array(lambdas.length);
  const count = new Float64Array(lambdas.length);
  let arrived = 0;
  const depart = (server: number) => gate.release(server);
  const onGrant = (id: number, server: number) => {
    waitSum[cls[id]] += sched.now - tReq[id];
    count[cls[id]]++;
    sched.schedule(exponential(service, 1 / mu), depart, server);
  };
  const arrive = () => {
    let u = klass.next() * total;
    let k = 0;
    while (k < lambdas.length - 1 && u >= lambdas[k]) u -= lambdas[k++];
    cls[arrived] = k;
    tReq[arrived] = sched.now;
    gate.request(arrived, onGrant, k);
    if (++arrived < customers) sched.schedule(exponential(arrivals, 1 / total), arrive, undefined);
  };
  sched.schedule(exponential(arrivals, 1 / total), arrive, undefined);
  sched.run();
  return Array.from(waitSum, (s, k) => s / count[k]);
}
