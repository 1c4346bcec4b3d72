/**
 * `ctwin bench mmc`: the engine's speed and accuracy on the M/M/c gate. Trucks run through the
 * engine as machines (the same truck machine and site wiring as `ctwin run`); the mean wait in
 * queue, computed from the event stream, is compared with Erlang C.
 *
 * By default the stream consumer keeps means only, as the simulators this is compared with do
 * (SimPy's M/M/c records mean waits); `--full-metrics` runs the complete metrics of `ctwin run`
 * (percentile sketches, time averages, utilisation) to measure what a real run costs.
 */
import { performance } from 'node:perf_hooks';
import { Simulation } from '../../sim/engine/simulation.js';
import { buildGateSite } from '../../sim/agents/gate-site.js';
import { GateMetrics } from '../../reports/gate-metrics.js';
import { GateMeans } from '../../reports/gate-means.js';
import { mmc } from '../../sim/kernel/erlang.js';
import type { EngineKind } from '../../sim/engine/executor.js';
import { UsageError } from '../usage-error.js';

export interface BenchMmcOptions {
  lambda: number;
  mu: number;
  servers: number;
  trucks: number;
  seed: number;
  engine: EngineKind;
  fullMetrics?: boolean;
}

export interface BenchMmcResult {
  bench: 'mmc';
  engine: EngineKind;
  metrics: 'means' | 'full';
  lambda: number;
  mu: number;
  servers: number;
  seed: number;
  trucks: number;
  /** mean wait in queue, in the time unit of 1/λ and 1/μ */
  wq: number;
  /** mean time in system */
  w: number;
  erlang_c_wq: number;
  erlang_c_w: number;
  rel_err: number;
  little_rel_diff: number;
  wall_s: number;
  /** CPU time of this process (all threads, GC included): steadier than wall time on a shared machine */
  cpu_s: number;
  trucks_per_s: number;
  trucks_per_cpu_s: number;
  events_per_s: number;
  events: number;
  peak_rss_mb: number;
}

export function benchMmc(o: BenchMmcOptions): BenchMmcResult {
  if (!(o.lambda < o.servers * o.mu)) {
    throw new UsageError(`bench mmc: the queue is unstable (λ = ${o.lambda} ≥ c·μ = ${o.servers * o.mu}); Erlang C has no steady state`);
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const means = new GateMeans();
  const full = o.fullMetrics ? new GateMetrics(0) : null;
  const sim = new Simulation({ seed: o.seed, engine: o.engine, sink: full ? full.onEvent : means.onEvent });
  const site = buildGateSite(sim, {
    lanes: o.servers,
    service: { dist: 'exponential', mean: 1 / o.mu },
    arrivals: { perHour: o.lambda * 3600 },
    arrivalsUntil: Infinity,
    maxTrucks: o.trucks,
  });
  sim.run();
  const wall = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const th = mmc(o.lambda, o.mu, o.servers);
  let wq: number, w: number, little: number, counted: number;
  if (full) {
    const m = full.summary(sim.now);
    [wq, w, little, counted] = [m.wait_in_queue_s.mean, m.time_in_system_s.mean, m.little.rel_diff, m.trucks.counted];
  } else {
    const m = means.summary(sim.now);
    [wq, w, little, counted] = [m.wait_in_queue_mean, m.time_in_system_mean, m.little_rel_diff, m.trucks.exited];
  }
  return {
    bench: 'mmc',
    engine: o.engine,
    metrics: full ? 'full' : 'means',
    lambda: o.lambda,
    mu: o.mu,
    servers: o.servers,
    seed: o.seed,
    trucks: counted,
    wq,
    w,
    erlang_c_wq: th.Wq,
    erlang_c_w: th.W,
    rel_err: (wq - th.Wq) / th.Wq,
    little_rel_diff: little,
    wall_s: wall,
    cpu_s: cpu,
    trucks_per_s: site.trucks / wall,
    trucks_per_cpu_s: site.trucks / cpu,
    events_per_s: sim.events / wall,
    events: sim.events,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
