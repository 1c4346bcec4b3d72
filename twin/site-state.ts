/**
 * The twin's state: a fold over its durable log, so that replaying the log rebuilds it exactly.
 * Nothing here reads a clock or draws a number: each input carries the twin time it was received,
 * and the lanes' machines run on a Simulation whose clock is moved to that time first.
 *
 * What drives what:
 * - a release notice (`customs-release`) from the customs side: the consignment may leave, and
 *   what its truck must show;
 * - a lane front-end's GATHER_INFO (`gather-info` from `<lane>-frontend`): the truck on the deck,
 *   bound to its release by the driver's IC card (else by the plate); customs' check
 *   (`checkGatherInfo`, the simulation's own), the reply, and what the lane's barrier must do;
 *   the lane's gate-lane machine (the simulation's own) gets the verdict as a PASS;
 * - a barrier's status (`barrier-status` from `<lane>-barrier`): what the boom reports, which
 *   acknowledges the twin's commands;
 * - an operator's wish (`twin-desired`): a barrier opened or closed, a text shown, by hand;
 * - any other device frame: the device's reported state.
 * Commands to send are returned, not sent: the live runner sends them; a replay does not resend.
 */
import type { AnyStateMachine } from 'xstate';
import { Simulation } from '../sim/engine/simulation.js';
import type { Entity } from '../sim/engine/executor.js';
import { gateLaneMachine, type GateLaneEmitted, type GateLaneEvent } from '../sim/agents/gate-lane.machine.js';
import { checkGatherInfo, gatherReply, type GateVerdict } from '../sim/supervision/gate-check.js';
import type { GatherInfo, GatherReply } from '../hardware-emu/gate-frontend/gather-info.js';
import type { BarrierCommand } from '../hardware-emu/barrier/barrier.js';
import { DeviceTwins, isBarrier, reportedOf, type DeviceSpec, type DeviceView } from './device-twins.js';
import { expectationOf, RELEASE_FORMAT, type ReleaseNotice } from './release-notice.js';
import { DESIRED_FORMAT, type DesiredChange } from './operator-command.js';

export interface TwinSiteConfig {
  /** the site's smart lanes, e.g. L1, L2 */
  lanes: string[];
  /** every device the twin accepts frames from (the lanes' devices, barriers, the customs feed) */
  devices: DeviceSpec[];
  /** customs' weight tolerance (share of the declared gross) */
  weightTolerance: number;
  /** the lane machine's modelled pass time and misread handling time (s): the scenario's means */
  smartPassS: number;
  misreadFixS: number;
  /** a device silent longer than this (s) is stale */
  staleAfterS: number;
}

/** One accepted input, decoded, at twin time `t` (s since the log's first input). */
export interface TwinInput {
  id: number;
  t: number;
  source: string;
  lane: string;
  device: string;
  format: string;
  seq: number | null;
  value: unknown;
}

/** What happened, for the event stream (SSE), the timelines and the viewer. */
export type TwinEvent = { t: number; type: string; [k: string]: unknown };

export interface BarrierOrder { device: string; lane: string; command: BarrierCommand }

export interface ApplyResult {
  events: TwinEvent[];
  commands: BarrierOrder[];
  /** the customs reply to the lane's front-end (sent back on its own link) */
  replies: { lane: string; reply: GatherReply }[];
}

export type ConsignmentStatus = 'released' | 'at_lane' | 'passed' | 'held' | 'to_inspection';

export interface ConsignmentTwin {
  ref: number;
  release: ReleaseNotice;
  status: ConsignmentStatus;
  lane: string | null;
  released_t: number;
  gate_t: number | null;
  verdict: { release: boolean; hold: string; divert: boolean; seq_no: string } | null;
  timeline: { t: number; what: string; detail?: Record<string, unknown> }[];
}

export interface LaneTwin {
  lane: string;
  /** the consignment on the deck (null: none, or a truck with no release) */
  ref: number | null;
  gathered: number;
  released: number;
  held: number;
  diverted: number;
  unmatched: number;
}

export interface Kpis {
  inputs: number;
  frames: number;
  releases: number;
  gate_passes: number;
  released_at_gate: number;
  held: number;
  held_by: Record<string, number>;
  diverted: number;
  unmatched: number;
  /** release notice → truck on the deck, s */
  release_to_gate_s: { n: number; mean: number | null; p50: number | null; p95: number | null };
}

const BARRIER = (lane: string) => `${lane}-barrier`;
const FRONTEND = (lane: string) => `${lane}-frontend`;
/** timelines are for reading: at most this many entries per consignment */
const TIMELINE_MAX = 64;
/** release→gate times kept for the percentiles (the newest) */
const DURATIONS_MAX = 20_000;

export class TwinSite {
  readonly devices: DeviceTwins;
  readonly consignments = new Map<number, ConsignmentTwin>();
  readonly lanes = new Map<string, LaneTwin>();
  /** twin time of the last input or advance */
  now = 0;
  lastId = 0;
  /** releases by driver card and by plate, in the order they came (a card may carry several) */
  private readonly byCard = new Map<string, number[]>();
  private readonly byPlate = new Map<string, number[]>();
  private readonly sim: Simulation;
  private readonly laneEntity = new Map<string, Entity>();
  private readonly laneByIndex: string[] = [];
  private pending: TwinEvent[] = [];
  private pendingReplies: { lane: string; reply: GatherReply }[] = [];
  private pendingCommands: BarrierOrder[] = [];
  private readonly durations: number[] = [];
  private readonly kpis = { inputs: 0, frames: 0, releases: 0, gatePasses: 0, releasedAtGate: 0, held: 0, heldBy: {} as Record<string, number>, diverted: 0, unmatched: 0 };

  constructor(readonly config: TwinSiteConfig) {
    this.devices = new DeviceTwins(config.staleAfterS);
    for (const d of config.devices) this.devices.register(d);
    // the lanes' machines: no random numbers are drawn, the seed is a formality
    this.sim = new Simulation({ seed: 0, sink: (_t, _id, e) => this.onLaneEvent(e as GateLaneEmitted) });
    config.lanes.forEach((lane, index) => {
      this.lanes.set(lane, { lane, ref: null, gathered: 0, released: 0, held: 0, diverted: 0, unmatched: 0 });
      this.laneByIndex[index] = lane;
      this.laneEntity.set(lane, this.sim.spawn(gateLaneMachine as AnyStateMachine, lane, { index, smart: true }));
    });
  }

  /** Moves the lanes' machines to twin time `t` (their modelled pass times may end). */
  advance(t: number): ApplyResult {
    this.runTo(t);
    return this.flush();
  }

  private runTo(t: number): void {
    if (t > this.now) {
      this.sim.run(t);
      this.now = t;
    }
  }

  apply(i: TwinInput): ApplyResult {
    // not advance(): what the lanes do up to the input (a pass ending, its barrier closing) is part
    // of this input's result, not flushed and dropped
    this.runTo(i.t);
    this.lastId = i.id;
    this.kpis.inputs++;
    if (i.format === DESIRED_FORMAT) this.desire(i.value as DesiredChange, i.t);
    else {
      const dev = this.devices.get(i.device);
      if (dev !== undefined) this.devices.reported(dev, i.value, i.t);
    }
    if (i.format === RELEASE_FORMAT) this.release(i.value as ReleaseNotice, i.t);
    else if (i.format !== DESIRED_FORMAT) {
      this.kpis.frames++;
      if (i.format === 'gather-info' && i.device === FRONTEND(i.lane) && this.lanes.has(i.lane)) this.gathered(i.lane, i.value as GatherInfo, i.t);
    }
    return this.flush();
  }

  private flush(): ApplyResult {
    const r = { events: this.pending, commands: this.pendingCommands, replies: this.pendingReplies };
    this.pending = [];
    this.pendingCommands = [];
    this.pendingReplies = [];
    return r;
  }

  private emit(e: TwinEvent, ref?: number): void {
    this.pending.push(e);
    if (ref !== undefined) {
      const c = this.consignments.get(ref);
      if (c !== undefined && c.timeline.length < TIMELINE_MAX) {
        const { t, type, ...detail } = e;
        c.timeline.push({ t, what: type, detail });
      }
    }
  }

  private release(r: ReleaseNotice, t: number): void {
    const known = this.consignments.get(r.ref);
    if (known !== undefined) {
      // a repeated notice (the customs side resends): the first one stands
      this.emit({ t, type: 'release.repeated', ref: r.ref }, r.ref);
      return;
    }
    this.kpis.releases++;
    this.consignments.set(r.ref, { ref: r.ref, release: r, status: 'released', lane: null, released_t: t, gate_t: null, verdict: null, timeline: [] });
    const index = (m: Map<string, number[]>, key: string) => {
      if (key === '') return;
      const refs = m.get(key);
      if (refs === undefined) m.set(key, [r.ref]);
      else refs.push(r.ref);
    };
    index(this.byCard, r.driver_card);
    index(this.byPlate, r.plate);
    this.emit({ t, type: 'release.received', ref: r.ref, plate: r.plate, container: r.container }, r.ref);
  }

  /**
   * The truck on the deck: its release by IC card, else by plate: the oldest of those not yet
   * through (a card or plate with several releases serves them in order). Releases through are
   * dropped from the index as they are met, so it stays as small as the releases still open.
   */
  private match(info: GatherInfo): ConsignmentTwin | undefined {
    const open = (m: Map<string, number[]>, key: string): ConsignmentTwin | undefined => {
      const refs = key === '' ? undefined : m.get(key);
      while (refs !== undefined && refs.length > 0) {
        const c = this.consignments.get(refs[0])!;
        if (c.status === 'released') return c;
        refs.shift();
      }
      if (refs !== undefined) m.delete(key);
      return undefined;
    };
    return open(this.byCard, info.IC?.DR_IC_NO ?? '') ?? open(this.byPlate, info.CAR?.VE_NAME ?? '');
  }

  private gathered(lane: string, info: GatherInfo, t: number): void {
    const l = this.lanes.get(lane)!;
    // the truck before, still "on the deck" by its modelled time, has in fact left: it is
    // through (and its barrier orders given) before anything is decided for this one
    const e = this.laneEntity.get(lane)!;
    if (this.sim.snapshot(e).value !== 'idle') {
      this.sim.send(e, { type: 'LEFT' } satisfies GateLaneEvent);
      this.sim.run(this.now);
    }
    l.gathered++;
    this.kpis.gatePasses++;
    const c = this.match(info);
    let v: GateVerdict;
    if (c === undefined) {
      // no release for this truck: nothing to check it against, an officer sees to it
      v = { release: false, misread: true, divert: false, hold: 'no-release' };
      l.unmatched++;
      this.kpis.unmatched++;
    } else {
      v = checkGatherInfo(info, expectationOf(c.release), this.config.weightTolerance);
      c.status = v.release ? 'passed' : v.divert ? 'to_inspection' : 'held';
      c.lane = lane;
      c.gate_t = t;
      c.verdict = { release: v.release, hold: v.hold, divert: v.divert, seq_no: info.seqNo };
      this.durations.push(t - c.released_t);
      if (this.durations.length > DURATIONS_MAX) this.durations.splice(0, this.durations.length - DURATIONS_MAX);
    }
    if (v.release) (l.released++, this.kpis.releasedAtGate++);
    else {
      l.held++;
      this.kpis.held++;
      for (const h of v.hold.split('+')) this.kpis.heldBy[h] = (this.kpis.heldBy[h] ?? 0) + 1;
    }
    if (v.divert) (l.diverted++, this.kpis.diverted++);
    l.ref = c?.ref ?? null;
    const ref = c?.ref;
    this.emit({ t, type: 'gate.gathered', lane, ref: ref ?? null, seq_no: info.seqNo, plate: info.CAR?.VE_NAME ?? '', release: v.release, hold: v.hold, divert: v.divert }, ref);
    const reply = gatherReply(info, v);
    this.pendingReplies.push({ lane, reply });
    // what the lane shows and does, as the simulation's smart lane does with the reply
    this.order(lane, { barrier: v.release ? 'open' : 'closed', display: reply.reason }, t, ref);
    this.sim.send(e, { type: 'PASS', ref: ref ?? -1, passS: this.config.smartPassS, fixS: this.config.misreadFixS, misread: v.misread, divert: v.divert, hold: v.hold } satisfies GateLaneEvent);
    this.sim.run(this.now); // delivers the sends, now
  }

  private onLaneEvent(e: GateLaneEmitted): void {
    const lane = this.laneByIndex[e.lane];
    const ref = e.ref >= 0 ? e.ref : undefined;
    if (e.type === 'lane.pass_started') {
      this.emit({ t: this.sim.now, type: 'lane.pass_started', lane, ref: ref ?? null }, ref);
      return;
    }
    this.emit({ t: this.sim.now, type: 'lane.passed', lane, ref: ref ?? null, misread: e.misread, divert: e.divert, hold: e.hold, pass_s: e.pass_s }, ref);
    const l = this.lanes.get(lane)!;
    if (l.ref === (ref ?? null)) l.ref = null;
    // the truck is through (a held truck let go by the officer): the boom comes down behind it
    const d = this.devices.get(BARRIER(lane));
    if (d?.desired?.barrier === 'open' || e.misread) {
      if (e.misread) this.order(lane, { barrier: 'open' }, this.sim.now, ref);
      this.order(lane, { barrier: 'closed' }, this.sim.now, ref);
    }
  }

  private desire(d: DesiredChange, t: number): void {
    const dev = this.devices.get(d.device);
    if (dev === undefined || !isBarrier(dev)) return; // validated before logging; a stale log entry does nothing
    this.order(dev.lane, { ...(d.barrier !== undefined ? { barrier: d.barrier } : {}), ...(d.display !== undefined ? { display: d.display } : {}) }, t, undefined, d.by ?? 'operator');
  }

  /** Sets what the lane's barrier should do and queues the commands that get it there. */
  private order(lane: string, want: { barrier?: 'open' | 'closed'; display?: string }, t: number, ref?: number, by = 'customs'): void {
    const dev = this.devices.get(BARRIER(lane));
    if (dev === undefined) return;
    const cur = dev.desired ?? { barrier: 'closed' as const, display: '', seq: -1, since: t };
    let seq = cur.seq;
    const send = (command: BarrierCommand) => {
      this.pendingCommands.push({ device: dev.device, lane, command });
      this.emit({ t, type: 'barrier.command', lane, device: dev.device, by, ...command }, ref);
    };
    const display = want.display ?? cur.display;
    const barrier = want.barrier ?? cur.barrier;
    if (want.display !== undefined) send({ seq: ++seq, cmd: 'display', text: display });
    // customs' orders repeat only a change; an operator's (or a re-assertion after a restart) always goes out
    if (want.barrier !== undefined && (want.barrier !== cur.barrier || dev.desired === null || by !== 'customs')) send({ seq: ++seq, cmd: want.barrier === 'open' ? 'open' : 'close' });
    dev.desired = { barrier, display, seq, since: t };
  }

  // ---- views ----------------------------------------------------------------------------------

  device(name: string, now = this.now): DeviceView | undefined {
    const d = this.devices.get(name);
    return d === undefined ? undefined : this.devices.view(d, now);
  }

  deviceViews(now = this.now): DeviceView[] {
    return this.devices.all().map((d) => this.devices.view(d, now));
  }

  /** The lane machine's state (idle, reading, manualHandling) and its context. */
  laneMachine(lane: string): { state: string; context: unknown } | undefined {
    const e = this.laneEntity.get(lane);
    if (e === undefined) return undefined;
    const s = this.sim.snapshot(e);
    return { state: String(s.value), context: s.context };
  }

  /** Consignments released and not yet at a lane: the site's queue for the gate. */
  queues(): { awaiting_gate: number; at_lane: Record<string, number | null>; held: number } {
    let awaiting = 0;
    let held = 0;
    for (const c of this.consignments.values()) {
      if (c.status === 'released') awaiting++;
      else if (c.status === 'held') held++;
    }
    const atLane: Record<string, number | null> = {};
    for (const l of this.lanes.values()) atLane[l.lane] = l.ref;
    return { awaiting_gate: awaiting, at_lane: atLane, held };
  }

  kpiView(): Kpis {
    const d = [...this.durations].sort((a, b) => a - b);
    const q = (p: number) => (d.length === 0 ? null : round3(d[Math.min(d.length - 1, Math.floor(p * d.length))]));
    const k = this.kpis;
    return {
      inputs: k.inputs, frames: k.frames, releases: k.releases, gate_passes: k.gatePasses, released_at_gate: k.releasedAtGate,
      held: k.held, held_by: sortedRecord(k.heldBy), diverted: k.diverted, unmatched: k.unmatched,
      release_to_gate_s: { n: d.length, mean: d.length === 0 ? null : round3(d.reduce((s, x) => s + x, 0) / d.length), p50: q(0.5), p95: q(0.95) },
    };
  }

  /**
   * Everything the state holds, in a canonical order, for comparing two states (a state rebuilt by
   * replay against the state before the crash). Views judged at a time (stale) are left out.
   */
  digest(): string {
    const lanes = [...this.lanes.values()].map((l) => ({ ...l, machine: this.laneMachine(l.lane) }));
    const consignments = [...this.consignments.values()].sort((a, b) => a.ref - b.ref);
    // rejected and duplicate counts are the live link's, not the log's: a replay cannot know them
    const devices = this.devices.all().map((d) => {
      const { rejected: _r, duplicates: _d, last: _l, ...rest } = d;
      return { ...rest, reported: reportedOf(d) };
    });
    return JSON.stringify({ now: this.now, lastId: this.lastId, kpis: this.kpiView(), devices, lanes, consignments });
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
function sortedRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
}
