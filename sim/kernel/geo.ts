/**
 * Small-area geometry on [lat, lon] degrees, shared by the GPS e-seal emulator (hardware-emu) and the
 * simulation's corridor monitor (sim/supervision), so both measure a route the same way.
 *
 * Geometry is equirectangular: x = R·Δlon·cos(lat0), y = R·Δlat with lat0 the latitude of the point at hand.
 * Lines straight in lat/lon stay straight under it, and for corridors of a few km the distance error is
 * well under 1 % away from the poles; no antimeridian handling.
 */

/** [latitude, longitude] in degrees */
export type LatLon = readonly [number, number];

const R = 6_371_008.8;
const RAD = Math.PI / 180;
/** Mean Earth radius in metres (IUGG). */
export const EARTH_RADIUS_M = R;

/** [east, north] metres of p from o, equirectangular at latitude lat0. */
export function toXY(p: LatLon, o: LatLon, lat0: number): [number, number] {
  return [(p[1] - o[1]) * RAD * R * Math.cos(lat0 * RAD), (p[0] - o[0]) * RAD * R];
}

/** p moved by (dx east, dy north) metres. */
export function shift(p: LatLon, dx: number, dy: number): LatLon {
  return [p[0] + dy / (R * RAD), p[1] + dx / (R * RAD * Math.cos(p[0] * RAD))];
}

/** Distance in metres between a and b, equirectangular at their mid latitude. Symmetric, bit for bit. */
export function distanceM(a: LatLon, b: LatLon): number {
  const [x, y] = toXY(b, a, (b[0] + a[0]) / 2);
  return Math.hypot(x, y);
}

/** Cumulative length in metres along the polyline: cum[i] is the distance driven at waypoint i (cum[0] = 0). */
export function cumulativeM(route: readonly LatLon[]): number[] {
  const cum = route.length === 0 ? [] : [0];
  for (let i = 1; i < route.length; i++) cum.push(cum[i - 1] + distanceM(route[i - 1], route[i]));
  return cum;
}

/** Distance in metres from `point` to the polyline `route` (equirectangular about the point's latitude). */
export function corridorDistanceM(point: LatLon, route: readonly LatLon[]): number {
  return routeDistanceM(point[0], point[1], route);
}

/**
 * corridorDistanceM for a point given as two numbers, so a per-report caller needs no tuple. Same arithmetic
 * as toXY, inlined rather than called: a monitor runs this ~1000 times per trip over thousands of trips, and
 * toXY allocates two tuples per segment.
 */
export function routeDistanceM(lat: number, lon: number, route: readonly LatLon[]): number {
  if (route.length === 0) throw new RangeError('route has no waypoints');
  const cx = Math.cos(lat * RAD);
  let best = Infinity;
  for (let i = 0; i < segments(route); i++) best = Math.min(best, segmentDistanceM(lat, lon, cx, route, i));
  return best;
}

/**
 * Index of a route segment within maxM of the point, or -1 if there is none; -1 exactly when
 * routeDistanceM(lat, lon, route) > maxM (same per-segment arithmetic). Tries segment `hint` first: a truck
 * inside its corridor is almost always near the segment it was near at its last report, so the usual answer
 * costs one segment instead of a scan. Pass the previous result (when not -1) as the next hint.
 */
export function withinRouteM(lat: number, lon: number, route: readonly LatLon[], maxM: number, hint = 0): number {
  if (route.length === 0) throw new RangeError('route has no waypoints');
  const cx = Math.cos(lat * RAD), n = segments(route);
  const h = Math.min(Math.max(0, hint | 0), n - 1);
  if (segmentDistanceM(lat, lon, cx, route, h) <= maxM) return h;
  // then onwards from the hint, wrapping: a truck leaving its segment is usually on the next one
  for (let k = 1; k < n; k++) {
    const i = (h + k) % n;
    if (segmentDistanceM(lat, lon, cx, route, i) <= maxM) return i;
  }
  return -1;
}

/** Segments to scan: a one-waypoint route is one degenerate segment. */
const segments = (route: readonly LatLon[]): number => Math.max(1, route.length - 1);

/** Distance from (lat, lon) to segment i, with cx = cos(lat) precomputed. */
function segmentDistanceM(lat: number, lon: number, cx: number, route: readonly LatLon[], i: number): number {
  const a = route[i], b = route[Math.min(i + 1, route.length - 1)];
  // multiplied in toXY's order, so results equal the tuple version bit for bit
  const ax = (a[1] - lon) * RAD * R * cx, ay = (a[0] - lat) * RAD * R;
  const bx = (b[1] - lon) * RAD * R * cx, by = (b[0] - lat) * RAD * R;
  const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  // projection of the origin (the point) onto the segment, clamped to its ends
  const f = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + f * dx, ay + f * dy);
}

/** A point on a route with the unit direction of travel there; `seg` is the segment it lies on. */
export interface RoutePoint {
  lat: number;
  lon: number;
  /** unit direction of travel, east component */
  ux: number;
  /** unit direction of travel, north component */
  uy: number;
  /** index of the segment [route[seg], route[seg + 1]]; alongInto starts its search here */
  seg: number;
}

/**
 * The position and heading (unit east/north) at distance s along the route, written into `out` so that
 * a per-report caller allocates nothing. The segment search starts at
 * `out.seg`, so a truck moving forward costs O(1) per call rather than a scan from the start; any start
 * gives the same segment as a scan from 0 (the first whose end is at or past s, else the last).
 */
export function alongInto(route: readonly LatLon[], cum: readonly number[], s: number, out: RoutePoint): RoutePoint {
  if (route.length < 2) throw new RangeError('route needs at least two waypoints');
  const last = route.length - 2;
  let i = Math.min(Math.max(0, out.seg | 0), last);
  // back up while the previous segment already reaches s (cum is non-decreasing, so earlier ones don't matter)
  while (i > 0 && cum[i] >= s) i--;
  while (i < last && cum[i + 1] < s) i++;
  const a = route[i], b = route[i + 1];
  const f = Math.min(1, Math.max(0, (s - cum[i]) / (cum[i + 1] - cum[i] || 1)));
  const lat = a[0] + f * (b[0] - a[0]);
  const x = (b[1] - a[1]) * RAD * R * Math.cos(lat * RAD), y = (b[0] - a[0]) * RAD * R;
  const n = Math.hypot(x, y) || 1;
  out.lat = lat;
  out.lon = a[1] + f * (b[1] - a[1]);
  out.ux = x / n;
  out.uy = y / n;
  out.seg = i;
  return out;
}
