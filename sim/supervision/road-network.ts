/**
 * Places and the roads between them. A route from one place to another is the shortest chain of
 * roads (by driving distance), driven as one polyline: that polyline is also the corridor the
 * e-seal monitor holds the truck to. Roads go both ways. Ties break by place order, so a route
 * never depends on how a Map happens to iterate.
 *
 * A road's driving distance may be longer than its waypoints measure (a road winds between them):
 * the truck then moves along the polyline slower by that ratio, so that the trip takes the road's
 * kilometres at the road's speed, and the costs are paid on the road's kilometres.
 */
import { cumulativeM, type LatLon } from '../kernel/geo.js';
import type { DistSpec } from '../kernel/distribution-spec.js';

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
  /** driving distance; the waypoints' length when left out */
  km?: number;
  /** truck speed on this road; the network's when left out */
  speedKmh?: DistSpec;
}

/** One road of a route, in the route's direction. */
export interface Leg {
  /** metres along the route's polyline where this road ends */
  endM: number;
  /** driving km of the road */
  km: number;
  /** driving distance over polyline distance (>= 1) */
  stretch: number;
  /** the road's own speed, or undefined for the network's */
  speedKmh: DistSpec | undefined;
}

export interface Route {
  from: string;
  to: string;
  /** polyline from the first place to the last, waypoints included */
  points: LatLon[];
  /** polyline metres (what the GPS track drives by) */
  lengthM: number;
  /** cumulative metres along `points` */
  cum: number[];
  /** driving kilometres (what the costs are paid on) */
  km: number;
  legs: Leg[];
}

interface Edge {
  to: number;
  points: LatLon[];
  lengthM: number;
  km: number;
  stretch: number;
  speedKmh: DistSpec | undefined;
}

const polylineM = (pts: readonly LatLon[]): number => cumulativeM(pts).at(-1)!;

export class RoadNetwork {
  readonly places: readonly Place[];
  private readonly index = new Map<string, number>();
  /** per place: roads leaving it (both directions of every road) */
  private readonly out: Edge[][];
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
      const km = r.km ?? lengthM / 1000;
      if (!(km * 1000 >= lengthM - 1e-6)) throw new Error(`road '${r.from}' – '${r.to}': ${km} km is shorter than its waypoints measure (${(lengthM / 1000).toFixed(1)} km)`);
      // exactly 1 when the road is as long as its waypoints, so such a road drives at the drawn speed to the bit
      const stretch = r.km === undefined || lengthM === 0 ? 1 : (km * 1000) / lengthM;
      this.out[a].push({ to: b, points, lengthM, km, stretch, speedKmh: r.speedKmh });
      this.out[b].push({ to: a, points: [...points].reverse(), lengthM, km, stretch, speedKmh: r.speedKmh });
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
        const d = dist[u] + e.km;
        if (d < dist[e.to]) {
          dist[e.to] = d;
          prev[e.to] = { from: u, edge: k };
        }
      });
    }
    if (dist[t] === Infinity) throw new Error(`no road connects '${from}' to '${to}'`);
    const edges: Edge[] = [];
    for (let v = t; v !== s; ) {
      const p = prev[v]!;
      edges.unshift(this.out[p.from][p.edge]);
      v = p.from;
    }
    const points: LatLon[] = [edges[0].points[0]];
    for (const e of edges) points.push(...e.points.slice(1));
    const cum = cumulativeM(points);
    // each road ends where its last waypoint falls on the joined polyline
    const legs: Leg[] = [];
    let at = 0;
    for (const e of edges) {
      at += e.points.length - 1;
      legs.push({ endM: cum[at], km: e.km, stretch: e.stretch, speedKmh: e.speedKmh });
    }
    const route: Route = { from, to, points, lengthM: cum[cum.length - 1], cum, km: edges.reduce((a, e) => a + e.km, 0), legs };
    this.cache.set(key, route);
    return route;
  }
}
