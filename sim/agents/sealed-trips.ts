/**
 * Trips under customs seal, watched by GPS e-seal: each truck is driven along its route with the
 * emulator's driving loop (sim/kernel/gps-track.ts), every position report goes through the
 * corridor monitor, and the alerts it raises are played at their times. An alert sends an
 * interception team (a Resource at its base, travelling to where the alert was raised); a team that
 * can meet the truck before it arrives holds it for a check; otherwise the alert goes with the truck
 * to its destination. A truck cleared once is chased again on a later alert.
 *
 * The trip's track is computed when it leaves; an interception shifts everything after it by the
 * hold. The trip itself is an XState machine (transit-trip.machine.ts); this file is the world
 * around it. What is hidden (the smuggling, its events on the road) comes from the caller.
 */
import type { Simulation } from '../engine/simulation.js';
import type { Entity } from '../engine/executor.js';
import type { IndexedStreams, Rng } from '../kernel/rng.js';
import { Resource } from '../kernel/resource.js';
import { distanceM, type LatLon } from '../kernel/geo.js';
import { driveTrack, type TrackEvent } from '../kernel/gps-track.js';
import { TransitMonitor, type TransitAlert } from '../supervision/transit-monitor.js';
import type { Route } from '../supervision/road-network.js';
import type { NetworkPolicyConfig, SealRules, TransitSmuggling } from '../supervision/network-config.js';
import { transitTripMachine, type TransitTripEvent, type TransitTripInput } from './transit-trip.machine.js';

export interface SealedTripsOptions {
  rules: SealRules;
  interception: NetworkPolicyConfig['interception'];
  arrivalDetect: NetworkPolicyConfig['arrivalDetect'];
  gps: { intervalS: number; noiseM: number };
  /** where the interception teams wait */
  base: LatLon;
  /** the GPS noise and speed draws of trip k */
  tracks: IndexedStreams;
}

/** One trip: its road, how it is driven, and its hidden truth. */
export interface TripPlan {
  consignment: string;
  /** index of the trip's track in `tracks` */
  k: number;
  from: string;
  to: string;
  route: Route;
  plannedS: number;
  speedAt: (s: number, rng: Rng) => number;
  smuggling: TransitSmuggling | 'none';
  /** stops, deviations, tampers on the road, in seconds from departure */
  events: TrackEvent[];
  /** when the smuggling act begins, from departure (Infinity: none) */
  actAt: number;
  /** the trip's own draws: a check's length, and uniforms for a check's and the arrival's finding */
  checkS(): number;
  checkU(): number;
  arrivalU(): number;
}

export interface TripEnds {
  arrived(): void;
  /** seized on the road by a team (`place` 'in-transit') or at the destination */
  seized(place: string): void;
}

interface Trip {
  plan: TripPlan;
  ends: TripEnds;
  entity: Entity;
  t0: number;
  /** what the monitor raised, trip-relative, in time order */
  alerts: TransitAlert[];
  durationS: number;
  /** seconds the truck was held by interceptions so far */
  shift: number;
  next: number;
  timer: ReturnType<Simulation['at']> | null;
  intercepting: boolean;
  alertedForArrival: boolean;
}

export class SealedTrips {
  private readonly teams: Resource<(team: number) => void> | null;
  private readonly runGrant = (fn: (team: number) => void, team: number): void => fn(team);

  constructor(
    private readonly sim: Simulation,
    private readonly o: SealedTripsOptions,
  ) {
    this.teams = o.interception.teams > 0 ? new Resource(sim, { name: 'interception', capacity: o.interception.teams, stats: 'moments' }) : null;
  }

  start(plan: TripPlan, ends: TripEnds): void {
    const { sim, o } = this;
    const { route, plannedS } = plan;
    const r = o.rules;
    const monitor = new TransitMonitor(route.points, { widthM: r.widthM, graceS: r.graceS, maxStopS: r.maxStopS }, plannedS * r.lateFactor + r.lateSlackS);
    const alerts: TransitAlert[] = [];
    let lastLat = route.points[0][0], lastLon = route.points[0][1];
    const track = driveTrack(
      { route: route.points, cum: route.cum, events: plan.events, intervalS: o.gps.intervalS, speedAt: plan.speedAt, noiseM: o.gps.noiseM },
      o.tracks.at(plan.k),
      (rep) => {
        lastLat = rep.lat;
        lastLon = rep.lon;
        for (const a of monitor.report(rep)) alerts.push(a);
      },
    );
    for (const a of monitor.arrive(track.durationS, lastLat, lastLon)) alerts.push(a);
    const input: TransitTripInput = {
      consignment: plan.consignment, from: plan.from, to: plan.to, km: Math.round(route.km * 100) / 100, plannedS: Math.round(plannedS), smuggling: plan.smuggling,
    };
    const entity = sim.spawn(transitTripMachine, `${plan.consignment}.trip`, input);
    const trip: Trip = { plan, ends, entity, t0: sim.now, alerts, durationS: track.durationS, shift: 0, next: 0, timer: null, intercepting: false, alertedForArrival: false };
    sim.send(entity, { type: 'DEPART', at: sim.now } satisfies TransitTripEvent);
    this.scheduleNext(trip);
  }

  private scheduleNext(trip: Trip): void {
    const t = trip.next < trip.alerts.length ? trip.alerts[trip.next].at : trip.durationS;
    trip.timer = this.sim.at(Math.max(this.sim.now, trip.t0 + t + trip.shift), this.step, trip);
  }

  private readonly step = (trip: Trip): void => {
    trip.timer = null;
    if (trip.next < trip.alerts.length) {
      const a = trip.alerts[trip.next++];
      // true: raised once the smuggling act had begun (a rest before it that looked suspicious is a false alert)
      this.sim.send(trip.entity, { type: 'ALERT', kind: a.kind, lat: a.lat, lon: a.lon, true_alert: a.at >= trip.plan.actAt } satisfies TransitTripEvent);
      // the truck drives on while a team is found and sent (a free team is granted at once)
      this.scheduleNext(trip);
      this.dispatch(trip, a);
      return;
    }
    this.arrive(trip);
  };

  private dispatch(trip: Trip, a: TransitAlert): void {
    // one team at a time; a truck stopped and cleared earlier is chased again on a new alert
    if (trip.intercepting) return;
    const teams = this.teams;
    if (teams === null) {
      trip.alertedForArrival = true;
      return;
    }
    const { sim, o } = this;
    trip.intercepting = true;
    teams.request((team) => {
      // the team heads for where the alert was raised (a team granted late still does: the control
      // room sends it where the truck was last seen misbehaving)
      const travelS = o.interception.dispatchS + distanceM(o.base, [a.lat, a.lon]) / (o.interception.speedKmh / 3.6);
      const meetAt = sim.now + travelS;
      const arrivalAt = trip.t0 + trip.durationS + trip.shift;
      if (trip.timer === null || meetAt >= arrivalAt) {
        // the truck will be at its destination first: the alert goes there with it
        trip.alertedForArrival = true;
        trip.intercepting = false;
        teams.release(team);
        return;
      }
      sim.at(meetAt, () => this.intercept(trip, teams, team, travelS), undefined);
    }, this.runGrant);
  }

  private intercept(trip: Trip, teams: Resource<(team: number) => void>, team: number, travelS: number): void {
    const { sim, o } = this;
    if (trip.timer === null) {
      // arrived (or seized) while the team drove: nothing to stop
      trip.intercepting = false;
      trip.alertedForArrival = true;
      sim.schedule(travelS, () => teams.release(team), undefined);
      return;
    }
    sim.cancel(trip.timer);
    trip.timer = null;
    trip.intercepting = false;
    sim.send(trip.entity, { type: 'INTERCEPT', team } satisfies TransitTripEvent);
    const elapsed = sim.now - trip.t0 - trip.shift;
    const holdS = trip.plan.checkS();
    sim.schedule(holdS, () => {
      sim.schedule(travelS, () => teams.release(team), undefined);
      const found = elapsed >= trip.plan.actAt && trip.plan.checkU() < o.interception.detect;
      if (found) {
        sim.send(trip.entity, { type: 'SEIZE', where: 'transit' } satisfies TransitTripEvent);
        trip.ends.seized('in-transit');
        return;
      }
      sim.send(trip.entity, { type: 'CLEAR' } satisfies TransitTripEvent);
      trip.shift += holdS;
      this.scheduleNext(trip);
    }, undefined);
  }

  private arrive(trip: Trip): void {
    const { sim, o } = this;
    const smuggling = trip.plan.smuggling;
    sim.send(trip.entity, { type: 'ARRIVE', at: sim.now } satisfies TransitTripEvent);
    if (smuggling !== 'none') {
      const p = trip.alertedForArrival ? o.interception.detect : o.arrivalDetect[smuggling];
      if (trip.plan.arrivalU() < p) {
        sim.send(trip.entity, { type: 'SEIZE', where: 'arrival' } satisfies TransitTripEvent);
        trip.ends.seized(trip.plan.to);
        return;
      }
    }
    trip.ends.arrived();
  }
}
