/**
 * The viewer's live mode (viewer/src/live-tracks.ts) against a real twin: four hours of a recorded
 * port site fed to the twin, its events turned into trucks. What the viewer shows must agree with
 * what the twin says (its queue, its release → gate p95), every released consignment must be one
 * truck, and taking the events in any batches, with the clock moved in between, must give the
 * same picture as taking them at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTracks, LIVE_KPI_STEP_S, type TwinEventLike } from '../../viewer/src/live-tracks.js';
import { Z } from '../../viewer/src/tracks-data.js';
import { ZONE_EXIT_S } from '../../serve/tracks-format.js';
import type { TwinRuntime } from '../../twin/runtime.js';
import { feed, openTwin, recording } from '../twin/twin-fixture.js';

let dir: string;
let runtime: TwinRuntime;
const events: TwinEventLike[] = [];
let now = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ctwin-live-tracks-'));
  const t = openTwin(join(dir, 'twin.db'));
  runtime = t.runtime;
  runtime.subscribe((batch) => void events.push(...batch));
  await feed(t, recording().items);
  runtime.tick();
  now = runtime.now();
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

const siteOf = () => ({ scenario: 'port fixture', lanes: [...runtime.site.lanes.keys()] });

function build(batches: TwinEventLike[][], clockBetween: number[] = []): LiveTracks {
  const lt = new LiveTracks(siteOf(), 0, 8);
  batches.forEach((b, k) => {
    lt.add(b);
    // the twin's clock is never behind its last event, nor past its now
    if (clockBetween[k] !== undefined && b.length > 0) lt.advanceTo(Math.min(now, b[b.length - 1].t + clockBetween[k]));
  });
  lt.advanceTo(now);
  return lt;
}

/** The picture as plain data, for comparing two builds. */
function picture(lt: LiveTracks) {
  const segs = (i: number) => Array.from({ length: lt.segEnd[i] - lt.segStart[i] }, (_, k) => [lt.segT[lt.segStart[i] + k], lt.segZone[lt.segStart[i] + k], lt.segSlot[lt.segStart[i] + k]]);
  return {
    n: lt.n, t1: lt.t1, counts: lt.counts, kpi: lt.kpi,
    trucks: Array.from({ length: lt.n }, (_, i) => ({ ref: lt.ref[i], arrive: lt.arrive[i], leave: lt.leave[i], out: lt.outcome[i], wait: lt.waitS[i], rg: lt.clearanceS[i], segs: segs(i) })),
  };
}

describe('live tracks from a twin', () => {
  it('draws every released consignment as one truck, where the twin has it', () => {
    expect(events.length).toBeGreaterThan(100);
    const lt = build([events]);
    const site = runtime.site;
    expect(lt.n).toBe(site.kpiView().releases);
    expect(new Set(Array.from(lt.ref.subarray(0, lt.n))).size).toBe(lt.n);
    for (const c of site.consignments.values()) {
      const i = lt.refToIndex.get(c.ref);
      expect(i, `C${c.ref + 1}`).toBeDefined();
      const zones = Array.from(lt.segZone.subarray(lt.segStart[i!], lt.segEnd[i!]));
      expect(lt.arrive[i!]).toBe(c.released_t);
      if (c.status === 'released') {
        expect(zones).toEqual([Z.gateQueueSmart]);
        expect(lt.leave[i!]).toBe(Infinity);
        expect(lt.waitS[i!]).toBeCloseTo(lt.t1 - c.released_t, 6);
      } else {
        // at the gate the moment it was released: no time in the queue, no queue segment
        const q = c.gate_t === c.released_t ? 0 : 1;
        expect(zones.slice(0, q + 1)).toEqual([Z.gateQueueSmart, Z.laneSmart].slice(1 - q));
        expect(lt.segSlot[lt.segStart[i!] + q]).toBe([...site.lanes.keys()].indexOf(c.lane!));
        expect(lt.segT[lt.segStart[i!] + q]).toBe(c.gate_t);
        expect(lt.clearanceS[i!]).toBeCloseTo(c.gate_t! - c.released_t, 9);
        if (c.status === 'to_inspection') expect(zones.at(-1)).toBe(Z.inspection);
      }
      // segments in time order within the truck's stay
      const ts = Array.from(lt.segT.subarray(lt.segStart[i!], lt.segEnd[i!]));
      expect([...ts].sort((a, b) => a - b)).toEqual(ts);
      if (lt.leave[i!] !== Infinity) {
        expect(zones.at(-1)).toBe(Z.exit);
        expect(lt.leave[i!]).toBe(ts.at(-1)! + ZONE_EXIT_S);
      }
    }
    // the viewer's queue and p95 are the twin's
    expect(lt.counts.awaitingGate).toBe(site.queues().awaiting_gate);
    expect(lt.kpi.p95ClearanceMin.at(-1)! * 60).toBeCloseTo(site.kpiView().release_to_gate_s.p95!, 2);
    expect(lt.counts.unmatched).toBe(site.kpiView().unmatched);
    expect(lt.counts.unknown).toBe(0);
  });

  it('counts trucks in the site at every sample as the trucks themselves say', () => {
    const lt = build([events]);
    const K = lt.kpi;
    expect(K.inSystem.length).toBe(Math.floor(lt.t1 / LIVE_KPI_STEP_S) + 1);
    for (let k = 0; k < K.inSystem.length; k += 7) {
      const tau = k * LIVE_KPI_STEP_S;
      let inside = 0, queueing = 0;
      for (let i = 0; i < lt.n; i++) {
        if (!(lt.arrive[i] <= tau && tau < lt.leave[i])) continue;
        inside++;
        // the zone at τ: the last segment starting at or before it
        let z = -1;
        for (let s = lt.segStart[i]; s < lt.segEnd[i]; s++) if (lt.segT[s] <= tau) z = lt.segZone[s];
        if (z === Z.gateQueueSmart) queueing++;
      }
      expect(K.inSystem[k], `trucks at ${tau} s`).toBe(inside);
      expect(K.gateQueueSmart[k], `queue at ${tau} s`).toBe(queueing);
    }
  });

  it('gives the same picture whatever the batches and clock moves in between', () => {
    const whole = picture(build([events]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: events.length }), { maxLength: 12 }), fc.array(fc.double({ min: 0, max: 120, noNaN: true }), { maxLength: 12 }), (cuts, moves) => {
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const batches: TwinEventLike[][] = [];
        let from = 0;
        for (const c of [...at, events.length]) {
          batches.push(events.slice(from, c));
          from = c;
        }
        expect(picture(build(batches, moves))).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('takes a repeated release once, and events about consignments it never saw as unknown', () => {
    const lt = new LiveTracks({ scenario: 's', lanes: ['L1', 'L2'] }, 0, 1);
    lt.add([
      { t: 1, type: 'release.received', ref: 7 },
      { t: 2, type: 'release.received', ref: 7 },
      { t: 3, type: 'gate.gathered', lane: 'L2', ref: 9, release: true },
      { t: 4, type: 'gate.gathered', lane: 'L2', ref: 7, release: false, hold: 'weight' },
      { t: 5, type: 'gate.gathered', lane: 'L1', ref: null, release: false },
    ]);
    lt.advanceTo(6);
    expect(lt.n).toBe(1);
    expect(lt.counts).toMatchObject({ trucks: 1, awaitingGate: 0, unknown: 1, unmatched: 1 });
    expect(lt.kpi.officersBusy.at(-1)).toBe(2); // both lanes hold a truck for an officer
    lt.add([{ t: 40, type: 'lane.passed', lane: 'L2', ref: 7, divert: true }]);
    lt.advanceTo(200);
    expect(lt.segZone[lt.segEnd[0] - 1]).toBe(Z.inspection);
    expect(lt.leave[0]).toBe(Infinity);
    expect(lt.kpi.officersBusy.at(-1)).toBe(1);
    // grown past its first capacity without losing a truck
    lt.add(Array.from({ length: 50 }, (_, k) => ({ t: 300 + k, type: 'release.received', ref: 100 + k })));
    expect(lt.n).toBe(51);
    expect(lt.capacity).toBeGreaterThanOrEqual(51);
    expect(Array.from(lt.ref.subarray(0, 3))).toEqual([7, 100, 101]);
    expect(lt.segZone[lt.segEnd[0] - 1]).toBe(Z.inspection);
  });
});
