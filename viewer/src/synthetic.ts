/**
 * Synthetic Tracks for development and benchmarks (`view.html?synthetic=N`): N trucks, all in the port
 * at the middle of the time range (day 1 12:00), spread over every zone; layout 8 smart + 2 manual lanes
 * and 2 scanners; KPI series computed from the trucks. Deterministic (a seeded LCG, not Math.random),
 * so screenshots are stable. syntheticDetail() makes the events a panel shows, without any server.
 */
import { TRACKS_SCHEMA, ZONES, type ConsignmentDetail, type Tracks, type Zone } from '../../serve/tracks-format.js';

class Lcg {
  private s: number;
  constructor(seed: number) { this.s = (seed >>> 0) || 1; }
  /** uniform in [0, 1) */
  next(): number {
    this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0;
    return this.s / 4294967296;
  }
  range(a: number, b: number): number { return a + (b - a) * this.next(); }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(weights: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of weights) total += w;
    let r = this.next() * total;
    for (const [v, w] of weights) { if ((r -= w) < 0) return v; }
    return weights[weights.length - 1][0];
  }
}

const zi = (z: Zone): number => ZONES.indexOf(z);
const DAY = 86400;
export const SYNTHETIC_LAYOUT = { smartLanes: 8, manualLanes: 2, scanners: 2 } as const;

export function syntheticTracks(n: number): Tracks {
  const N = Math.max(1, Math.min(200000, Math.floor(n)));
  const rng = new Lcg(20240611);
  const t0 = 0, t1 = DAY, mid = DAY / 2;
  const L = SYNTHETIC_LAYOUT;
  const trucks: Tracks['trucks'] = { ref: [], arrive: [], leave: [], channel: [], decidedAt: [], outcome: [], waitS: [], clearanceS: [], segStart: [] };
  const segs: Tracks['segs'] = { t: [], zone: [], slot: [] };
  const where: readonly (readonly [Zone, number])[] = [
    ['approach', 4], ['yard', 62], ['scanner_queue', 4], ['inspection', 14],
    ['gate_queue_smart', 6], ['gate_queue_manual', 3], ['exit', 5],
  ];
  const fixed: [Zone, number][] = [];
  for (let k = 0; k < L.scanners; k++) fixed.push(['scanning', k]);
  for (let k = 0; k < L.smartLanes; k++) fixed.push(['lane_smart', k]);
  for (let k = 0; k < L.manualLanes; k++) fixed.push(['lane_manual', k]);
  const releaseAt: number[] = [];
  for (let i = 0; i < N; i++) {
    const [target, fixedSlot] = i < fixed.length ? fixed[i] : [rng.pick(where), -1];
    const channel = rng.pick([[4, 55], [3, 10], [2, 15], [1, 12], [0, 8]] as const);
    const scanner = fixedSlot >= 0 && target === 'scanning' ? fixedSlot : rng.int(L.scanners);
    const scan = target === 'scanner_queue' || target === 'scanning' || (target !== 'inspection' && channel <= 1 && rng.next() < 0.7);
    const inspect = target === 'inspection' || (channel === 0 && target !== 'scanner_queue' && target !== 'scanning' && rng.next() < 0.5);
    const manual = target === 'gate_queue_manual' || target === 'lane_manual' || (target !== 'gate_queue_smart' && target !== 'lane_smart' && rng.next() < 0.15);
    const lane = (target === 'lane_smart' || target === 'lane_manual') && fixedSlot >= 0 ? fixedSlot : rng.int(manual ? L.manualLanes : L.smartLanes);
    const path: [Zone, number, number][] = [['approach', -1, 60], ['yard', -1, rng.range(900, 7200)]];
    if (scan) path.push(['scanner_queue', scanner, rng.range(300, 2400)], ['scanning', scanner, rng.range(60, 120)]);
    if (inspect) path.push(['inspection', -1, rng.range(1800, 5400)]);
    path.push(
      [manual ? 'gate_queue_manual' : 'gate_queue_smart', -1, rng.range(120, 1800)],
      [manual ? 'lane_manual' : 'lane_smart', lane, rng.range(30, 120)],
      ['exit', -1, 60],
    );
    const k = path.findIndex((p) => p[0] === target);
    const starts: number[] = new Array(path.length);
    starts[k] = mid - rng.range(0.05, 0.95) * path[k][2];
    for (let j = k - 1; j >= 0; j--) starts[j] = starts[j + 1] - path[j][2];
    for (let j = k + 1; j < path.length; j++) starts[j] = starts[j - 1] + path[j - 1][2];
    trucks.segStart.push(segs.t.length);
    let wait = 0;
    for (let j = 0; j < path.length; j++) {
      segs.t.push(starts[j]);
      segs.zone.push(zi(path[j][0]));
      segs.slot.push(path[j][1]);
      if (path[j][0].includes('queue')) wait += path[j][2];
    }
    const arrive = starts[0];
    const leave = starts[path.length - 1] + 60;
    const yardEnd = starts[2];
    const gateQ = path.findIndex((p) => p[0].startsWith('gate_queue'));
    trucks.ref.push(i);
    trucks.arrive.push(arrive);
    trucks.leave.push(leave);
    trucks.channel.push(channel);
    trucks.decidedAt.push(rng.next() < 0.4 ? arrive - rng.range(0, 3600) : arrive + rng.range(60, Math.max(120, (yardEnd - arrive) * 0.5)));
    trucks.outcome.push(0);
    trucks.waitS.push(wait);
    trucks.clearanceS.push(starts[gateQ] - arrive);
    releaseAt.push(starts[gateQ]);
  }
  trucks.segStart.push(segs.t.length);
  return { schema: TRACKS_SCHEMA, scenario: `synthetic (${N} trucks)`, policy: 'synthetic', seed: 20240611, t0, t1, layout: { ...L }, trucks, segs, kpi: syntheticKpi(trucks, segs, t0, t1, releaseAt) };
}

function syntheticKpi(tr: Tracks['trucks'], sg: Tracks['segs'], t0: number, t1: number, releaseAt: number[]): Tracks['kpi'] {
  const stepS = 300;
  const K = Math.floor((t1 - t0) / stepS) + 1;
  const z = (name: Zone): Float64Array => (counts[zi(name)] ??= new Float64Array(K));
  const counts: Float64Array[] = [];
  const inSystem = new Float64Array(K);
  const addSpan = (arr: Float64Array, a: number, b: number): void => {
    for (let k = Math.max(0, Math.ceil((a - t0) / stepS)); k < K && t0 + k * stepS < b; k++) arr[k]++;
  };
  for (let i = 0; i < tr.ref.length; i++) {
    addSpan(inSystem, tr.arrive[i], tr.leave[i]);
    for (let s = tr.segStart[i]; s < tr.segStart[i + 1]; s++) {
      const end = s + 1 < tr.segStart[i + 1] ? sg.t[s + 1] : tr.leave[i];
      addSpan(z(ZONES[sg.zone[s]]), sg.t[s], end);
    }
  }
  // p95 of clearance among trucks released so far: a 1-minute histogram filled in release order
  const order = releaseAt.map((_, i) => i).sort((a, b) => releaseAt[a] - releaseAt[b]);
  const hist = new Int32Array(24 * 60 + 1);
  const p95: number[] = [];
  let done = 0, o = 0;
  for (let k = 0; k < K; k++) {
    const t = t0 + k * stepS;
    while (o < order.length && releaseAt[order[o]] <= t) {
      hist[Math.min(hist.length - 1, Math.floor(tr.clearanceS[order[o]] / 60))]++;
      done++; o++;
    }
    if (!done) { p95.push(-1); continue; }
    let need = Math.ceil(done * 0.95), m = 0;
    while (m < hist.length - 1 && (need -= hist[m]) > 0) m++;
    p95.push(m + 1);
  }
  const insp = z('inspection'), scanning = z('scanning'), yard = z('yard');
  return {
    stepS,
    inSystem: Array.from(inSystem),
    p95ClearanceMin: p95,
    gateQueueSmart: Array.from(z('gate_queue_smart')),
    gateQueueManual: Array.from(z('gate_queue_manual')),
    scannerQueue: Array.from(z('scanner_queue')),
    officersBusy: Array.from(insp, (v, k) => Math.min(40, Math.round(v * 0.1 + scanning[k] + yard[k] * 0.01))),
  };
}

const HS = ['847130', '870323', '610910', '940360', '392690', '851762', '030617', '220421'];
const ORIGINS = ['CN', 'VN', 'DE', 'US', 'JP', 'TH', 'BR', 'KR'];
const RULES = ['undervalued', 'origin-risk', 'weight-mismatch', 'new-enterprise', 'hs-sensitive', 'route-risk'];

/** The events a panel shows for synthetic truck i (deterministic from its ref; no API call). */
export function syntheticDetail(tracks: Tracks, i: number): ConsignmentDetail {
  const tr = tracks.trucks;
  const ref = tr.ref[i];
  const id = `C${ref + 1}`;
  const rng = new Lcg(ref * 7919 + 17);
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  const plate = `GD-${letters[rng.int(letters.length)]}${String(10000 + rng.int(90000))}`;
  const container = `${['MSCU', 'CMAU', 'OOLU', 'COSU'][rng.int(4)]}${String(1000000 + rng.int(9000000))}`;
  const items = Array.from({ length: 1 + rng.int(3) }, () => ({
    hs: HS[rng.int(HS.length)], origin: ORIGINS[rng.int(ORIGINS.length)], qty: 1 + rng.int(500),
    weight_kg: Math.round(rng.range(500, 9000)), value_usd: Math.round(rng.range(2000, 180000)),
  }));
  const gross = items.reduce((s, it) => s + it.weight_kg, 0);
  const ch = tr.channel[i];
  const score = ch >= 0 ? Math.min(0.99, (4 - ch) * 0.2 + rng.range(0, 0.18)) : 0;
  const rules = RULES.filter(() => rng.next() < (4 - Math.max(0, ch)) * 0.12);
  const segT = tracks.segs.t, segZ = tracks.segs.zone;
  const a = tr.segStart[i], b = tr.segStart[i + 1];
  const zoneStart = (name: Zone): number | null => {
    for (let s = a; s < b; s++) if (segZ[s] === zi(name)) return segT[s];
    return null;
  };
  const decl = Math.min(tr.arrive[i], tr.decidedAt[i]) - rng.range(600, 3600);
  const ev: ConsignmentDetail['events'] = [
    { t: decl, id, type: 'consignment.declared', enterprise: `ENT-${String(rng.int(900) + 100)}`, credit: rng.int(4), direction: rng.int(2), plate, eplate: plate, container, seal: `ES${String(rng.int(1e8)).padStart(8, '0')}`, declared_gross_kg: gross, items },
    { t: decl + 30, id, type: 'consignment.lodged' },
    { t: decl + 40, id, type: 'consignment.scored', score, rules },
    { t: tr.decidedAt[i], id, type: 'consignment.decided', channel: ch, selection: ch === 4 ? 0 : 1 + rng.int(2) },
    { t: tr.arrive[i], id, type: 'consignment.arrived' },
  ];
  const sq = zoneStart('scanner_queue');
  if (sq !== null) ev.push({ t: sq, id, type: 'consignment.needs_scan' });
  const sc = zoneStart('scanning');
  if (sc !== null) ev.push({ t: sc, id, type: 'scanner.scan_started' });
  const ins = zoneStart('inspection');
  if (ins !== null) ev.push({ t: ins, id, type: 'consignment.needs_physical' });
  const gq = zoneStart('gate_queue_smart') ?? zoneStart('gate_queue_manual');
  if (gq !== null) ev.push({ t: gq - 1, id, type: 'consignment.released' }, { t: gq, id, type: 'consignment.at_gate' });
  const ex = zoneStart('exit');
  if (ex !== null) ev.push({ t: ex, id, type: 'lane.passed', misread: '', divert: false, hold: false, pass_s: 40 });
  ev.push({ t: tr.leave[i], id, type: 'consignment.closed', outcome: 'released', channel: ch, violation: false, caught: false, arrived_at: tr.arrive[i], exit_at: ex });
  ev.sort((x, y) => x.t - y.t);
  return { ref, id, events: ev };
}
