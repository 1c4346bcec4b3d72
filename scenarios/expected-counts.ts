/**
 * How many trucks or consignments a scenario sets in motion, expected from its rates and horizon:
 * what the schemas hold against the ceilings of limits.ts, and what `ctwin run` multiplies by the
 * bytes of an entity's events to size its event streams (runner/event-volume.ts).
 */
import type { ArrivalsSpec, HorizonSpec } from './schema.js';

/** Poisson arrivals expected over `hours` at a constant rate, or a daily profile from hour 00. */
export function expectedArrivals(hours: number, a: ArrivalsSpec): number {
  if (a.per_hour !== undefined) return a.per_hour * hours;
  const p = a.profile_per_hour;
  const days = Math.floor(hours / 24);
  let n = days * p.reduce((x, y) => x + y, 0);
  let rest = hours - days * 24;
  for (let h = 0; rest > 0; h++) {
    const f = Math.min(1, rest);
    n += p[h] * f;
    rest -= f;
  }
  return n;
}

/** Trucks (gate) or consignments (port) of one run: `horizon.trucks`, or those expected within `horizon.hours`. */
export function expectedEntities(h: HorizonSpec, a: ArrivalsSpec): number {
  return h.trucks ?? expectedArrivals(h.hours!, a);
}

/** Consignments of one network run: every flow's per_day over the days goods become ready. */
export function expectedNetworkConsignments(days: number, flows: readonly { per_day: number }[]): number {
  return flows.reduce((n, f) => n + f.per_day, 0) * days;
}
