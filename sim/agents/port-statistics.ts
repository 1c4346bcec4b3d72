/**
 * The port site's counts and what it reports: trucks present (Little's law for the whole site),
 * consignments closed, second reviews and re-checks pending; the hourly queue snapshot
 * (`site.queues`), the warm-up reset, and the `site.report` / `site.final` records.
 */
import type { Simulation } from '../engine/simulation.js';
import type { Resource } from '../kernel/resource.js';
import { Priority } from '../kernel/scheduler.js';
import { TimeWeighted } from '../kernel/stats.js';
import type { ChannelSelector } from '../supervision/channel-selector.js';
import type { RiskTable } from '../supervision/risk-engine.js';
import { RISK_FEATURE_NAMES } from '../supervision/risk-features.js';
import { CHANNELS } from '../supervision/vocabulary.js';
import type { OfficerPool } from './officer-pool.js';
import type { PortArrivals } from './port-arrivals.js';
import type { SiteFinal, SiteReport } from './port-site.js';
import type { Slot } from './port-slot.js';

const HOUR = 3600;

/** What the site counts as it goes. */
export class PortCounts {
  closed = 0;
  statsSince = 0;
  /** re-checks submitted and not done (they may outlive their consignment) */
  pendingRechecks = 0;
  /** channel decided, waiting for the second review */
  pendingSecondReview = 0;
  /** trucks at the port (arrived, not yet gone) */
  present = 0;
  arrivalsSince = 0;
  readonly presentTw = new TimeWeighted(0, 0);
  truckIn(now: number): void {
    this.presentTw.update(now, ++this.present);
    this.arrivalsSince++;
  }
  truckOut(now: number): void {
    this.presentTw.update(now, --this.present);
  }
}

export interface PortStatisticsParts {
  counts: PortCounts;
  arrivals: PortArrivals;
  open: Map<number, Slot>;
  lanes: { smartLanes: Resource<Slot>; manualLanes: Resource<Slot>; scanners: Resource<Slot> };
  /** doc, image, physical, risk: in ROLES order without the gate */
  pools: readonly OfficerPool[];
  selector: ChannelSelector;
  table: RiskTable;
}

export function wirePortStatistics(sim: Simulation, warmupS: number, parts: PortStatisticsParts): { report(): SiteReport; final(): SiteFinal } {
  const { counts, arrivals, open, selector, table, pools } = parts;
  const { smartLanes, manualLanes, scanners } = parts.lanes;
  const [docPool, imagePool, physicalPool, riskPool] = pools;
  const resources = [smartLanes, manualLanes, scanners];
  const resetStats = (): void => {
    counts.statsSince = sim.now;
    for (const r of resources) r.resetStats(sim.now);
    for (const p of pools) p.resetStats(sim.now);
    selector.resetCounts();
    counts.presentTw.reset(sim.now);
    counts.arrivalsSince = 0;
  };
  if (warmupS > 0) sim.at(warmupS, resetStats, undefined, Priority.calendar);
  const snapshotQueues = (): void => {
    sim.record('site', {
      type: 'site.queues',
      gate_smart: smartLanes.waiting,
      gate_manual: manualLanes.waiting,
      scanner: scanners.waiting,
      doc_reviewer: docPool.waiting,
      image_analyst: imagePool.waiting,
      physical_inspector: physicalPool.waiting,
      risk_analyst: riskPool.waiting,
      in_system: open.size,
      trucks_present: counts.present,
    });
    if (!(arrivals.over && open.size === 0)) sim.schedule(HOUR, snapshotQueues, undefined);
  };
  sim.at(0, snapshotQueues, undefined);

  return {
    report(): SiteReport {
      const now = sim.now;
      const th = selector.currentThresholds;
      const rep: SiteReport = {
        type: 'site.report',
        since_s: counts.statsSince,
        until_s: now,
        consignments_created: arrivals.created,
        consignments_closed: counts.closed,
        in_system: arrivals.created - counts.closed,
        pending_second_review: counts.pendingSecondReview,
        trucks_present: { now: counts.present, mean: counts.presentTw.mean(now), max: counts.presentTw.max, arrivals: counts.arrivalsSince },
        resources: resources.map((r) => r.report(now)),
        officers: pools.map((p) => p.report(now, counts.statsSince)),
        risk: {
          model: table.model,
          updates: table.updates,
          weights: Object.fromEntries(RISK_FEATURE_NAMES.map((n, i) => [n, round(table.weights[i], 4)])),
          thresholds: Object.fromEntries(CHANNELS.slice(0, 4).map((n, i) => [n, round(th[i], 6)])),
        },
      };
      sim.record('site', rep);
      return rep;
    },
    final(): SiteFinal {
      const f: SiteFinal = {
        type: 'site.final',
        at_s: sim.now,
        consignments_created: arrivals.created,
        consignments_closed: counts.closed,
        in_system: arrivals.created - counts.closed,
        pending_rechecks: counts.pendingRechecks,
      };
      sim.record('site', f);
      return f;
    },
  };
}

function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
