/**
 * Runs one policy of a network scenario over its horizon and summarises it from the event stream.
 * No file I/O: callers pass a sink. Policies of one scenario on the same seed see the same goods,
 * violations and trips (common random numbers).
 */
import { Simulation } from '../sim/engine/simulation.js';
import type { DayRunOptions, DayRunResult } from './day-run.js';
import { metricsSink } from './metrics-sink.js';
import { buildNetworkSite, DAY } from '../sim/agents/network-site.js';
import type { NetworkConfig } from '../sim/supervision/network-config.js';
import { NetworkMetrics, type NetworkMetricsSummary } from '../reports/network-metrics.js';
import { runToEnd, type RunSteps } from './steps.js';

export type NetworkRunOptions = DayRunOptions;
export type NetworkRunResult = DayRunResult<NetworkMetricsSummary>;

export function runNetwork(cfg: NetworkConfig, opts: NetworkRunOptions): NetworkRunResult {
  return runToEnd(networkRunSteps(cfg, opts));
}

/** `runNetwork` as steps: it yields after each simulated day (runner/steps.ts). */
export function* networkRunSteps(cfg: NetworkConfig, opts: NetworkRunOptions): RunSteps<NetworkRunResult> {
  const metrics = new NetworkMetrics(cfg.world.days);
  const sim = new Simulation({ seed: opts.seed, engine: opts.engine, sink: metricsSink(metrics, opts.sink) });
  const site = buildNetworkSite(sim, cfg);
  const { days, drainDays } = cfg.world;
  // arrivals stop after `days`; the run drains what is on its way so that slow procedures are not
  // measured only by the consignments quick enough to finish (censoring would flatter them)
  let d = 0;
  while (d < days || (site.open() > 0 && d < days + drainDays)) {
    d++;
    sim.run(d * DAY);
    opts.onProgress?.(Math.min(1, d / days));
    yield;
  }
  return { metrics: metrics.summary(), endS: d * DAY, events: sim.events, emits: sim.emits };
}
