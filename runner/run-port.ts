/**
 * Runs one policy of a port scenario and summarises it. No file I/O: callers pass a sink for the
 * stream. Policies of one scenario run on the same seed see the same world (common random
 * numbers), so their differences are the policies'.
 */
import { Simulation, type EventSink } from '../sim/engine/simulation.js';
import { metricsSink } from './metrics-sink.js';
import type { EngineKind } from '../sim/engine/executor.js';
import { buildPortSite, type PortSiteOptions, type SiteFinal, type SiteReport } from '../sim/agents/port-site.js';
import type { PortConfig } from '../sim/supervision/port-config.js';
import type { LaneFrameTap, WireCounts } from '../hardware-emu/smart-lane.js';
import { PortMetrics, type PortMetricsSummary } from '../reports/port-metrics.js';
import { runToEnd, type RunSteps } from './steps.js';

/** After the last arrival, a run goes on at most this long for the consignments still inside. */
export const DRAIN_LIMIT_S = 7 * 86400;

export interface PortRunOptions {
  seed: number | string;
  engine?: EngineKind;
  /** receives every stream event, after the metrics */
  sink?: EventSink;
  /** skip the metrics (benchmarks of the bare simulation) */
  noMetrics?: boolean;
  /** called every simulated hour with the share of the run done */
  onProgress?: (fractionDone: number) => void;
  /** sees the bytes of every smart-lane device frame (only when the world's `hardware` is `wire`) */
  deviceTap?: LaneFrameTap;
  /** a trainee's verdicts in place of the simulated officer's (PortSiteOptions.officerDecision) */
  officerDecision?: PortSiteOptions['officerDecision'];
}

export interface PortRunResult {
  metrics: PortMetricsSummary | null;
  /** resources, officers and risk table over the statistics window (warm-up end to horizon) */
  site: SiteReport;
  /** counts when the run ended, after the drain */
  final: SiteFinal;
  /** simulated time at the end (s), after the drain */
  endS: number;
  consignments: number;
  events: number;
  emits: number;
  /** frames and bytes the smart lanes' devices sent, by format (empty unless the world's `hardware` is `wire`) */
  wire: WireCounts;
}

export function runPort(cfg: PortConfig, opts: PortRunOptions): PortRunResult {
  return runToEnd(portRunSteps(cfg, opts));
}

/** `runPort` as steps: it yields after each simulated hour (runner/steps.ts). */
export function* portRunSteps(cfg: PortConfig, opts: PortRunOptions): RunSteps<PortRunResult> {
  const metrics = opts.noMetrics ? null : new PortMetrics(cfg.world.warmupS);
  const sink = metrics !== null ? metricsSink(metrics, opts.sink) : opts.sink;
  const sim = new Simulation({ seed: opts.seed, engine: opts.engine, sink });
  // the declared records are for a reader of the stream (files, viewer), not for the metrics
  const site = buildPortSite(sim, cfg, { declarations: opts.sink !== undefined, deviceTap: opts.deviceTap, officerDecision: opts.officerDecision });
  const w = cfg.world;
  const HOUR = 3600;
  // Arrivals stop at the horizon; the resources' statistics window closes there (site.report);
  // then the run goes on until every consignment has been released or seized, so that every
  // policy is judged on the same consignments (a drain, as a Time Release Study follows each
  // declaration to its end). A policy that cannot clear its backlog within DRAIN_LIMIT_S leaves
  // the rest reported as in the system.
  const horizon = Number.isFinite(w.endS) ? w.endS : Infinity;
  let report: SiteReport | null = null;
  if (horizon < Infinity) {
    for (let t = HOUR; ; t += HOUR) {
      sim.run(Math.min(t, horizon));
      opts.onProgress?.(0.9 * Math.min(1, sim.now / horizon));
      if (sim.now >= horizon) break;
      yield;
    }
    report = site.report();
  }
  const limit = (horizon < Infinity ? horizon : Infinity) + DRAIN_LIMIT_S;
  let drainLimit = limit;
  while (!(site.arrivalsOver && site.open === 0) && sim.now < drainLimit) {
    sim.run(sim.now + HOUR);
    if (site.arrivalsOver && drainLimit === Infinity) drainLimit = sim.now + DRAIN_LIMIT_S;
    if (horizon === Infinity && Number.isFinite(w.maxConsignments)) opts.onProgress?.(Math.min(1, site.closed / w.maxConsignments));
    yield;
  }
  report ??= site.report();
  const final = site.final();
  opts.onProgress?.(1);
  return { metrics: metrics?.summary() ?? null, site: report, final, endS: sim.now, consignments: site.created, events: sim.events, emits: sim.emits, wire: site.wire };
}
