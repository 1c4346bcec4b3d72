/**
 * `ctwin bench mmc`: the engine's speed and accuracy on the M/M/c gate. Trucks run through the
 * engine as machines (the same truck machine and site wiring as `ctwin run`); the mean wait in
 * queue is compared with Erlang C.
 */
import { performance } from 'node:perf_hooks';
import { runGate } from '../../runner/run-gate.js';
import type { EngineKind } from '../../sim/engine/executor.js';
import { UsageError } from '../usage-error.js';

export interface BenchMmcOptions {
  lambda: number;
  mu: number;
  servers: number;
  trucks: number;
  seed: number;
  engine: EngineKind;
}

export interface BenchMmcResult {
  bench: 'mmc';
  engine: EngineKind;
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
  const r = runGate(
    {
      lanes: o.servers,
      service: { dist: 'exponential', mean: 1 / o.mu },
      arrivals: { perHour: o.lambda * 3600 },
      arrivalsUntil: Infinity,
      maxTrucks: o.trucks,
    },
    { seed: o.seed, engine: o.engine, warmupS: 0, endS: Infinity, theory: { lambda: o.lambda, mu: o.mu, c: o.servers } },
  );
  const wall = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const th = r.theory!;
  return {
    bench: 'mmc',
    engine: o.engine,
    lambda: o.lambda,
    mu: o.mu,
    servers: o.servers,
    seed: o.seed,
    trucks: r.metrics.trucks.counted,
    wq: r.metrics.wait_in_queue_s.mean,
    w: r.metrics.time_in_system_s.mean,
    erlang_c_wq: th.wq_s,
    erlang_c_w: th.w_s,
    rel_err: th.rel_err_wq,
    little_rel_diff: r.metrics.little.rel_diff,
    wall_s: wall,
    cpu_s: cpu,
    trucks_per_s: r.trucks / wall,
    trucks_per_cpu_s: r.trucks / cpu,
    events_per_s: r.events / wall,
    events: r.events,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
