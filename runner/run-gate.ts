/**
 * Runs a single-gate simulation and summarises it: the one place where scenario configuration,
 * simulation, event sinks and metrics meet. No file I/O: callers pass a sink for the stream.
 */
import type { EventObject } from 'xstate';
import { Simulation, type EventSink } from '../sim/engine/simulation.js';
import type { EngineKind } from '../sim/engine/executor.js';
import { buildGateSite, type GateSiteConfig } from '../sim/agents/gate-site.js';
import { GateMetrics, type GateMetricsSummary } from '../reports/gate-metrics.js';
import { mmc } from '../sim/kernel/erlang.js';
import { runToEnd, type RunSteps } from './steps.js';

export interface GateRunOptions {
  seed: number | string;
  engine?: EngineKind;
  warmupS: number;
  /** run end (s); Infinity = until no event is left */
  endS: number;
  /** receives every stream event, after the metrics */
  sink?: EventSink;
  /** when set, the run proceeds in this many slices and calls back after each (progress bars) */
  slices?: number;
  onSlice?: (fractionDone: number, sim: Simulation) => void;
  /** M/M/c parameters (per second) to compare the measured waits with Erlang C */
  theory?: { lambda: number; mu: number; c: number };
}

export interface MmcComparison {
  model: 'M/M/c';
  lambda_per_s: number;
  mu_per_s: number;
  servers: number;
  rho: number;
  wq_s: number;
  w_s: number;
  lq: number;
  /** (measured − theory) / theory of the mean wait in queue */
  rel_err_wq: number;
}

export interface GateRunResult {
  metrics: GateMetricsSummary;
  theory?: MmcComparison;
  /** simulated time at the end (s) */
  endS: number;
  trucks: number;
  events: number;
  emits: number;
}

export function runGate(cfg: GateSiteConfig, opts: GateRunOptions): GateRunResult {
  return runToEnd(gateRunSteps(cfg, opts));
}

/** `runGate` as steps: it yields after each slice (runner/steps.ts). */
export function* gateRunSteps(cfg: GateSiteConfig, opts: GateRunOptions): RunSteps<GateRunResult> {
  const metrics = new GateMetrics(opts.warmupS);
  const sink: EventSink = opts.sink
    ? (t: number, id: string, ev: EventObject) => {
        metrics.onEvent(t, id, ev);
        opts.sink!(t, id, ev);
      }
    : metrics.onEvent;
  const sim = new Simulation({ seed: opts.seed, engine: opts.engine, sink });
  const site = buildGateSite(sim, cfg);
  if (opts.onSlice && opts.slices && opts.slices > 1) {
    // progress is measured in simulated time when the end is known, else in trucks created
    const n = opts.slices;
    if (Number.isFinite(opts.endS)) {
      for (let i = 1; i <= n; i++) {
        sim.run((opts.endS * i) / n);
        opts.onSlice(i / n, sim);
        yield;
      }
    } else {
      const total = cfg.maxTrucks;
      let step = 1;
      while (sim.queue.size > 0) {
        // advance by a bounded amount of simulated time per slice; the estimate adapts
        sim.run(sim.now + step);
        step = Math.min(step * 2, 3600);
        opts.onSlice(Number.isFinite(total) ? Math.min(1, site.trucks / total) : 0, sim);
        yield;
      }
      opts.onSlice(1, sim);
    }
  } else {
    sim.run(opts.endS);
  }
  const end = Number.isFinite(opts.endS) ? opts.endS : sim.now;
  const m = metrics.summary(end);
  const result: GateRunResult = { metrics: m, endS: end, trucks: site.trucks, events: sim.events, emits: sim.emits };
  if (opts.theory) {
    const th = mmc(opts.theory.lambda, opts.theory.mu, opts.theory.c);
    result.theory = {
      model: 'M/M/c',
      lambda_per_s: opts.theory.lambda,
      mu_per_s: opts.theory.mu,
      servers: opts.theory.c,
      rho: th.rho,
      wq_s: th.Wq,
      w_s: th.W,
      lq: th.Lq,
      rel_err_wq: (m.wait_in_queue_s.mean - th.Wq) / th.Wq,
    };
  }
  return result;
}
