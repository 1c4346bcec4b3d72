/**
 * A port run's event stream → the viewer's Tracks: each truck's zones over time, its channel,
 * outcome and waits, and the site's KPIs sampled over the run. One pass over the stream, in
 * stream order (time order); nothing here draws or decides, it only reads what happened.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Quantiles } from '../sim/kernel/stats.js';
import { T_PHYSICAL } from '../sim/supervision/vocabulary.js';
import { TRACKS_SCHEMA, ZONES, ZONE_APPROACH_S, ZONE_EXIT_S, type Kpi, type SiteLayout, type Tracks, type Zone } from './tracks-format.js';

const Z = Object.fromEntries(ZONES.map((z, i) => [z, i])) as Record<Zone, number>;

interface Truck {
  ref: number;
  arrive: number;
  leave: number;
  channel: number;
  decidedAt: number;
  outcome: number;
  clearanceS: number;
  /** zone changes after arrival: time, zone, slot */
  moves: number[];
  /** index in `moves` of a gate queue whose lane kind is not known yet, −1 none */
  pendingQueue: number;
  done: boolean;
}

type Ev = { t: number; id: string; type: string; [k: string]: unknown };

/** Builds Tracks from the stream's events, given in stream order. */
export class TracksBuilder {
  private readonly trucks = new Map<number, Truck>();
  private readonly busy: number[] = []; // (t, ±1) pairs of officer tasks
  private scenario = '';
  private policy = '';
  private seed: number | string = '';
  private t1 = 0;
  private layout: SiteLayout = { smartLanes: 0, manualLanes: 0, scanners: 0 };
  private lanesSeen = { smart: -1, manual: -1, scanner: -1 };

  constructor(layout?: SiteLayout) {
    if (layout) this.layout = layout;
  }

  private truck(ref: number): Truck {
    let k = this.trucks.get(ref);
    if (k === undefined) {
      k = { ref, arrive: NaN, leave: NaN, channel: -1, decidedAt: -1, outcome: 2, clearanceS: -1, moves: [], pendingQueue: -1, done: false };
      this.trucks.set(ref, k);
    }
    return k;
  }

  /** A zone change at t; before the truck has arrived the container work is off-site: ignored. */
  private move(k: Truck, t: number, zone: number, slot = -1): void {
    if (Number.isNaN(k.arrive) || k.done) return;
    k.moves.push(Math.max(t, k.arrive), zone, slot);
  }

  add(e: Ev): void {
    if (e.t > this.t1) this.t1 = e.t;
    const ref = typeof e.ref === 'number' ? e.ref : -1;
    switch (e.type) {
      case 'run.header':
        this.scenario = String(e.scenario ?? '');
        this.policy = String(e.policy ?? '');
        this.seed = (e.seed as number | string) ?? '';
        return;
      case 'consignment.arrived': {
        const k = this.truck(ref);
        k.arrive = e.t;
        k.moves.push(e.t, Z.approach, -1);
        return;
      }
      case 'consignment.decided': {
        const k = this.truck(ref);
        k.channel = e.channel as number;
        k.decidedAt = e.t;
        return;
      }
      case 'consignment.needs_scan':
        return this.move(this.truck(ref), e.t, Z.scanner_queue);
      case 'scanner.scan_started':
        this.lanesSeen.scanner = Math.max(this.lanesSeen.scanner, e.scanner as number);
        return this.move(this.truck(ref), e.t, Z.scanning, e.scanner as number);
      case 'scanner.image_ready':
        return this.move(this.truck(ref), e.t, Z.yard);
      case 'consignment.needs_physical':
        return this.move(this.truck(ref), e.t, Z.inspection);
      case 'officer.task_started':
        this.busy.push(e.t, 1);
        return;
      case 'officer.task_done':
        this.busy.push(e.t, -1);
        if (e.kind === T_PHYSICAL && ref >= 0) this.move(this.truck(ref), e.t, Z.yard);
        return;
      case 'consignment.at_gate': {
        const k = this.truck(ref);
        // smart or manual is known when a lane takes it; until then, the smart queue
        this.move(k, e.t, Z.gate_queue_smart);
        k.pendingQueue = k.moves.length - 3;
        return;
      }
      case 'lane.pass_started': {
        const k = this.truck(ref);
        const smart = e.smart === true;
        if (k.pendingQueue >= 0) k.moves[k.pendingQueue + 1] = smart ? Z.gate_queue_smart : Z.gate_queue_manual;
        k.pendingQueue = -1;
        const lane = e.lane as number;
        if (smart) this.lanesSeen.smart = Math.max(this.lanesSeen.smart, lane);
        else this.lanesSeen.manual = Math.max(this.lanesSeen.manual, lane);
        return this.move(k, e.t, smart ? Z.lane_smart : Z.lane_manual, lane);
      }
      case 'lane.passed': {
        const k = this.truck(ref);
        if (e.divert === true) return this.move(k, e.t, Z.yard);
        this.move(k, e.t, Z.exit);
        k.leave = e.t + ZONE_EXIT_S;
        return;
      }
      case 'consignment.closed': {
        const k = this.truck(ref);
        const released = e.outcome === 'released';
        k.outcome = released ? 0 : 1;
        const arrived = e.arrived_at as number, rel = e.released_at as number;
        if (released && Number.isFinite(arrived) && Number.isFinite(rel)) k.clearanceS = Math.max(0, rel - arrived);
        if (!released) k.leave = e.t;
        // a truck diverted at the gate after it was already examined leaves without another pass
        else if (Number.isNaN(k.leave)) {
          this.move(k, e.t, Z.exit);
          k.leave = e.t + ZONE_EXIT_S;
        }
        k.done = true;
        return;
      }
    }
  }

  build(): Tracks {
    const t0 = 0;
    const t1 = this.t1;
    const layout: SiteLayout = {
      smartLanes: Math.max(this.layout.smartLanes, this.lanesSeen.smart + 1),
      manualLanes: Math.max(this.layout.manualLanes, this.lanesSeen.manual + 1),
      scanners: Math.max(this.layout.scanners, this.lanesSeen.scanner + 1),
    };
    // trucks in arrival order (ties: by ref), only those that came to the port
    const list = [...this.trucks.values()].filter((k) => !Number.isNaN(k.arrive)).sort((a, b) => a.arrive - b.arrive || a.ref - b.ref);
    const trucks: Tracks['trucks'] = { ref: [], arrive: [], leave: [], channel: [], decidedAt: [], outcome: [], waitS: [], clearanceS: [], segStart: [] };
    const segs: Tracks['segs'] = { t: [], zone: [], slot: [] };
    for (const k of list) {
      const leave = Number.isNaN(k.leave) ? t1 : k.leave;
      trucks.segStart.push(segs.t.length);
      let wait = 0;
      const m = k.moves;
      const push = (t: number, end: number, zone: number, slot: number) => {
        segs.t.push(t);
        segs.zone.push(zone);
        segs.slot.push(slot);
        if (zone === Z.scanner_queue || zone === Z.gate_queue_smart || zone === Z.gate_queue_manual) wait += end - t;
      };
      for (let i = 0; i < m.length; i += 3) {
        // moves come in time order; a later one at the same time supersedes (zero-length zones are not drawn)
        const t = m[i];
        const next = i + 3 < m.length ? m[i + 3] : leave;
        if (next <= t && i + 3 < m.length) continue;
        if (t >= leave) break;
        const end = Math.min(next, leave);
        // the drive in takes ZONE_APPROACH_S, unless the truck is called somewhere sooner; then it parks
        if (m[i + 1] === Z.approach && end > t + ZONE_APPROACH_S) {
          push(t, t + ZONE_APPROACH_S, Z.approach, -1);
          push(t + ZONE_APPROACH_S, end, Z.yard, -1);
        } else push(t, end, m[i + 1], m[i + 2]);
      }
      trucks.ref.push(k.ref);
      trucks.arrive.push(k.arrive);
      trucks.leave.push(leave);
      trucks.channel.push(k.channel);
      trucks.decidedAt.push(k.decidedAt);
      trucks.outcome.push(k.outcome);
      trucks.waitS.push(wait);
      trucks.clearanceS.push(k.clearanceS);
    }
    trucks.segStart.push(segs.t.length);
    return {
      schema: TRACKS_SCHEMA, scenario: this.scenario, policy: this.policy, seed: this.seed, t0, t1, layout, trucks, segs,
      kpi: this.kpi(trucks, segs, t0, t1),
    };
  }

  private kpi(trucks: Tracks['trucks'], segs: Tracks['segs'], t0: number, t1: number): Kpi {
    // at most ~3,000 samples, on whole minutes, at least every 5 minutes for runs up to ~10 days
    const stepS = Math.max(300, Math.ceil((t1 - t0) / 3000 / 60) * 60);
    const n = Math.floor((t1 - t0) / stepS) + 1;
    const sample = (t: number) => Math.ceil((t - t0) / stepS); // first sample at or after t
    const counter = () => new Float64Array(n + 1);
    const inSys = counter(), qSmart = counter(), qManual = counter(), qScan = counter();
    const span = (arr: Float64Array, s: number, e: number) => {
      const a = sample(s), b = sample(e);
      if (a < b) (arr[Math.min(a, n)] += 1), (arr[Math.min(b, n)] -= 1);
    };
    const released: [number, number][] = [];
    for (let i = 0; i < trucks.ref.length; i++) {
      span(inSys, trucks.arrive[i], trucks.leave[i]);
      if (trucks.clearanceS[i] >= 0) released.push([trucks.arrive[i] + trucks.clearanceS[i], trucks.clearanceS[i]]);
      for (let j = trucks.segStart[i]; j < trucks.segStart[i + 1]; j++) {
        const end = j + 1 < trucks.segStart[i + 1] ? segs.t[j + 1] : trucks.leave[i];
        const z = segs.zone[j];
        if (z === Z.gate_queue_smart) span(qSmart, segs.t[j], end);
        else if (z === Z.gate_queue_manual) span(qManual, segs.t[j], end);
        else if (z === Z.scanner_queue) span(qScan, segs.t[j], end);
      }
    }
    const cum = (d: Float64Array) => {
      const out: number[] = [];
      let s = 0;
      for (let k = 0; k < n; k++) out.push((s += d[k]));
      return out;
    };
    // officers busy: running sum of task starts and ends, read at each sample
    const ev: [number, number][] = [];
    for (let i = 0; i < this.busy.length; i += 2) ev.push([this.busy[i], this.busy[i + 1]]);
    ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const officersBusy: number[] = [];
    let b = 0;
    let j = 0;
    released.sort((a, c) => a[0] - c[0]);
    const sketch = new Quantiles();
    const p95: number[] = [];
    let r = 0;
    for (let k = 0; k < n; k++) {
      const t = t0 + k * stepS;
      while (j < ev.length && ev[j][0] <= t) b += ev[j++][1];
      officersBusy.push(b);
      while (r < released.length && released[r][0] <= t) sketch.add(released[r++][1] / 60);
      p95.push(sketch.count === 0 ? -1 : Math.round(sketch.quantile(0.95) * 10) / 10);
    }
    return { stepS, inSystem: cum(inSys), p95ClearanceMin: p95, gateQueueSmart: cum(qSmart), gateQueueManual: cum(qManual), scannerQueue: cum(qScan), officersBusy };
  }
}

/** Tracks of the stream in `file` (NDJSON); `layout` from the scenario when known (else the lanes seen). */
export async function tracksFromFile(file: string, layout?: SiteLayout): Promise<Tracks> {
  const b = new TracksBuilder(layout);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line === '') continue;
    let e: Ev;
    try {
      e = JSON.parse(line) as Ev;
    } catch (err) {
      throw new Error(`${file}:${n}: not a JSON event line: ${err instanceof Error ? err.message : String(err)}`);
    }
    b.add(e);
  }
  return b.build();
}
