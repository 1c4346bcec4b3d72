/**
 * The transit corridor alert (转关途中监控, 电子关锁): customs corridor check for one sealed transit trip: the rules a supervision centre applies to the e-seal's
 * position reports. Pure and deterministic: the same reports give the same alerts.
 *
 * Each rule raises one alert per occurrence, not one per report, because an operator acts on an alert
 * (calls the driver, dispatches a team) and a repeat per 30 s report would only be noise:
 * - deviation: farther than widthM from the route for at least graceS, timed from the first report outside
 *   to the current one (GPS drift and short legitimate detours stay quiet); once per excursion.
 * - stop: slower than 1 km/h for more than maxStopS, timed like deviation; once per stop.
 * - tamper: seal seen open; once per trip (the seal stays open, so every later report would repeat it).
 * - late: a report or the arrival after the deadline; once per trip.
 */
import { withinRouteM, type LatLon } from '../kernel/geo.js';

export interface CorridorRules {
  /** metres either side of the route polyline */
  widthM: number;
  /** seconds a truck may stay outside the corridor before it is an alert */
  graceS: number;
  /** seconds a truck may stand still before it is an alert */
  maxStopS: number;
}

export type TransitAlertKind = 'deviation' | 'stop' | 'tamper' | 'late';

export interface TransitAlert {
  kind: TransitAlertKind;
  /** trip-relative seconds of the report (or arrival) that raised it */
  at: number;
  lat: number;
  lon: number;
}

/** What the monitor reads from a position report (a gps-track TrackReport fits). */
export interface MonitoredReport {
  t: number;
  lat: number;
  lon: number;
  speedKmh: number;
  sealOpen: boolean;
}

/** Standing threshold rather than speed === 0: real receivers report a little speed at rest. */
const STOPPED_KMH = 1;
/**
 * What report() returns when nothing is raised, i.e. almost always: one shared frozen array rather than a new
 * one per report (thousands of trips × ~1000 reports per run). Hence the readonly result type.
 */
const NONE: readonly TransitAlert[] = Object.freeze([]);

const add = (out: TransitAlert[] | null, kind: TransitAlertKind, r: MonitoredReport): TransitAlert[] => {
  (out ??= []).push({ kind, at: r.t, lat: r.lat, lon: r.lon });
  return out;
};

export class TransitMonitor {
  private readonly route: readonly LatLon[];
  private readonly rules: CorridorRules;
  private readonly deadlineS: number;
  /** time of the first report of the current excursion / standstill; NaN when inside / moving */
  private outsideSince = NaN;
  private stoppedSince = NaN;
  /** whether the current excursion / standstill has raised its alert */
  private outsideAlerted = false;
  private stopAlerted = false;
  private tamperAlerted = false;
  private lateAlerted = false;
  private lastT = -Infinity;
  /** segment the last inside report was near: where the next one is looked for first */
  private nearSeg = 0;

  /** deadlineS: trip-relative seconds; a report or arrival after it is late. */
  constructor(route: readonly LatLon[], rules: CorridorRules, deadlineS: number) {
    if (route.length === 0) throw new RangeError('route has no waypoints');
    if (!(rules.widthM >= 0) || !(rules.graceS >= 0) || !(rules.maxStopS >= 0)) {
      throw new RangeError(`corridor rules must be non-negative, got ${JSON.stringify(rules)}`);
    }
    if (Number.isNaN(deadlineS)) throw new RangeError('deadlineS is NaN');
    this.route = route;
    this.rules = rules;
    this.deadlineS = deadlineS;
  }

  /** Feed one position report in time order; returns the alerts it raises (usually none). */
  report(r: MonitoredReport): readonly TransitAlert[] {
    // out of order would silently stretch or shrink the grace timers, so refuse it
    if (!(r.t >= this.lastT)) throw new RangeError(`report at t=${r.t} after one at t=${this.lastT}`);
    this.lastT = r.t;
    let out: TransitAlert[] | null = null;
    if (r.sealOpen && !this.tamperAlerted) {
      this.tamperAlerted = true;
      out = add(out, 'tamper', r);
    }

    const seg = withinRouteM(r.lat, r.lon, this.route, this.rules.widthM, this.nearSeg);
    if (seg >= 0) {
      this.nearSeg = seg;
      this.outsideSince = NaN;
    } else {
      if (Number.isNaN(this.outsideSince)) { this.outsideSince = r.t; this.outsideAlerted = false; }
      if (!this.outsideAlerted && r.t - this.outsideSince >= this.rules.graceS) {
        this.outsideAlerted = true;
        out = add(out, 'deviation', r);
      }
    }

    if (r.speedKmh < STOPPED_KMH) {
      if (Number.isNaN(this.stoppedSince)) { this.stoppedSince = r.t; this.stopAlerted = false; }
      if (!this.stopAlerted && r.t - this.stoppedSince > this.rules.maxStopS) {
        this.stopAlerted = true;
        out = add(out, 'stop', r);
      }
    } else {
      this.stoppedSince = NaN;
    }

    if (r.t > this.deadlineS && !this.lateAlerted) {
      this.lateAlerted = true;
      out = add(out, 'late', r);
    }
    return out ?? NONE;
  }

  /** The trip ended at t; returns a 'late' alert if not already raised and t > deadline. */
  arrive(t: number, lat: number, lon: number): readonly TransitAlert[] {
    if (t <= this.deadlineS || this.lateAlerted) return NONE;
    this.lateAlerted = true;
    return [{ kind: 'late', at: t, lat, lon }];
  }
}
