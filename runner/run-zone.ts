/**
 * Runs one policy of a zone scenario over its horizon and summarises it from the event stream.
 * No file I/O: callers pass a sink. Policies of one scenario on the same seed see the same
 * factories and the same violations (common random numbers).
 */
import { Simulation } from '../sim/engine/simulation.js';
import type { DayRunOptions, DayRunResult } from './day-run.js';
import { metricsSink } from './metrics-sink.js';
import { buildZoneSite, DAY } from '../sim/agents/zone-site.js';
import type { ZoneConfig } from '../sim/supervision/zone-config.js';
import { ZoneMetrics, type ZoneMetricsSummary } from '../reports/zone-metrics.js';
import { runToEnd, type RunSteps } from './steps.js';

export type ZoneRunOptions = DayRunOptions;
export type ZoneRunResult = DayRunResult<ZoneMetricsSummary>;

export function runZone(cfg: ZoneConfig, opts: ZoneRunOptions): ZoneRunResult {
  return runToEnd(zoneRunSteps(cfg, opts));
}

/** `runZone` as steps: it yields after each simulated day (runner/steps.ts). */
export function* zoneRunSteps(cfg: ZoneConfig, opts: ZoneRunOptions): RunSteps<ZoneRunResult> {
  const metrics = new ZoneMetrics(cfg.world.days);
  const sim = new Simulation({ seed: opts.seed, engine: opts.engine, sink: metricsSink(metrics, opts.sink) });
  buildZoneSite(sim, cfg);
  const endS = cfg.world.days * DAY;
  for (let d = 1; d <= cfg.world.days; d++) {
    sim.run(d * DAY);
    opts.onProgress?.(d / cfg.world.days);
    yield;
  }
  return { metrics: metrics.summary(endS), endS, events: sim.events, emits: sim.emits };
}
