/**
 * GPS e-seal behaviour: a sealed truck drives a planned route (polyline of [lat, lon]) and its JT/T 808
 * terminal registers, authenticates, then sends a 0x0200 location report every `intervalS` and a heartbeat
 * every `heartbeatS`. Speed is redrawn per report interval from `speedKmh`; positions carry Gaussian GPS
 * noise (sd `noiseM` per axis). Hidden-truth events (times in seconds since trip start) give the twin's
 * corridor/stop/tamper checks something to catch: a stop (speed 0, position held), a deviation (positions
 * shifted `offsetM` to the left of the direction of travel), a tamper (seal open + tamper alarm, latched).
 *
 * The driving (speeds, stops, deviation, noise, arrival) is sim/kernel/gps-track.ts, shared with the simulation;
 * the geometry is sim/kernel/geo.ts. This file only turns its reports into JT/T 808 frames.
 */
import type { Rng } from '../../sim/kernel/rng.js';
import type { DistSpec } from '../../sim/kernel/distribution-spec.js';
import type { LatLon } from '../../sim/kernel/geo.js';
import { driveTrack, type TrackEvent } from '../../sim/kernel/gps-track.js';
import { DEFAULT_EPOCH_MS, isoWithOffset, round, type TimedFrame } from '../behaviour.js';
import { Jt808MessageId, Jt808StatusBit, withEsealState, type Jt808Body, type Jt808Frame, type Jt808Location } from './jt808.js';

export type { LatLon } from '../../sim/kernel/geo.js';
export { corridorDistanceM } from '../../sim/kernel/geo.js';
export type EsealEvent = TrackEvent;

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

/** JT/T 808 BCD time YYMMDDhhmmss in GMT+8 for simulated second `at`. */
const bcdTime = (epochMs: number, at: number): string => isoWithOffset(epochMs, at, 8).slice(2, 19).replace(/\D/g, '');

export function esealTrip(trip: EsealTrip, params: EsealParams, rng: Rng): TimedFrame<Jt808Frame>[] {
  const { device = `eseal-${trip.phone}`, intervalS = 30, heartbeatS = 60, noiseM = 5, altitudeM = 10, epochMs = DEFAULT_EPOCH_MS } = params;
  const out: TimedFrame<Jt808Frame>[] = [];
  const emit = (t: number, messageId: number, body: Jt808Body): void => {
    out.push({ at: round(trip.at + t, 3), device, format: 'jt808', frame: { messageId, phone: trip.phone, serial: 0, encryption: 0, body } });
  };
  if (trip.route.length < 2) throw new RangeError('route needs at least two waypoints');
  // the terminal logs in just before departure, so the first report (t = 0) follows an authenticated session
  emit(-2, Jt808MessageId.registration, {
    kind: 'registration', province: 44, city: 300, manufacturer: 'CTWIN', model: 'ESEAL-EMU',
    terminalId: trip.phone.slice(-7), plateColour: 1, plate: trip.plate,
  });
  emit(-1, Jt808MessageId.authentication, { kind: 'authentication', authCode: `AUTH${trip.phone}` });

  driveTrack({
    route: trip.route, events: trip.events, intervalS, noiseM, speed: params.speedKmh, heartbeatS,
    // a quarter second after the beat, so a heartbeat never shares a timestamp with a report on the 30 s grid
    onHeartbeat: (t) => emit(t + 0.25, Jt808MessageId.heartbeat, { kind: 'heartbeat' }),
  }, rng, (r) => {
    const south = r.lat < 0, west = r.lon < 0;
    const status = (1 << Jt808StatusBit.ACC_ON) | (1 << Jt808StatusBit.POSITIONED) | (1 << Jt808StatusBit.GPS) |
      (south ? 1 << Jt808StatusBit.SOUTH_LATITUDE : 0) | (west ? 1 << Jt808StatusBit.WEST_LONGITUDE : 0);
    const mileage = Math.round(r.odometerM / 100); // 0x01 extra: odometer in 0.1 km, big-endian DWORD
    const loc: Jt808Location = {
      kind: 'location', alarm: 0, status: status >>> 0,
      latitude: Math.round(Math.abs(r.lat) * 1e6), longitude: Math.round(Math.abs(r.lon) * 1e6),
      altitude: altitudeM, speed: Math.round(r.speedKmh * 10), direction: Math.round(r.headingDeg) % 360,
      time: bcdTime(epochMs, trip.at + r.t),
      extras: [{ id: 0x01, value: Uint8Array.of(mileage >>> 24, (mileage >>> 16) & 255, (mileage >>> 8) & 255, mileage & 255) }],
    };
    // tamper: case opened without authorisation, so the seal reads open with both alarms (latched to trip end)
    const open = r.sealOpen;
    emit(r.t, Jt808MessageId.location, withEsealState(loc, { sealOpen: open, tamper: open, illegalOpening: open }));
  });
  // serials in sending order: reports are emitted out of time order around heartbeats and alarms
  out.sort((a, b) => a.at - b.at).forEach((f, i) => { f.frame.serial = i & 0xffff; });
  return out;
}
