/**
 * Runs one policy of a port scenario and summarises it. No file I/O: callers pass a sink for the
 * stream. Policies of one scenario run on the same seed see the same world (common random
 * numbers), so their differences are the policies'.
 */
import type { EventObject } from 'xstate';
import { Simulation, type EventSink } from '../sim/engine/simulation.js';
import type { EngineKind } from '../sim/engine/executor.js';
import { buildPortSite, type SiteReport } from '../sim/agents/port-site.js';
import type { PortConfig } from '../sim/supervision/port-config.js';
import { PortMetrics, type PortMetricsSummary } from '../reports/port-metrics.js';

/** A run with a number of consignments and no time horizon stops at the latest this long after the last arrival. */
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
}

export interface PortRunResult {
  metrics: PortMetricsSummary | null;
  site: SiteReport;
  /** simulated time at the end (s) */
  endS: number;
  consignments: number;
  events: number;
  emits: number;
}

export function runPort(cfg: PortConfig, opts: PortRunOptions): PortRunResult {
  const metrics = opts.noMetrics ? null : new PortMetrics(cfg.world.warmupS);
  let sink: EventSink | undefined;
  if (metrics !== null && opts.sink) {
    const outer = opts.sink;
    sink = (t: number, id: string, ev: EventObject) => {
      metrics.onEvent(t, id, ev);
      outer(t, id, ev);
    };
  } else if (metrics !== null) sink = (t, id, ev) => metrics.onEvent(t, id, ev);
  else sink = opts.sink;
  const sim = new Simulation({ seed: opts.seed, engine: opts.engine, sink });
  const site = buildPortSite(sim, cfg);
  const w = cfg.world;
  const HOUR = 3600;
  if (Number.isFinite(w.endS)) {
    for (let t = HOUR; ; t += HOUR) {
      sim.run(Math.min(t, w.endS));
      opts.onProgress?.(Math.min(1, sim.now / w.endS));
      if (sim.now >= w.endS) break;
    }
  } else {
    // a number of consignments: run until the last one has left (shift timers never run out)
    let limit = Infinity;
    while (!(site.arrivalsOver && site.open === 0) && sim.now < limit) {
      sim.run(sim.now + HOUR);
      if (site.arrivalsOver && limit === Infinity) limit = sim.now + DRAIN_LIMIT_S;
      if (Number.isFinite(w.maxConsignments)) opts.onProgress?.(Math.min(1, site.closed / w.maxConsignments));
    }
  }
  const report = site.report();
  return { metrics: metrics?.summary() ?? null, site: report, endS: sim.now, consignments: site.created, events: sim.events, emits: sim.emits };
}
