/**
 * The viewer's site geometry for a policy without smart lanes or scanners (port-reform's baseline:
 * 10 manual lanes, no H986): it lays out exactly the lanes the policy has, reserves no room for a
 * scanner, and still places every truck at a finite point; the reform's site keeps its scanners.
 */
import { describe, expect, it } from 'vitest';
import { ZONES } from '../../serve/tracks-format.js';
import { LANE_W, SiteGeometry } from '../../viewer/src/site-layout.js';
import type { Peaks } from '../../viewer/src/tracks-data.js';

const peaks: Peaks = { yard: 40, inspection: 6, scannerQueue: [0], gateQueueSmart: 0, gateQueueManual: 12 };
const baseline = () => new SiteGeometry({ smartLanes: 0, manualLanes: 10, scanners: 0 }, peaks);
const reform = () => new SiteGeometry({ smartLanes: 8, manualLanes: 2, scanners: 2 }, { ...peaks, scannerQueue: [5, 3], gateQueueSmart: 20 });

describe('site geometry', () => {
  it('has no smart lane and no scanner when the policy has none', () => {
    const g = baseline();
    expect(g.smart).toBe(0);
    expect(g.scanners).toBe(0);
    expect(g.manual).toBe(10);
    expect(g.lanes).toBe(10);
    // the ten booths side by side, one lane width apart, centred on the road
    const zs = Array.from({ length: g.lanes }, (_, j) => g.laneZ(j));
    zs.slice(1).forEach((z, j) => expect(z - zs[j]).toBeCloseTo(LANE_W));
    expect(zs[0] + zs[9]).toBeCloseTo(0);
  });

  it('reserves no room north of the road for a scanner queue it does not draw', () => {
    const g = baseline();
    // the northmost thing is the yard (or the gate lanes), 20 m of margin beyond it
    expect(g.bounds.minZ).toBeCloseTo(Math.min(g.yard.z0, g.laneZ(0) - LANE_W / 2) - 20);
    expect(g.bounds.minZ).toBeGreaterThan(g.scanQueueHeadZ);
    // with scanners, their queues lie inside the bounds
    const r = reform();
    expect(r.bounds.minZ).toBeLessThan(r.scanQueueHeadZ - 5 * 14);
  });

  it('places a truck of any zone at a finite point, with or without the equipment', () => {
    const out = new Float64Array(4);
    for (const g of [baseline(), reform()]) {
      for (const b of Object.values(g.bounds)) expect(Number.isFinite(b)).toBe(true);
      expect(Number.isFinite(g.gateX)).toBe(true);
      for (let zone = 0; zone < ZONES.length; zone++) {
        for (const [slot, rank] of [[0, 0], [1, 3], [-1, 0], [9, 25]]) {
          g.place(zone, slot, rank, 7, 0.5, out);
          expect([...out].every(Number.isFinite), `${ZONES[zone]} slot ${slot} rank ${rank}`).toBe(true);
        }
      }
    }
  });

  it('queues the manual gate across all ten booths', () => {
    const g = baseline();
    const out = new Float64Array(4);
    const gqm = ZONES.indexOf('gate_queue_manual');
    const zs = new Set<number>();
    for (let rank = 0; rank < 10; rank++) {
      g.place(gqm, 0, rank, -1, 0, out);
      zs.add(Math.round(out[1] * 10));
      expect(out[0]).toBeCloseTo(g.gateQueueHeadX); // the first row, at the head
    }
    expect(zs.size).toBe(10);
  });
});
