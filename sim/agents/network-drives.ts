/**
 * Trucks' speeds on the road network: per road its own speed distribution (or the network's),
 * never below MIN_SPEED_KMH; a route's planned time (every road at its mean speed) and the GPS
 * track's speed along it.
 */
import { describeMean, sampler, type Sampler } from '../kernel/distributions.js';
import type { DistSpec } from '../kernel/distribution-spec.js';
import type { Rng } from '../kernel/rng.js';
import type { NetworkConfig } from '../supervision/network-config.js';
import type { Route } from '../supervision/road-network.js';

const MIN_SPEED_KMH = 5;

export interface Drive {
  legs: { endM: number; km: number; stretch: number; draw: Sampler; meanKmh: number }[];
  /** the planned time: every road's km at its mean speed */
  plannedS: number;
  /** the GPS track's speed along the polyline at odometer s: the road's draw, slowed by its stretch */
  speedAt: (s: number, rng: Rng) => number;
}

/** The drive of each route (made once per route). */
export function roadDrives(w: NetworkConfig['world']): (route: Route) => Drive {
  const drawSpeed = sampler(w.truckSpeedKmh);
  /** no truck crawls: a draw below 5 km/h is taken as 5 (the schema refuses speeds that can be 0 or less) */
  const speed: Sampler = (rng) => Math.max(MIN_SPEED_KMH, drawSpeed(rng));
  /** per road: its speed sampler and mean (the network's when it has none of its own) */
  const roadSpeed = (spec: DistSpec | undefined): { draw: Sampler; meanKmh: number } => {
    if (spec === undefined) return { draw: speed, meanKmh: describeMean(w.truckSpeedKmh) };
    const d = sampler(spec);
    return { draw: (rng) => Math.max(MIN_SPEED_KMH, d(rng)), meanKmh: describeMean(spec) };
  };

  const drives = new Map<Route, Drive>();
  const driveOf = (route: Route): Drive => {
    let d = drives.get(route);
    if (d === undefined) {
      const legs = route.legs.map((l) => ({ endM: l.endM, km: l.km, stretch: l.stretch, ...roadSpeed(l.speedKmh) }));
      d = {
        legs,
        plannedS: legs.reduce((a, l) => a + (l.km / l.meanKmh) * 3600, 0),
        speedAt: (s, rng) => {
          let i = 0;
          while (i < legs.length - 1 && s >= legs[i].endM) i++;
          return legs[i].draw(rng) / legs[i].stretch;
        },
      };
      drives.set(route, d);
    }
    return d;
  };
  return driveOf;
}
