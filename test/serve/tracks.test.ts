/**
 * The viewer's tracks against the stream they come from: every truck that came is there once, its
 * zones are in time order inside its stay, lanes and scans match the stream's own events, and
 * the KPI series agree with counts made directly from the tracks (trucks in the port, queues) and
 * with the exact p95 of clearance.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPort } from '../../runner/run-port.js';
import { TracksBuilder, tracksFromFile } from '../../serve/tracks.js';
import { ZONES, ZONE_EXIT_S, type Tracks } from '../../serve/tracks-format.js';
import { config, policy } from '../agents/port-fixture.js';
import { tempDir } from '../cli/helpers.js';

const HOUR = 3600;
const Z = (name: (typeof ZONES)[number]) => ZONES.indexOf(name);

type Ev = { t: number; id: string; type: string; [k: string]: unknown };

function stream(seed: number): Ev[] {
  const events: Ev[] = [{ t: 0, id: 'run', type: 'run.header', scenario: 'fixture', policy: 'p', seed }];
  const cfg = config({ arrivalsUntil: 36 * HOUR, endS: 36 * HOUR }, { risk: { ...policy().risk, targets: { red: 0.03, orange: 0.1, yellow: 0.05, blue: 0.1 } } });
  runPort(cfg, { seed, sink: (t, id, e) => events.push({ t, id, ...(e as { type: string }) }) });
  return events;
}

function build(events: Ev[]): Tracks {
  const b = new TracksBuilder();
  for (const e of events) b.add(e);
  return b.build();
}

const exactQuantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))];
};

describe('tracks from a port run', () => {
  const events = stream(31);
  const tr = build(events);
  const n = tr.trucks.ref.length;
  const segEnd = (i: number, j: number) => (j + 1 < tr.trucks.segStart[i + 1] ? tr.segs.t[j + 1] : tr.trucks.leave[i]);

  it('has every truck that arrived, once, with time-ordered zones inside its stay', () => {
    const arrived = events.filter((e) => e.type === 'consignment.arrived').map((e) => e.ref as number);
    expect(n).toBe(arrived.length);
    expect(new Set(tr.trucks.ref)).toEqual(new Set(arrived));
    expect(tr.trucks.segStart).toHaveLength(n + 1);
    for (let i = 0; i < n; i++) {
      const a = tr.trucks.segStart[i], b = tr.trucks.segStart[i + 1];
      expect(b).toBeGreaterThan(a);
      expect(tr.segs.t[a]).toBe(tr.trucks.arrive[i]);
      for (let j = a; j < b; j++) {
        expect(segEnd(i, j)).toBeGreaterThan(tr.segs.t[j]); // no zero-length zone
        expect(tr.segs.t[j]).toBeGreaterThanOrEqual(tr.trucks.arrive[i]);
      }
    }
  });

  it('puts a truck in a lane and a scanner exactly as often as the stream says, and out through the exit', () => {
    const count = (z: number) => tr.segs.zone.filter((x) => x === z).length;
    expect(count(Z('lane_smart')) + count(Z('lane_manual'))).toBe(events.filter((e) => e.type === 'lane.pass_started').length);
    expect(count(Z('lane_smart'))).toBe(events.filter((e) => e.type === 'lane.pass_started' && e.smart === true).length);
    expect(count(Z('scanning'))).toBe(events.filter((e) => e.type === 'scanner.scan_started').length);
    // a released truck leaves when its journey closes (its last gate pass, even one that diverted it after an inspection)
    const passed = new Map(events.filter((e) => e.type === 'consignment.closed' && e.outcome === 'released').map((e) => [e.ref as number, e.t]));
    const seized = new Map(events.filter((e) => e.type === 'consignment.closed' && e.outcome === 'seized').map((e) => [e.ref as number, e.t]));
    expect(seized.size).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const ref = tr.trucks.ref[i];
      const last = tr.trucks.segStart[i + 1] - 1;
      if (passed.has(ref)) {
        expect(tr.trucks.outcome[i]).toBe(0);
        expect(tr.segs.zone[last]).toBe(Z('exit'));
        expect(tr.trucks.leave[i]).toBeCloseTo(passed.get(ref)! + ZONE_EXIT_S, 9);
      } else if (seized.has(ref)) {
        expect(tr.trucks.outcome[i]).toBe(1);
        expect(tr.trucks.leave[i]).toBe(seized.get(ref));
      } else expect(tr.trucks.outcome[i]).toBe(2);
    }
    // channels as decided
    const decided = new Map(events.filter((e) => e.type === 'consignment.decided').map((e) => [e.ref as number, e.channel as number]));
    for (let i = 0; i < n; i++) expect(tr.trucks.channel[i]).toBe(decided.get(tr.trucks.ref[i]) ?? -1);
  });

  it('KPIs agree with counts from the tracks and with the exact p95 of clearance', () => {
    const k = tr.kpi;
    let checked = 0;
    for (let s = 0; s < k.inSystem.length; s += 7) {
      const t = tr.t0 + s * k.stepS;
      let inSys = 0, qScan = 0, qGate = 0;
      for (let i = 0; i < n; i++) {
        if (!(tr.trucks.arrive[i] <= t && t < tr.trucks.leave[i])) continue;
        inSys++;
        for (let j = tr.trucks.segStart[i]; j < tr.trucks.segStart[i + 1]; j++) {
          if (tr.segs.t[j] <= t && t < segEnd(i, j)) {
            if (tr.segs.zone[j] === Z('scanner_queue')) qScan++;
            if (tr.segs.zone[j] === Z('gate_queue_smart') || tr.segs.zone[j] === Z('gate_queue_manual')) qGate++;
          }
        }
      }
      expect(k.inSystem[s], `t=${t}`).toBe(inSys);
      expect(k.scannerQueue[s]).toBe(qScan);
      expect(k.gateQueueSmart[s] + k.gateQueueManual[s]).toBe(qGate);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    expect(Math.max(...k.inSystem)).toBeGreaterThan(10);
    const clearMin = tr.trucks.clearanceS.filter((c) => c >= 0).map((c) => c / 60);
    const p95 = k.p95ClearanceMin.at(-1)!;
    expect(Math.abs(p95 - exactQuantile(clearMin, 0.95)) / exactQuantile(clearMin, 0.95)).toBeLessThan(0.011);
    expect(k.p95ClearanceMin[0]).toBe(-1); // nothing released at time 0
    expect(Math.max(...k.officersBusy)).toBeGreaterThan(0);
    expect(Math.min(...k.officersBusy)).toBeGreaterThanOrEqual(0);
    // waits are the queue zones' durations
    for (let i = 0; i < n; i++) {
      let w = 0;
      for (let j = tr.trucks.segStart[i]; j < tr.trucks.segStart[i + 1]; j++) {
        const z = tr.segs.zone[j];
        if (z === Z('scanner_queue') || z === Z('gate_queue_smart') || z === Z('gate_queue_manual')) w += segEnd(i, j) - tr.segs.t[j];
      }
      expect(tr.trucks.waitS[i]).toBeCloseTo(w, 6);
    }
  });

  it('reads the same from a stream file; a broken line is an error naming file and line', async () => {
    const dir = tempDir('ctwin-tracks-');
    const file = join(dir, 'p.ndjson');
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(JSON.stringify(await tracksFromFile(file))).toBe(JSON.stringify(tr));
    writeFileSync(file, JSON.stringify(events[0]) + '\n{"t":1,"id"\n');
    await expect(tracksFromFile(file)).rejects.toThrow(`${file}:2: not a JSON event line`);
  });
});
