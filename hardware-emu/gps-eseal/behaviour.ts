/**
 * GPS e-seal behaviour: a sealed truck drives a planned route (polyline of [lat, lon]) and its JT/T 808
 * terminal registers, authenticates, then sends a 0x0200 location report every `intervalS` and a heartbeat
 * every `heartbeatS`. Speed is redrawn per report interval from `speedKmh`; positions carry Gaussian GPS
 * noise (sd `noiseM` per axis). Hidden-truth events (times in seconds since trip start) give the twin's
 * corridor/stop/tamper checks something to catch: a stop (speed 0, position held), a deviation (positions
 * shifted `offsetM` to the left of the direction of travel), a tamper (seal open + tamper alarm, latched).
 *
 * Geometry is equirectangular: x = R·Δlon·cos(lat0), y = R·Δlat with lat0 the latitude of the point at hand.
 * Lines straight in lat/lon stay straight under it, and for corridors of a few km the distance error is
 * well under 1 % away from the poles; no antimeridian handling.
 */
import type { Rng } from '../../sim/kernel/rng.js';
import type { DistSpec } from '../../sim/kernel/distribution-spec.js';
import { normal, sampler } from '../../sim/kernel/distributions.js';
import { DEFAULT_EPOCH_MS, isoWithOffset, round, type TimedFrame } from '../behaviour.js';
import { Jt808MessageId, Jt808StatusBit, withEsealState, type Jt808Body, type Jt808Frame, type Jt808Location } from './jt808.js';

/** [latitude, longitude] in degrees */
export type LatLon = readonly [number, number];

export type EsealEvent =
  | { kind: 'stop'; at: number; durationS: number }
  | { kind: 'deviation'; fromS: number; toS: number; offsetM: number }
  | { kind: 'tamper'; at: number };

export interface EsealTrip {
  /** simulated second the trip starts (first location report; registration and authentication go 2 s and 1 s before) */
  at: number;
  /** terminal phone number, 12 digits */
  phone: string;
  /** GBK-encodable plate, e.g. 粤B88888 */
  plate: string;
  route: readonly LatLon[];
  /** hidden truth; times in seconds since `at` */
  events?: readonly EsealEvent[];
}

export interface EsealParams {
  device?: string;
  intervalS?: number;
  heartbeatS?: number;
  speedKmh?: DistSpec;
  /** GPS noise sd per axis, metres */
  noiseM?: number;
  altitudeM?: number;
  epochMs?: number;
}

const R = 6_371_008.8;
const RAD = Math.PI / 180;

/** [east, north] metres of p from o, equirectangular at latitude lat0. */
function toXY(p: LatLon, o: LatLon, lat0: number): [number, number] {
  return [(p[1] - o[1]) * RAD * R * Math.cos(lat0 * RAD), (p[0] - o[0]) * RAD * R];
}

/** p moved by (dx east, dy north) metres. */
function shift(p: LatLon, dx: number, dy: number): LatLon {
  return [p[0] + dy / (R * RAD), p[1] + dx / (R * RAD * Math.cos(p[0] * RAD))];
}

/** Distance in metres from `point` to the polyline `route` (equirectangular about the point's latitude). */
export function corridorDistanceM(point: LatLon, route: readonly LatLon[]): number {
  if (route.length === 0) throw new RangeError('route has no waypoints');
  let best = Infinity;
  for (let i = 0; i < Math.max(1, route.length - 1); i++) {
    const [ax, ay] = toXY(route[i], point, point[0]);
    const [bx, by] = toXY(route[Math.min(i + 1, route.length - 1)], point, point[0]);
    const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    // projection of the origin (the point) onto the segment, clamped to its ends
    const f = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
    best = Math.min(best, Math.hypot(ax + f * dx, ay + f * dy));
  }
  return best;
}

/** Position and heading (unit east/north) at distance s along the route. */
function along(route: readonly LatLon[], cum: number[], s: number): { p: LatLon; ux: number; uy: number } {
  let i = 0;
  while (i < route.length - 2 && cum[i + 1] < s) i++;
  const a = route[i], b = route[i + 1];
  const f = Math.min(1, Math.max(0, (s - cum[i]) / (cum[i + 1] - cum[i] || 1)));
  const p: LatLon = [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])];
  const [x, y] = toXY(b, a, p[0]);
  const n = Math.hypot(x, y) || 1;
  return { p, ux: x / n, uy: y / n };
}

const inStop = (events: readonly EsealEvent[], t: number): boolean =>
  events.some((e) => e.kind === 'stop' && t >= e.at && t < e.at + e.durationS);

/** Seconds of [t0, t1) not covered by stops (stops are assumed not to overlap each other). */
function movingTime(events: readonly EsealEvent[], t0: number, t1: number): number {
  let m = t1 - t0;
  for (const e of events) if (e.kind === 'stop') m -= Math.max(0, Math.min(t1, e.at + e.durationS) - Math.max(t0, e.at));
  return Math.max(0, m);
}

/** JT/T 808 BCD time YYMMDDhhmmss in GMT+8 for simulated second `at`. */
const bcdTime = (epochMs: number, at: number): string => isoWithOffset(epochMs, at, 8).slice(2, 19).replace(/\D/g, '');

export function esealTrip(trip: EsealTrip, params: EsealParams, rng: Rng): TimedFrame<Jt808Frame>[] {
  const { device = `eseal-${trip.phone}`, intervalS = 30, heartbeatS = 60, noiseM = 5, altitudeM = 10, epochMs = DEFAULT_EPOCH_MS } = params;
  const speed = sampler(params.speedKmh ?? { dist: 'normal', mean: 50, sd: 10, min: 5 });
  const events = trip.events ?? [];
  const route = trip.route;
  if (route.length < 2) throw new RangeError('route needs at least two waypoints');
  const cum = [0];
  for (let i = 1; i < route.length; i++) {
    const [x, y] = toXY(route[i], route[i - 1], (route[i][0] + route[i - 1][0]) / 2);
    cum.push(cum[i - 1] + Math.hypot(x, y));
  }
  const total = cum[cum.length - 1];
  const out: TimedFrame<Jt808Frame>[] = [];
  const emit = (t: number, messageId: number, body: Jt808Body): void => {
    out.push({ at: round(trip.at + t, 3), device, format: 'jt808', frame: { messageId, phone: trip.phone, serial: 0, encryption: 0, body } });
  };
  // the terminal logs in just before departure, so the first report (t = 0) follows an authenticated session
  emit(-2, Jt808MessageId.registration, {
    kind: 'registration', province: 44, city: 300, manufacturer: 'CTWIN', model: 'ESEAL-EMU',
    terminalId: trip.phone.slice(-7), plateColour: 1, plate: trip.plate,
  });
  emit(-1, Jt808MessageId.authentication, { kind: 'authentication', authCode: `AUTH${trip.phone}` });

  const tamperAt = Math.min(Infinity, ...events.filter((e) => e.kind === 'tamper').map((e) => e.at));
  const report = (t: number, s: number, vKmh: number): void => {
    const { p, ux, uy } = along(route, cum, s);
    let q = p;
    const dev = events.find((e) => e.kind === 'deviation' && t >= e.fromS && t <= e.toS);
    // left of travel is (-uy, ux): a consistent side makes the offset a clean distance off the corridor
    if (dev?.kind === 'deviation') q = shift(q, -uy * dev.offsetM, ux * dev.offsetM);
    q = shift(q, normal(rng, 0, noiseM), normal(rng, 0, noiseM));
    const south = q[0] < 0, west = q[1] < 0;
    const status = (1 << Jt808StatusBit.ACC_ON) | (1 << Jt808StatusBit.POSITIONED) | (1 << Jt808StatusBit.GPS) |
      (south ? 1 << Jt808StatusBit.SOUTH_LATITUDE : 0) | (west ? 1 << Jt808StatusBit.WEST_LONGITUDE : 0);
    const tampered = t >= tamperAt;
    const mileage = Math.round(s / 100); // 0x01 extra: odometer in 0.1 km, big-endian DWORD
    const loc: Jt808Location = {
      kind: 'location', alarm: 0, status: status >>> 0,
      latitude: Math.round(Math.abs(q[0]) * 1e6), longitude: Math.round(Math.abs(q[1]) * 1e6),
      altitude: altitudeM, speed: Math.round(vKmh * 10), direction: Math.round(((Math.atan2(ux, uy) / RAD) + 360) % 360) % 360,
      time: bcdTime(epochMs, trip.at + t),
      extras: [{ id: 0x01, value: Uint8Array.of(mileage >>> 24, (mileage >>> 16) & 255, (mileage >>> 8) & 255, mileage & 255) }],
    };
    // tamper: case opened without authorisation, so the seal reads open with both alarms (latched to trip end)
    emit(t, Jt808MessageId.location, withEsealState(loc, { sealOpen: tampered, tamper: tampered, illegalOpening: tampered }));
  };

  // drive: one speed draw per report interval; stops eat moving time; an alarm report goes out at the tamper instant
  let s = 0, t = 0, nextBeat = heartbeatS;
  for (;;) {
    const v = speed(rng), ms = v / 3.6;
    report(t, s, inStop(events, t) ? 0 : v);
    const t1 = t + intervalS;
    const arrive = s + ms * movingTime(events, t, t1) >= total;
    // arrival: the first instant whose moving time covers the rest of the route (a few fixed-point steps past stops)
    let tEnd = t1;
    if (arrive) {
      const need = (total - s) / ms;
      let dt = need;
      for (let k = 0; k < 8 && movingTime(events, t, t + dt) < need - 1e-9; k++) dt += need - movingTime(events, t, t + dt);
      tEnd = t + dt;
    }
    while (nextBeat < tEnd) { emit(nextBeat + 0.25, Jt808MessageId.heartbeat, { kind: 'heartbeat' }); nextBeat += heartbeatS; }
    if (tamperAt > t && tamperAt < tEnd) report(tamperAt, s + ms * movingTime(events, t, tamperAt), inStop(events, tamperAt) ? 0 : v);
    if (arrive) { report(tEnd, total, 0); break; }
    s += ms * movingTime(events, t, t1);
    t = t1;
  }
  // serials in sending order: reports are emitted out of time order around heartbeats and alarms
  out.sort((a, b) => a.at - b.at).forEach((f, i) => { f.frame.serial = i & 0xffff; });
  return out;
}
