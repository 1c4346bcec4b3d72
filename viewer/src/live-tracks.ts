/**
 * The live twin's trucks as the viewer's TrackData, grown event by event from the twin's event
 * stream (GET /api/events of `ctwin twin`, through `ctwin serve --twin`). No DOM and no three.js:
 * the same class runs in the page and in the tests.
 *
 * What the twin knows of a truck, and where that puts it:
 * - `release.received`: customs released the consignment; its truck is expected at the exit gate
 *   (the twin's `awaiting_gate`): drawn in the smart-gate queue from then on;
 * - `gate.gathered` with a ref: the truck is on a lane's deck (lane_smart, the lane's slot);
 *   with `release: false` an officer sees to it (counted as an officer busy until it passes);
 * - `lane.passed`: diverted trucks go to the inspection yard (and stay: the twin hears no more of
 *   them), the others drive out and are gone ZONE_EXIT_S later.
 * A truck at a lane with no release (ref null) has nothing to bind it to: counted, not drawn.
 *
 * Trucks are appended in release order, so arrival order is index order (no sort). Each truck has
 * room for SEG_STRIDE segments, so a truck's segments stay together while others are appended.
 * Events arrive in time order; one that goes back in time (it cannot, from one twin) is clamped.
 */
import { ZONE_EXIT_S, type Kpi, type SiteLayout } from '../../serve/tracks-format.js';
import { Z, type Peaks, type TrackData } from './tracks-data.js';
import { grown } from './grown.js';

export interface TwinEventLike { t: number; type: string; [k: string]: unknown }

/** gate queue, lane, then exit or inspection; one spare */
const SEG_STRIDE = 4;
export const LIVE_KPI_STEP_S = 2;
/** provisional KPI samples past the last event, at most (an idle twin for hours) */
const PROVISIONAL_MAX = 20_000;
/** the p95 is over the newest this many release → gate durations, as the twin's own (twin/site-state.ts DURATIONS_MAX) */
export const LIVE_DURATIONS_MAX = 20_000;

export interface LiveCounts {
  trucks: number;
  awaitingGate: number;
  inSystem: number;
  /** gate readings with no release to bind them to */
  unmatched: number;
  /** events about a consignment the viewer never saw released (history before it was not kept) */
  unknown: number;
}

export class LiveTracks implements TrackData {
  scenario: string;
  policy = 'live';
  seed: number | string = '';
  readonly kpi: Kpi = { stepS: LIVE_KPI_STEP_S, inSystem: [], p95ClearanceMin: [], gateQueueSmart: [], gateQueueManual: [], scannerQueue: [], officersBusy: [] };
  n = 0;
  t0 = 0;
  t1 = 0;
  readonly layout: SiteLayout;
  readonly peaks: Peaks;
  readonly refToIndex = new Map<number, number>();
  ref = new Int32Array(0);
  arrive = new Float64Array(0);
  leave = new Float64Array(0);
  channel = new Int8Array(0);
  decidedAt = new Float64Array(0);
  outcome = new Int8Array(0);
  waitS = new Float64Array(0);
  /** release notice → truck on a lane's deck, s (the twin's release_to_gate) */
  clearanceS = new Float64Array(0);
  segStart = new Int32Array(0);
  segEnd = new Int32Array(0);
  segT = new Float64Array(0);
  segZone = new Int8Array(0);
  segSlot = new Int16Array(0);
  byArrive = new Int32Array(0);
  arriveSorted = new Float64Array(0);
  /** bumped on every change a frame must see */
  version = 0;
  readonly counts: LiveCounts = { trucks: 0, awaitingGate: 0, inSystem: 0, unmatched: 0, unknown: 0 };

  private cap = 0;
  private readonly laneIndex = new Map<string, number>();
  private lastT = 0;
  /** KPI samples at k·step for k < finalSamples are final: no event can come at or before them */
  private finalSamples = 0;
  /** leave times of trucks driving out, in time order (they are appended at event time + a constant) */
  private readonly exits: number[] = [];
  private exitHead = 0;
  private readonly queueing = new Set<number>();
  /** lanes whose truck is held (an officer sees to it) */
  private readonly heldLanes = new Set<string>();
  /** the newest LIVE_DURATIONS_MAX release → gate durations, sorted (for the p95) */
  private readonly durations: number[] = [];
  /** the same durations in the order they came (the oldest leaves the window first) */
  private readonly durationsFifo: number[] = [];
  private durationsHead = 0;
  /** an event came since the provisional KPI samples were computed (they must be computed again) */
  private provisionalStale = true;

  constructor(site: { scenario: string; lanes: string[] }, expectedQueue = 0, capacity = 1024) {
    this.scenario = site.scenario;
    site.lanes.forEach((l, k) => this.laneIndex.set(l, k));
    this.layout = { smartLanes: Math.max(1, site.lanes.length), manualLanes: 0, scanners: 0 };
    // the live site is sized once: the queue's pad for twice the queue there is now
    this.peaks = { yard: 0, inspection: 8, scannerQueue: [0], gateQueueSmart: Math.max(20, 2 * expectedQueue), gateQueueManual: 0 };
    this.grow(capacity);
  }

  /** Capacity in trucks: the arrays are replaced when it grows, so readers take them from this object each frame. */
  get capacity(): number {
    return this.cap;
  }

  private grow(min: number): void {
    if (min <= this.cap) return;
    const cap = Math.max(min, this.cap * 2, 64);
    this.ref = grown(this.ref, cap);
    this.arrive = grown(this.arrive, cap);
    this.leave = grown(this.leave, cap);
    this.channel = grown(this.channel, cap);
    this.decidedAt = grown(this.decidedAt, cap);
    this.outcome = grown(this.outcome, cap);
    this.waitS = grown(this.waitS, cap);
    this.clearanceS = grown(this.clearanceS, cap);
    this.segStart = grown(this.segStart, cap + 1);
    this.segEnd = grown(this.segEnd, cap);
    this.segT = grown(this.segT, cap * SEG_STRIDE);
    this.segZone = grown(this.segZone, cap * SEG_STRIDE);
    this.segSlot = grown(this.segSlot, cap * SEG_STRIDE);
    this.byArrive = grown(this.byArrive, cap);
    for (let i = this.cap; i < cap; i++) this.byArrive[i] = i;
    // arrival order is index order: the sorted arrivals are the arrivals
    this.arriveSorted = this.arrive;
    this.cap = cap;
  }

  private move(i: number, t: number, zone: number, slot = -1): void {
    if (this.queueing.delete(i)) {
      this.counts.awaitingGate--;
      this.waitS[i] = t - this.arrive[i];
    }
    const end = this.segEnd[i];
    if (end - this.segStart[i] >= SEG_STRIDE) return;
    const last = end - 1;
    // a move at the same time as the zone before replaces it (zero-length zones are not drawn)
    const s = end > this.segStart[i] && this.segT[last] >= t ? last : end;
    this.segT[s] = t;
    this.segZone[s] = zone;
    this.segSlot[s] = slot;
    this.segEnd[i] = s + 1;
  }

  /** Takes events in the order the twin produced them. */
  add(events: readonly TwinEventLike[]): void {
    for (const e of events) this.addOne(e);
    this.version++;
  }

  private addOne(e: TwinEventLike): void {
    this.provisionalStale = true;
    const t = Math.max(this.lastT, Number(e.t) || 0);
    this.sampleBefore(t);
    this.lastT = t;
    if (t > this.t1) this.t1 = t;
    const ref = typeof e.ref === 'number' ? e.ref : null;
    const i = ref === null ? undefined : this.refToIndex.get(ref);
    switch (e.type) {
      case 'release.received': {
        if (ref === null || i !== undefined) return;
        const k = this.n;
        this.grow(k + 1);
        this.n = k + 1;
        this.refToIndex.set(ref, k);
        this.ref[k] = ref;
        this.arrive[k] = t;
        this.leave[k] = Infinity;
        this.channel[k] = -1;
        this.decidedAt[k] = NaN;
        this.outcome[k] = 2;
        this.waitS[k] = 0;
        this.clearanceS[k] = NaN;
        this.segStart[k] = k * SEG_STRIDE;
        this.segEnd[k] = k * SEG_STRIDE;
        this.segStart[k + 1] = (k + 1) * SEG_STRIDE;
        this.move(k, t, Z.gateQueueSmart);
        this.queueing.add(k);
        this.counts.trucks++;
        this.counts.awaitingGate++;
        this.counts.inSystem++;
        return;
      }
      case 'gate.gathered': {
        const lane = String(e.lane);
        if (e.release === false) this.heldLanes.add(lane);
        else this.heldLanes.delete(lane);
        if (ref === null) {
          this.counts.unmatched++;
          return;
        }
        if (i === undefined) {
          this.counts.unknown++;
          return;
        }
        if (this.queueing.has(i)) {
          this.clearanceS[i] = t - this.arrive[i];
          this.addDuration(this.clearanceS[i]);
        }
        this.move(i, t, Z.laneSmart, this.laneIndex.get(lane) ?? 0);
        return;
      }
      case 'lane.passed': {
        this.heldLanes.delete(String(e.lane));
        if (ref === null) return;
        if (i === undefined) {
          this.counts.unknown++;
          return;
        }
        if (this.leave[i] !== Infinity) return;
        if (e.divert === true) {
          this.move(i, t, Z.inspection);
          return;
        }
        this.move(i, t, Z.exit);
        this.leave[i] = t + ZONE_EXIT_S;
        this.outcome[i] = 0;
        this.exits.push(this.leave[i]);
        return;
      }
      default:
    }
  }

  /** A release → gate duration into the p95's window (the twin's: its newest LIVE_DURATIONS_MAX). */
  private addDuration(x: number): void {
    insertSorted(this.durations, x);
    this.durationsFifo.push(x);
    if (this.durationsFifo.length - this.durationsHead > LIVE_DURATIONS_MAX) {
      removeSorted(this.durations, this.durationsFifo[this.durationsHead++]);
      if (this.durationsHead > 4096 && this.durationsHead * 2 > this.durationsFifo.length) {
        this.durationsFifo.splice(0, this.durationsHead);
        this.durationsHead = 0;
      }
    }
  }

  /** Trucks whose exit drive ended by τ are out of the port. */
  private dropExitsBy(tau: number): void {
    while (this.exitHead < this.exits.length && this.exits[this.exitHead] <= tau) {
      this.exitHead++;
      this.counts.inSystem--;
    }
    if (this.exitHead > 4096 && this.exitHead * 2 > this.exits.length) {
      this.exits.splice(0, this.exitHead);
      this.exitHead = 0;
    }
  }

  private p95Min(): number {
    const d = this.durations;
    return d.length === 0 ? -1 : d[Math.min(d.length - 1, Math.floor(0.95 * d.length))] / 60;
  }

  private pushSample(k: number, inSystem: number): void {
    const K = this.kpi;
    K.inSystem[k] = inSystem;
    K.p95ClearanceMin[k] = this.p95Min();
    K.gateQueueSmart[k] = this.counts.awaitingGate;
    K.gateQueueManual[k] = 0;
    K.scannerQueue[k] = 0;
    K.officersBusy[k] = this.heldLanes.size;
  }

  /** Final samples for every sample time before t: the state there is the state now. */
  private sampleBefore(t: number): void {
    const step = LIVE_KPI_STEP_S;
    for (let k = this.finalSamples; k * step < t; k++) {
      this.dropExitsBy(k * step);
      this.pushSample(k, this.counts.inSystem);
      this.finalSamples = k + 1;
    }
    this.dropExitsBy(t);
  }

  /**
   * The twin's clock is at `now`: the trucks still waiting have waited until now, and the KPI
   * series runs to now with provisional samples (replaced when the next events come).
   */
  advanceTo(now: number): void {
    if (now > this.t1) this.t1 = now;
    for (const i of this.queueing) this.waitS[i] = this.t1 - this.arrive[i];
    const step = LIVE_KPI_STEP_S;
    const K = this.kpi;
    const last = Math.min(Math.floor(this.t1 / step), this.finalSamples + PROVISIONAL_MAX);
    // the provisional samples depend only on the state since the last event: with no event since
    // they were computed, only the new ones are added (an idle twin is not recomputed every frame)
    if (this.provisionalStale) {
      for (const a of Object.values(K)) if (Array.isArray(a)) a.length = this.finalSamples;
      this.provisionalStale = false;
    }
    const from = K.inSystem.length;
    let inSystem = this.counts.inSystem;
    let h = this.exitHead;
    for (let k = from; k <= last; k++) {
      while (h < this.exits.length && this.exits[h] <= k * step) (h++, inSystem--);
      this.pushSample(k, inSystem);
    }
    this.version++;
  }

  /** Twin time of the last event. */
  get lastEventT(): number {
    return this.lastT;
  }
}

function insertSorted(a: number[], x: number): void {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1; else hi = mid;
  }
  a.splice(lo, 0, x);
}

/** Removes one element equal to x from the sorted array a (if there is one). */
function removeSorted(a: number[], x: number): void {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid;
  }
  if (lo < a.length && a[lo] === x) a.splice(lo, 1);
}
