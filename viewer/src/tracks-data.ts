/**
 * The Tracks JSON turned into typed arrays once (the per-frame code walks only these), plus the peak
 * occupancy of each zone over the run, which sizes the site layout (yard bays, queue lengths).
 */
import { ZONES, type Kpi, type Tracks, type SiteLayout } from '../../serve/tracks-format.js';

export const Z = {
  approach: ZONES.indexOf('approach'),
  yard: ZONES.indexOf('yard'),
  scannerQueue: ZONES.indexOf('scanner_queue'),
  scanning: ZONES.indexOf('scanning'),
  inspection: ZONES.indexOf('inspection'),
  gateQueueSmart: ZONES.indexOf('gate_queue_smart'),
  gateQueueManual: ZONES.indexOf('gate_queue_manual'),
  laneSmart: ZONES.indexOf('lane_smart'),
  laneManual: ZONES.indexOf('lane_manual'),
  exit: ZONES.indexOf('exit'),
} as const;

export interface Peaks {
  yard: number;
  inspection: number;
  /** per scanner */
  scannerQueue: number[];
  gateQueueSmart: number;
  gateQueueManual: number;
}

/**
 * What the per-frame code reads: a replay's tracks (buildTrackData), or the live twin's, which grow
 * as its events come (live-tracks.ts): hence `n`, `t1`, the arrays and the KPI series may change
 * between frames, and each truck's segments are [segStart[i], segEnd[i]) rather than contiguous.
 */
export interface TrackData {
  scenario: string;
  policy: string;
  seed: number | string;
  kpi: Kpi;
  n: number;
  t0: number;
  t1: number;
  layout: SiteLayout;
  ref: Int32Array;
  arrive: Float64Array;
  leave: Float64Array;
  channel: Int8Array;
  decidedAt: Float64Array;
  outcome: Int8Array;
  waitS: Float64Array;
  clearanceS: Float64Array;
  segStart: Int32Array;
  /** one past truck i's last segment */
  segEnd: Int32Array;
  segT: Float64Array;
  segZone: Int8Array;
  segSlot: Int16Array;
  /** truck indices sorted by arrival time */
  byArrive: Int32Array;
  /** arrival times in byArrive order (for a binary search of "arrived by t") */
  arriveSorted: Float64Array;
  refToIndex: Map<number, number>;
  peaks: Peaks;
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** JSON has no NaN: the server writes −1 for "does not exist" (times and durations are never negative) */
function f64OrNaN(a: readonly unknown[]): Float64Array {
  const out = f64(a);
  for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = NaN;
  return out;
}

function f64(a: readonly unknown[]): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = num(a[i]);
  return out;
}

export function validateTracks(t: unknown): asserts t is Tracks {
  const o = t as Partial<Tracks> | null;
  if (!o || typeof o !== 'object') throw new Error('The tracks are not a JSON object.');
  if (!o.trucks || !o.segs || !o.layout || !o.kpi) throw new Error('The tracks lack trucks, segs, layout or kpi: not a customs-twin.tracks document.');
  const n = o.trucks.ref?.length ?? 0;
  if (o.trucks.segStart?.length !== n + 1) throw new Error(`Malformed tracks: segStart has ${o.trucks.segStart?.length} entries for ${n} trucks (want n + 1).`);
}

export function buildTrackData(raw: Tracks): TrackData {
  validateTracks(raw);
  const tr = raw.trucks;
  const n = tr.ref.length;
  const ref = Int32Array.from(tr.ref);
  const arrive = f64(tr.arrive);
  const leave = f64(tr.leave);
  const channel = Int8Array.from(tr.channel);
  const decidedAt = f64OrNaN(tr.decidedAt);
  const outcome = Int8Array.from(tr.outcome);
  const waitS = f64(tr.waitS);
  const clearanceS = f64OrNaN(tr.clearanceS);
  const segStart = Int32Array.from(tr.segStart);
  const segT = f64(raw.segs.t);
  const segZone = Int8Array.from(raw.segs.zone);
  const segSlot = Int16Array.from(raw.segs.slot);
  const byArrive = new Int32Array(n);
  for (let i = 0; i < n; i++) byArrive[i] = i;
  byArrive.sort((a, b) => arrive[a] - arrive[b]);
  const arriveSorted = new Float64Array(n);
  for (let k = 0; k < n; k++) arriveSorted[k] = arrive[byArrive[k]];
  const refToIndex = new Map<number, number>();
  for (let i = 0; i < n; i++) refToIndex.set(ref[i], i);
  const layout = {
    smartLanes: Math.max(0, raw.layout.smartLanes | 0),
    manualLanes: Math.max(0, raw.layout.manualLanes | 0),
    scanners: Math.max(0, raw.layout.scanners | 0),
  };
  const data: TrackData = {
    scenario: raw.scenario, policy: raw.policy, seed: raw.seed, kpi: raw.kpi, n, t0: num(raw.t0), t1: num(raw.t1), layout,
    ref, arrive, leave, channel, decidedAt, outcome, waitS, clearanceS, segStart, segEnd: segStart.subarray(1), segT, segZone, segSlot,
    byArrive, arriveSorted, refToIndex,
    peaks: { yard: 0, inspection: 0, scannerQueue: [], gateQueueSmart: 0, gateQueueManual: 0 },
  };
  data.peaks = computePeaks(data);
  return data;
}

/** Highest simultaneous occupancy of the zones that need room, by a sweep over segment starts and ends. */
export function computePeaks(d: TrackData): Peaks {
  const S = Math.max(1, d.layout.scanners);
  // group: 0 yard, 1 inspection, 2 smart queue, 3 manual queue, 4.. scanner queue k
  const groups = 4 + S;
  const groupOf = (zone: number, slot: number): number => {
    if (zone === Z.yard) return 0;
    if (zone === Z.inspection) return 1;
    if (zone === Z.gateQueueSmart) return 2;
    if (zone === Z.gateQueueManual) return 3;
    if (zone === Z.scannerQueue) return 4 + Math.min(S - 1, Math.max(0, slot));
    return -1;
  };
  const times: number[] = [];
  const deltas: number[] = [];
  for (let i = 0; i < d.n; i++) {
    const a = d.segStart[i];
    const b = d.segEnd[i];
    for (let s = a; s < b; s++) {
      const g = groupOf(d.segZone[s], d.segSlot[s]);
      if (g < 0) continue;
      const from = d.segT[s];
      const to = s + 1 < b ? d.segT[s + 1] : d.leave[i];
      if (!(to > from)) continue;
      times.push(from, to);
      deltas.push(g + 1, -(g + 1));
    }
  }
  const order = new Int32Array(times.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  // ends before starts at the same time
  order.sort((a, b) => times[a] - times[b] || deltas[a] - deltas[b]);
  const cur = new Int32Array(groups);
  const peak = new Int32Array(groups);
  for (let k = 0; k < order.length; k++) {
    const dl = deltas[order[k]];
    const g = Math.abs(dl) - 1;
    cur[g] += dl > 0 ? 1 : -1;
    if (cur[g] > peak[g]) peak[g] = cur[g];
  }
  return {
    yard: peak[0],
    inspection: peak[1],
    gateQueueSmart: peak[2],
    gateQueueManual: peak[3],
    scannerQueue: Array.from(peak.subarray(4)),
  };
}

/** Index of the KPI sample at time t. */
export function kpiIndex(d: Pick<TrackData, 'kpi' | 't0'>, t: number): number {
  const len = d.kpi.inSystem.length;
  if (len === 0) return -1;
  const k = Math.floor((t - d.t0) / (d.kpi.stepS || 1));
  return Math.max(0, Math.min(len - 1, k));
}
