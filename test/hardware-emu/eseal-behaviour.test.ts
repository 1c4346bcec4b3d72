/** GPS e-seal trip behaviour: determinism, codec round trips, corridor/stop/tamper hidden truth shows in the frames. */
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { esealTrip, corridorDistanceM, type EsealTrip, type LatLon } from '../../hardware-emu/gps-eseal/behaviour.js';
import { esealState, jt808, Jt808MessageId, Jt808StatusBit, type Jt808Location } from '../../hardware-emu/gps-eseal/index.js';

// ~25 km route near Shenzhen that only turns right (clockwise), so a left offset is on every turn's outer side
const ROUTE: LatLon[] = [[22.50, 113.90], [22.60, 113.92], [22.62, 114.00], [22.58, 114.05]];
const STOP = { kind: 'stop', at: 300, durationS: 180 } as const;
const DEV = { kind: 'deviation', fromS: 900, toS: 1200, offsetM: 500 } as const;
const TAMPER = { kind: 'tamper', at: 1500 } as const;
const trip = (events: EsealTrip['events'] = [STOP, DEV, TAMPER]): EsealTrip => ({ at: 1000, phone: '013912345678', plate: '粤B88888', route: ROUTE, events });
const run = (seed: number, t = trip(), noiseM = 5) => esealTrip(t, { noiseM }, new RngStreams(seed).stream('eseal'));

const locations = (frames: ReturnType<typeof run>) =>
  frames.filter((f) => f.frame.body.kind === 'location').map((f) => ({ t: f.at - 1000, body: f.frame.body as Jt808Location }));
const point = (b: Jt808Location): LatLon => [b.latitude / 1e6, b.longitude / 1e6];
// 6 sd of per-axis noise in 2-D, plus 1e-6° rounding and equirectangular slack
const NOISE_BOUND = 6 * 5 * Math.SQRT2 + 1;

describe('esealTrip', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('starts with registration then authentication, then reports and heartbeats; serials count up', () => {
    const frames = run(1);
    expect(frames[0].frame.messageId).toBe(Jt808MessageId.registration);
    expect(frames[1].frame.messageId).toBe(Jt808MessageId.authentication);
    expect(frames.some((f) => f.frame.messageId === Jt808MessageId.heartbeat)).toBe(true);
    expect(frames.map((f) => f.frame.serial)).toEqual(frames.map((_, i) => i));
    for (let i = 1; i < frames.length; i++) expect(frames[i].at).toBeGreaterThanOrEqual(frames[i - 1].at);
    const locs = locations(frames);
    expect(locs.length).toBeGreaterThan(30); // ~25 km at ~50 km/h, a report every 30 s
    expect(corridorDistanceM(point(locs.at(-1)!.body), [ROUTE.at(-1)!])).toBeLessThan(NOISE_BOUND); // arrives
  });

  it('every frame encodes and decodes back to itself', () => {
    for (const seed of [1, 2, 3]) for (const f of run(seed)) expect(jt808.decode(jt808.encode(f.frame))).toEqual(f.frame);
  });

  it('stays in the corridor within the noise bound except during the deviation, which is offsetM off', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const locs = locations(run(seed));
      const dev = locs.filter((l) => l.t >= DEV.fromS && l.t <= DEV.toS);
      expect(dev.length).toBeGreaterThanOrEqual(10);
      for (const l of locs) {
        const d = corridorDistanceM(point(l.body), ROUTE);
        if (l.t >= DEV.fromS && l.t <= DEV.toS) expect(Math.abs(d - DEV.offsetM)).toBeLessThan(NOISE_BOUND + 0.01 * DEV.offsetM);
        else expect(d).toBeLessThan(NOISE_BOUND);
      }
    }
  });

  it('reports speed 0 and a held position during the stop, and moves otherwise', () => {
    const locs = locations(run(3));
    const stopped = locs.filter((l) => l.t >= STOP.at && l.t < STOP.at + STOP.durationS);
    expect(stopped.length).toBe(6);
    for (const l of stopped) {
      expect(l.body.speed).toBe(0);
      expect(corridorDistanceM(point(l.body), [point(stopped[0].body)])).toBeLessThan(2 * NOISE_BOUND);
    }
    expect(locs.filter((l) => l.t < STOP.at).every((l) => l.body.speed > 0)).toBe(true);
  });

  it('is sealed until the tamper, then open with the tamper and illegal-opening alarms, reported at once', () => {
    const locs = locations(run(4));
    expect(locs.some((l) => l.t === TAMPER.at)).toBe(true);
    for (const l of locs) {
      const s = esealState(l.body);
      const tampered = l.t >= TAMPER.at;
      expect(s).toEqual({ sealOpen: tampered, tamper: tampered, illegalOpening: tampered });
      expect(((l.body.status >>> Jt808StatusBit.DOOR_LOCKED) & 1) === 1).toBe(!tampered);
    }
  });

  it('a trip without events is sealed throughout, on the corridor, never at rest before arrival', () => {
    const locs = locations(run(9, trip([])));
    for (const l of locs) {
      expect(esealState(l.body)).toEqual({ sealOpen: false, tamper: false, illegalOpening: false });
      expect(corridorDistanceM(point(l.body), ROUTE)).toBeLessThan(NOISE_BOUND);
    }
    expect(locs.slice(0, -1).every((l) => l.body.speed > 0)).toBe(true);
  });
});

describe('corridorDistanceM', () => {
  it('is 0 on the route and the perpendicular distance beside a segment', () => {
    expect(corridorDistanceM([22.55, 113.91], ROUTE)).toBeLessThan(0.01);
    // 0.01° of latitude north of an east-west segment ≈ 1112 m
    expect(corridorDistanceM([22.51, 114.0], [[22.5, 113.9], [22.5, 114.1]])).toBeCloseTo(1111.95, 0);
    // beyond the end: distance to the end point, ~0.01° of longitude at 22.5° N ≈ 1027 m
    expect(corridorDistanceM([22.5, 114.11], [[22.5, 113.9], [22.5, 114.1]])).toBeCloseTo(1027.3, 0);
  });
});
