/**
 * Places and the roads between them. A route from one place to another is the shortest chain of
 * roads (by length), driven as one polyline: that polyline is also the corridor the e-seal
 * monitor holds the truck to. Roads go both ways. Ties break by place order, so a route never
 * depends on how a Map happens to iterate. Trucks drive every road at the network's speed
 * distribution: roads here are geometry, not traffic.
 */
import { cumulativeM, type LatLon } from '../kernel/geo.js';

export const PLACE_KINDS = ['port', 'inland_customs', 'factory', 'zone'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  id: string;
  kind: PlaceKind;
  at: LatLon;
}

export interface Road {
  from: string;
  to: string;
  /** waypoints between the two places, in the direction from → to */
  via: LatLon[];
}

export interface Route {
  from: string;
  to: string;
  /** polyline from the first place to the last, waypoints included */
  points: LatLon[];
  lengthM: number;
  /** cumulative metres along `points` (what the GPS track drives by) */
  cum: number[];
}

const polylineM = (pts: readonly LatLon[]): number => cumulativeM(pts).at(-1)!;

export class RoadNetwork {
  readonly places: readonly Place[];
  private readonly index = new Map<string, number>();
  /** per place: roads leaving it (both directions of every road) */
  private readonly out: { to: number; points: LatLon[]; lengthM: number }[][];
  private readonly cache = new Map<string, Route>();

  constructor(places: readonly Place[], roads: readonly Road[]) {
    this.places = places;
    places.forEach((p, i) => {
      if (this.index.has(p.id)) throw new Error(`place '${p.id}' is defined twice`);
      this.index.set(p.id, i);
    });
    this.out = places.map(() => []);
    for (const r of roads) {
      const a = this.indexOf(r.from), b = this.indexOf(r.to);
      const points = [places[a].at, ...r.via, places[b].at];
      const lengthM = polylineM(points);
      this.out[a].push({ to: b, points, lengthM });
      this.out[b].push({ to: a, points: [...points].reverse(), lengthM });
    }
  }

  place(id: string): Place {
    return this.places[this.indexOf(id)];
  }

  indexOf(id: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`no place '${id}' in the road network (places: ${this.places.map((p) => p.id).join(', ')})`);
    return i;
  }

  /** Shortest route; throws when the roads do not connect the two places. */
  route(from: string, to: string): Route {
    const key = `${from}\u0000${to}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const s = this.indexOf(from), t = this.indexOf(to);
    if (s === t) throw new Error(`a route from '${from}' to itself`);
    const n = this.places.length;
    const dist = new Float64Array(n).fill(Infinity);
    const prev: ({ from: number; edge: number } | null)[] = new Array(n).fill(null);
    const done = new Uint8Array(n);
    dist[s] = 0;
    // n is a handful of places: a linear scan for the nearest is simpler than a heap and as fast
    for (;;) {
      let u = -1;
      for (let i = 0; i < n; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
      if (u < 0 || u === t) break;
      done[u] = 1;
      this.out[u].forEach((e, k) => {
        const d = dist[u] + e.lengthM;
        if (d < dist[e.to]) {
          dist[e.to] = d;
          prev[e.to] = { from: u, edge: k };
        }
      });
    }
    if (dist[t] === Infinity) throw new Error(`no road connects '${from}' to '${to}'`);
    const roads: LatLon[][] = [];
    for (let v = t; v !== s; ) {
      const p = prev[v]!;
      roads.unshift(this.out[p.from][p.edge].points);
      v = p.from;
    }
    const points: LatLon[] = [roads[0][0]];
    for (const r of roads) points.push(...r.slice(1));
    const cum = cumulativeM(points);
    const route: Route = { from, to, points, lengthM: cum[cum.length - 1], cum };
    this.cache.set(key, route);
    return route;
  }
}
