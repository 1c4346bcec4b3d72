/**
 * A truck driving a planned route (polyline of [lat, lon]) as its GPS tracker sees it: a position report every
 * `intervalS`, speed (km/h) redrawn per report interval from `speed`, Gaussian GPS noise (sd `noiseM` per axis).
 * Hidden-truth events (times in seconds since trip start) give corridor/stop/tamper checks something to catch:
 * a stop (speed 0, position held), a deviation (positions shifted `offsetM` to the left of the direction of
 * travel), a tamper (seal open, latched to trip end).
 *
 * The GPS e-seal emulator (hardware-emu/gps-eseal) wraps this in JT/T 808 frames and the simulation feeds it
 * to the corridor monitor, so both see the same trucks. Its random draws are part of the contract: per
 * report interval one speed draw, then per report (including the extra one at the tamper instant) a noise
 * draw east then north. Changing that order changes every recorded e-seal trace for a seed.
 */
import type { Rng } from './rng.js';
import type { DistSpec } from './distribution-spec.js';
import { normal, sampler, type Sampler } from './distributions.js';
import { EARTH_RADIUS_M, alongInto, cumulativeM, type LatLon, type RoutePoint } from './geo.js';

export type TrackEvent =
  | { kind: 'stop'; at: number; durationS: number }
  | { kind: 'deviation'; fromS: number; toS: number; offsetM: number }
  | { kind: 'tamper'; at: number };

/**
 * One position report. driveTrack passes the SAME object to every onReport call of a trip, overwritten each
 * time: a callee that keeps a report past its call must copy the fields it needs.
 */
export interface TrackReport {
  /** seconds since trip start */
  t: number;
  /** reported position, degrees: true position with any deviation offset and GPS noise applied */
  lat: number;
  lon: number;
  /** 0 while stopped and at arrival */
  speedKmh: number;
  /** direction of travel along the route, degrees clockwise from north in [0, 360) */
  headingDeg: number;
  /** distance driven along the route so far, metres */
  odometerM: number;
  /** t >= the first tamper event */
  sealOpen: boolean;
}

export interface TrackSpec {
  route: readonly LatLon[];
  /** cumulativeM(route), when the caller drives many trips over one route */
  cum?: readonly number[];
  /** hidden truth; times in seconds since trip start; stops are assumed not to overlap each other */
  events?: readonly TrackEvent[];
  /** seconds between position reports (default 30) */
  intervalS?: number;
  /** speed in km/h, drawn per report interval (default normal mean 50, sd 10, min 5); a sampler is used as is */
  speed?: DistSpec | Sampler;
  /**
   * speed along the polyline, km/h, for the interval starting at odometer `s` metres (roads with
   * speeds of their own, or longer than their waypoints); when given, `speed` is not used
   */
  speedAt?: (s: number, rng: Rng) => number;
  /** GPS noise sd per axis, metres (default 5) */
  noiseM?: number;
  /** called with each heartbeat instant (every heartbeatS from trip start, before arrival), in sending order */
  onHeartbeat?: (t: number) => void;
  /** seconds between heartbeats (default 60); only used with onHeartbeat */
  heartbeatS?: number;
}

export interface TrackResult {
  /** seconds from trip start to arrival (time of the last report) */
  durationS: number;
  /** route length, metres (the last report's odometer) */
  lengthM: number;
}

const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;
const DEFAULT_SPEED: DistSpec = { dist: 'normal', mean: 50, sd: 10, min: 5 };

type Stop = Extract<TrackEvent, { kind: 'stop' }>;
type Deviation = Extract<TrackEvent, { kind: 'deviation' }>;

/**
 * Drives one trip from the start of the route (t = 0) to its end, calling onReport for each position report
 * in time order: one every intervalS, one at the tamper instant if it falls between two, one at arrival.
 * Allocates per trip, not per report (the report object is reused; see TrackReport).
 */
export function driveTrack(spec: TrackSpec, rng: Rng, onReport: (r: TrackReport) => void): TrackResult {
  const { route, intervalS = 30, noiseM = 5, heartbeatS = 60, onHeartbeat } = spec;
  if (route.length < 2) throw new RangeError('route needs at least two waypoints');
  if (!(intervalS > 0)) throw new RangeError(`intervalS must be positive, got ${intervalS}`);
  if (onHeartbeat && !(heartbeatS > 0)) throw new RangeError(`heartbeatS must be positive, got ${heartbeatS}`);
  const speed = typeof spec.speed === 'function' ? spec.speed : sampler(spec.speed ?? DEFAULT_SPEED);
  const cum = spec.cum ?? cumulativeM(route);
  if (cum.length !== route.length) throw new RangeError('cum does not match route');
  const total = cum[cum.length - 1];
  // split once so the per-report checks are plain loops; filtering keeps each kind in the caller's order,
  // which is the order the arithmetic (movingTime's subtractions, the first matching deviation) depends on
  const events = spec.events ?? [];
  const stops = events.filter((e): e is Stop => e.kind === 'stop');
  const devs = events.filter((e): e is Deviation => e.kind === 'deviation');
  let tamperAt = Infinity;
  for (const e of events) if (e.kind === 'tamper') tamperAt = Math.min(tamperAt, e.at);

  const stopped = (t: number): boolean => {
    for (const e of stops) if (t >= e.at && t < e.at + e.durationS) return true;
    return false;
  };
  const moving = (t0: number, t1: number): number => {
    let m = t1 - t0;
    for (const e of stops) m -= Math.max(0, Math.min(t1, e.at + e.durationS) - Math.max(t0, e.at));
    return Math.max(0, m);
  };

  const pt: RoutePoint = { lat: 0, lon: 0, ux: 0, uy: 0, seg: 0 };
  const r: TrackReport = { t: 0, lat: 0, lon: 0, speedKmh: 0, headingDeg: 0, odometerM: 0, sealOpen: false };
  const report = (t: number, s: number, vKmh: number): void => {
    // s never decreases between calls, so alongInto's search from the last segment is O(1)
    alongInto(route, cum, s, pt);
    let lat = pt.lat, lon = pt.lon;
    let dev: Deviation | undefined;
    for (const e of devs) if (t >= e.fromS && t <= e.toS) { dev = e; break; }
    if (dev) {
      // left of travel is (-uy, ux): a consistent side makes the offset a clean distance off the corridor
      const dx = -pt.uy * dev.offsetM, dy = pt.ux * dev.offsetM;
      lon = lon + dx / (M_PER_DEG * Math.cos(lat * RAD));
      lat = lat + dy / M_PER_DEG;
    }
    const nx = normal(rng, 0, noiseM), ny = normal(rng, 0, noiseM);
    lon = lon + nx / (M_PER_DEG * Math.cos(lat * RAD));
    lat = lat + ny / M_PER_DEG;
    r.t = t;
    r.lat = lat;
    r.lon = lon;
    r.speedKmh = vKmh;
    r.headingDeg = ((Math.atan2(pt.ux, pt.uy) / RAD) + 360) % 360;
    r.odometerM = s;
    r.sealOpen = t >= tamperAt;
    onReport(r);
  };

  let s = 0, t = 0, nextBeat = heartbeatS;
  for (;;) {
    const v = spec.speedAt !== undefined ? spec.speedAt(s, rng) : speed(rng), ms = v / 3.6;
    // a speed of 0 would never arrive: refuse it rather than loop
    if (!(v > 0)) throw new RangeError(`speed drew ${v}; speeds must be positive`);
    report(t, s, stopped(t) ? 0 : v);
    const t1 = t + intervalS;
    const arrive = s + ms * moving(t, t1) >= total;
    // arrival: the first instant whose moving time covers the rest of the route (a few fixed-point steps past stops)
    let tEnd = t1;
    if (arrive) {
      const need = (total - s) / ms;
      let dt = need;
      for (let k = 0; k < 8 && moving(t, t + dt) < need - 1e-9; k++) dt += need - moving(t, t + dt);
      tEnd = t + dt;
    }
    if (onHeartbeat) while (nextBeat < tEnd) { onHeartbeat(nextBeat); nextBeat += heartbeatS; }
    if (tamperAt > t && tamperAt < tEnd) report(tamperAt, s + ms * moving(t, tamperAt), stopped(tamperAt) ? 0 : v);
    if (arrive) { report(tEnd, total, 0); return { durationS: tEnd, lengthM: total }; }
    s += ms * moving(t, t1);
    t = t1;
  }
}
