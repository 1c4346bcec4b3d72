/**
 * From a validated scenario to the simulation's own configuration: units converted to seconds,
 * horizons made explicit. Keeps sim/ free of the file format.
 */
import type { GateSiteConfig } from '../sim/agents/gate-site.js';
import type { GateScenario } from './schema.js';
import type { PortScenario } from './port-schema.js';

export interface RunHorizon {
  /** run end (s); Infinity = until the system is empty */
  endS: number;
  warmupS: number;
  maxTrucks: number;
}

/** Run length and warm-up of either family (for a port, `maxTrucks` counts consignments). */
export function runHorizon(s: GateScenario | PortScenario): RunHorizon {
  const h = s.horizon;
  return {
    endS: h.hours !== undefined ? h.hours * 3600 : Infinity,
    warmupS: (h.warmup_hours ?? 0) * 3600,
    maxTrucks: h.trucks ?? Infinity,
  };
}

export function gateSiteConfig(s: GateScenario): GateSiteConfig {
  const g = s.site.gates;
  const a = s.demand.arrivals;
  const h = runHorizon(s);
  return {
    lanes: g.lanes,
    discipline: g.discipline,
    shifts: g.shifts,
    service: g.service_s,
    arrivals: a.per_hour !== undefined ? { perHour: a.per_hour } : { profilePerHour: a.profile_per_hour! },
    arrivalsUntil: h.endS,
    maxTrucks: h.maxTrucks,
  };
}

/** λ, μ (per second) and c when the scenario is a textbook M/M/c queue, else undefined. */
export function mmcParameters(s: GateScenario): { lambda: number; mu: number; c: number } | undefined {
  const g = s.site.gates;
  const a = s.demand.arrivals;
  if (a.per_hour === undefined || g.service_s.dist !== 'exponential' || (g.shifts && g.shifts.length > 0)) return undefined;
  const lambda = a.per_hour / 3600;
  const mu = 1 / g.service_s.mean;
  return lambda < g.lanes * mu ? { lambda, mu, c: g.lanes } : undefined;
}
