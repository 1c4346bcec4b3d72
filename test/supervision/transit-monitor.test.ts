/** Corridor monitor for sealed transit trips, fed by the shared GPS track (the same driving as the e-seal emulator). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RngStreams } from '../../sim/kernel/rng.js';
import { corridorDistanceM, cumulativeM, type LatLon } from '../../sim/kernel/geo.js';
import { driveTrack, type TrackEvent, type TrackReport } from '../../sim/kernel/gps-track.js';
import { TransitMonitor, type CorridorRules, type TransitAlert } from '../../sim/supervision/transit-monitor.js';

// Taiyuan → Shijiazhuang → Tianjin port: ~470 km, ~9 h at ~50 km/h, one turn at Shijiazhuang (~3.5 h in)
const ROUTE: LatLon[] = [[37.87, 112.55], [38.04, 114.51], [39.0, 117.7]];
const INTERVAL = 30;
const RULES: CorridorRules = { widthM: 500, graceS: 300, maxStopS: 1e9 };
const rng = (seed: number) => new RngStreams(seed).stream('gps');
// 6 sd of per-axis noise in 2-D, plus equirectangular slack
const noiseBound = (sd: number) => 6 * sd * Math.SQRT2 + 1;

const copy = (r: TrackReport): TrackReport => ({ ...r });

function drive(seed: number, events: TrackEvent[] = [], noiseM = 5) {
  const reports: TrackReport[] = [];
  const result = driveTrack({ route: ROUTE, events, intervalS: INTERVAL, noiseM }, rng(seed), (r) => reports.push(copy(r)));
  return { reports, ...result };
}

/** Drives a trip through a monitor the way the simulation does: every report, then the arrival. */
function monitored(seed: number, events: TrackEvent[], rules: Partial<CorridorRules> = {}, deadlineS = 1e9, noiseM = 5) {
  const monitor = new TransitMonitor(ROUTE, { ...RULES, ...rules }, deadlineS);
  const alerts: TransitAlert[] = [];
  let last: TrackReport | undefined;
  const { reports, durationS } = drive(seed, events, noiseM);
  for (const r of reports) { alerts.push(...monitor.report(r)); last = r; }
  alerts.push(...monitor.arrive(durationS, last!.lat, last!.lon));
  return { alerts, reports, durationS };
}
const kinds = (alerts: readonly TransitAlert[]) => alerts.map((a) => a.kind);

describe('driveTrack', () => {
  it('gives the same reports for the same seed and different ones for another', () => {
    const events: TrackEvent[] = [{ kind: 'stop', at: 600, durationS: 300 }, { kind: 'tamper', at: 1000.5 }];
    expect(drive(7, events)).toEqual(drive(7, events));
    expect(drive(7, events).reports).not.toEqual(drive(8, events).reports);
  });

  it('arrives at the end of the route: last report near the last waypoint, odometer = route length', () => {
    for (const seed of [1, 2, 3]) {
      const { reports, durationS, lengthM } = drive(seed);
      const last = reports.at(-1)!;
      expect(lengthM).toBe(cumulativeM(ROUTE).at(-1));
      expect(last.odometerM).toBe(lengthM);
      expect(last.t).toBe(durationS);
      expect(last.speedKmh).toBe(0);
      expect(corridorDistanceM([last.lat, last.lon], [ROUTE.at(-1)!])).toBeLessThan(noiseBound(5));
      expect(lengthM).toBeGreaterThan(400_000);
    }
  });

  it('reports in time order on the interval grid, odometer never decreasing, heartbeats on their own grid', () => {
    const beats: number[] = [];
    let same = true, prev: TrackReport | undefined;
    const ts: number[] = [], odo: number[] = [];
    const { durationS } = driveTrack({ route: ROUTE, heartbeatS: 45, onHeartbeat: (t) => beats.push(t) }, rng(4), (r) => {
      if (prev && prev !== r) same = false;
      prev = r;
      ts.push(r.t);
      odo.push(r.odometerM);
    });
    expect(same).toBe(true); // one reused object, as documented
    for (let i = 1; i < ts.length; i++) {
      expect(ts[i]).toBeGreaterThan(ts[i - 1]);
      expect(odo[i]).toBeGreaterThanOrEqual(odo[i - 1]);
    }
    expect(ts.slice(0, -1).every((t) => t % 30 === 0)).toBe(true);
    expect(beats).toEqual(Array.from({ length: Math.ceil(durationS / 45) - 1 }, (_, i) => 45 * (i + 1)));
  });
});

describe('TransitMonitor on driven trips', () => {
  const DEV = { kind: 'deviation', fromS: 3600, toS: 3600 + 20 * 60, offsetM: 2000 } as const;

  it('a 20 min, 2 km deviation raises exactly one deviation alert, grace after it starts', () => {
    for (const seed of [1, 2, 3]) {
      const { alerts, reports } = monitored(seed, [DEV]);
      expect(kinds(alerts)).toEqual(['deviation']);
      expect(alerts[0].at).toBeGreaterThanOrEqual(DEV.fromS + RULES.graceS);
      expect(alerts[0].at).toBeLessThanOrEqual(DEV.fromS + RULES.graceS + INTERVAL);
      // the alert carries the position of the report that raised it
      const r = reports.find((x) => x.t === alerts[0].at)!;
      expect([alerts[0].lat, alerts[0].lon]).toEqual([r.lat, r.lon]);
      expect(corridorDistanceM([r.lat, r.lon], ROUTE)).toBeGreaterThan(1900);
    }
  });

  it('an excursion shorter than the grace raises none; two separate excursions raise two', () => {
    expect(monitored(1, [{ ...DEV, toS: DEV.fromS + 240 }]).alerts).toEqual([]);
    const second = { ...DEV, fromS: 7200, toS: 7200 + 20 * 60 };
    const { alerts } = monitored(1, [DEV, second]);
    expect(kinds(alerts)).toEqual(['deviation', 'deviation']);
    expect(alerts.map((a) => a.at)).toEqual([DEV.fromS + RULES.graceS, second.fromS + RULES.graceS]);
  });

  it('GPS noise inside the corridor raises nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.double({ min: 5, max: 50, noNaN: true }), (seed, noiseM) => {
        const monitor = new TransitMonitor(ROUTE, { widthM: 500, graceS: 300, maxStopS: 1e6 }, 1e9);
        let n = 0, lat = 0, lon = 0;
        const { durationS } = driveTrack({ route: ROUTE, noiseM }, rng(seed), (r) => {
          n += monitor.report(r).length;
          lat = r.lat;
          lon = r.lon;
        });
        n += monitor.arrive(durationS, lat, lon).length;
        expect(n).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('a stop longer than maxStopS raises one stop alert; a shorter stop none', () => {
    const stop = { kind: 'stop', at: 3600, durationS: 1800 } as const;
    const { alerts } = monitored(2, [stop], { maxStopS: 600 });
    expect(kinds(alerts)).toEqual(['stop']);
    expect(alerts[0].at).toBe(stop.at + 600 + INTERVAL); // first report more than 600 s after the first at rest
    expect(monitored(2, [{ ...stop, durationS: 300 }], { maxStopS: 600 }).alerts).toEqual([]);
  });

  it('a tamper raises exactly one tamper alert, at the tamper instant, however many reports follow', () => {
    const { alerts, reports } = monitored(3, [{ kind: 'tamper', at: 5000.5 }]);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'tamper', at: 5000.5 })]);
    expect(reports.filter((r) => r.sealOpen).length).toBeGreaterThan(100);
  });

  it('running past the deadline raises one late alert, from the first report after it', () => {
    const { alerts, durationS } = monitored(4, [], {}, 10_000);
    expect(durationS).toBeGreaterThan(10_000);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'late', at: 10_020 })]);
  });
});

describe('TransitMonitor rules on hand-made reports', () => {
  const at = (t: number, p: LatLon, speedKmh = 50, sealOpen = false) => ({ t, lat: p[0], lon: p[1], speedKmh, sealOpen });
  const start = ROUTE[0];
  const off: LatLon = [start[0] + 0.05, start[1]]; // ~5.5 km north of Taiyuan, ~5 km off the first leg

  it('arriving after the deadline raises late once, on time raises nothing', () => {
    const late = new TransitMonitor(ROUTE, RULES, 100);
    expect(late.report(at(90, start))).toEqual([]);
    expect(late.arrive(120, start[0], start[1])).toEqual([{ kind: 'late', at: 120, lat: start[0], lon: start[1] }]);
    expect(late.arrive(130, start[0], start[1])).toEqual([]);
    const onTime = new TransitMonitor(ROUTE, RULES, 100);
    expect(onTime.arrive(100, start[0], start[1])).toEqual([]);
  });

  it('times an excursion between report timestamps and ends it on coming back inside', () => {
    const m = new TransitMonitor(ROUTE, { widthM: 500, graceS: 300, maxStopS: 1e9 }, 1e9);
    expect(corridorDistanceM(off, ROUTE)).toBeGreaterThan(500);
    expect(m.report(at(0, off))).toEqual([]);
    expect(m.report(at(299, off))).toEqual([]);
    expect(kinds(m.report(at(300, off)))).toEqual(['deviation']);
    expect(m.report(at(900, off))).toEqual([]); // same excursion
    expect(m.report(at(901, start))).toEqual([]); // back inside
    expect(m.report(at(1000, off))).toEqual([]);
    expect(kinds(m.report(at(1300, off)))).toEqual(['deviation']);
  });

  it('times a standstill strictly longer than maxStopS and resets it on moving', () => {
    const m = new TransitMonitor(ROUTE, { widthM: 500, graceS: 300, maxStopS: 600 }, 1e9);
    expect(m.report(at(0, start, 0))).toEqual([]);
    expect(m.report(at(600, start, 0.5))).toEqual([]);
    expect(kinds(m.report(at(601, start, 0)))).toEqual(['stop']);
    expect(m.report(at(2000, start, 0))).toEqual([]);
    expect(m.report(at(2001, start, 30))).toEqual([]);
    expect(m.report(at(2002, start, 0))).toEqual([]);
    expect(kinds(m.report(at(2700, start, 0)))).toEqual(['stop']);
  });

  it('latches tamper and late, and refuses reports out of time order', () => {
    const m = new TransitMonitor(ROUTE, RULES, 10);
    expect(kinds(m.report(at(20, start, 50, true)))).toEqual(['tamper', 'late']);
    for (let t = 30; t < 3000; t += 30) expect(m.report(at(t, start, 50, true))).toEqual([]);
    expect(() => m.report(at(5, start))).toThrow(RangeError);
  });
});
