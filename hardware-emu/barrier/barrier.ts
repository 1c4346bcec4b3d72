/**
 * Lane barrier (boom) with an LED instruction display: a pure state machine. No timers: every call
 * passes the simulated time, and motion that has finished by then is settled first. The boom moves
 * closed → opening → open → closing → closed in `motionS`; reversing mid-way takes the distance left.
 * Safety: a vehicle on the loop under the boom reopens a closing boom and refuses a close command.
 */
import { DecodeError, guarded, utf8, type Codec } from '../codec.js';
import { parseObject, type Obj } from '../json-fields.js';

export type BarrierState = 'closed' | 'opening' | 'open' | 'closing';

export interface BarrierConfig {
  lane: string;
  /** full travel time in seconds */
  motionS?: number;
  /** display capacity in characters (code points, Chinese counts one each) */
  displayMaxChars?: number;
}

export interface Barrier {
  readonly lane: string;
  readonly motionS: number;
  readonly displayMaxChars: number;
  state: BarrierState;
  /** boom position (0 down, 1 up) at `since` */
  pos: number;
  /** time of the last state change or settle */
  since: number;
  loop: boolean;
  display: string;
  /** last accepted command seq, -1 before any */
  lastSeq: number;
}

export type BarrierCommand = { seq: number; cmd: 'open' } | { seq: number; cmd: 'close' } | { seq: number; cmd: 'display'; text: string };

export type RejectReason = 'vehicle-on-loop' | 'text-too-long' | 'bad-text' | 'stale-seq';
export type BarrierReply = { ack: true; seq: number } | { ack: false; seq: number; reason: RejectReason };

export interface BarrierStatus {
  lane: string;
  at: number;
  state: BarrierState;
  /** 0 down, 1 up, 3 decimals */
  position: number;
  loop: boolean;
  display: string;
  lastSeq: number;
  /** the reply to a command, when this status answers one */
  reply?: BarrierReply;
}

export function createBarrier(config: BarrierConfig, at: number): Barrier {
  const { lane, motionS = 3, displayMaxChars = 32 } = config;
  if (!(motionS > 0)) throw new RangeError(`barrier ${lane}: motionS must be > 0, got ${motionS}`);
  return { lane, motionS, displayMaxChars, state: 'closed', pos: 0, since: at, loop: false, display: '', lastSeq: -1 };
}

/** Boom position at `at` without changing anything. */
export function positionAt(b: Barrier, at: number): number {
  const moved = (at - b.since) / b.motionS;
  return b.state === 'opening' ? Math.min(1, b.pos + moved) : b.state === 'closing' ? Math.max(0, b.pos - moved) : b.pos;
}

const EPS = 1e-9;

/** The state at `at`: finishes motion that has completed by then. Time never runs backwards. */
export function settle(b: Barrier, at: number): Barrier {
  if (at < b.since) throw new RangeError(`barrier ${b.lane}: time ${at} before ${b.since}`);
  const pos = positionAt(b, at);
  // EPS: (t + 3) - t can be 2.9999999999 in floating point; arrival times never exceed `at`
  if (b.state === 'opening' && pos >= 1 - EPS) return { ...b, state: 'open', pos: 1, since: Math.min(at, b.since + (1 - b.pos) * b.motionS) };
  if (b.state === 'closing' && pos <= EPS) return { ...b, state: 'closed', pos: 0, since: Math.min(at, b.since + b.pos * b.motionS) };
  return b;
}

/** Starts moving towards `state` from wherever the boom is at `at`. */
function move(b: Barrier, to: 'opening' | 'closing', at: number): Barrier {
  return { ...b, state: to, pos: positionAt(b, at), since: at };
}

/** Applies a command at `at`: the new device and its reply. Rejected commands change nothing. */
export function command(b0: Barrier, c: BarrierCommand, at: number): { barrier: Barrier; reply: BarrierReply } {
  const b = settle(b0, at);
  const reject = (reason: RejectReason) => ({ barrier: b, reply: { ack: false as const, seq: c.seq, reason } });
  // seq must grow: a replayed or reordered command is not executed twice
  if (c.seq <= b.lastSeq) return reject('stale-seq');
  let next: Barrier;
  if (c.cmd === 'open') next = b.state === 'open' || b.state === 'opening' ? b : move(b, 'opening', at);
  else if (c.cmd === 'close') {
    if (b.loop) return reject('vehicle-on-loop');
    next = b.state === 'closed' || b.state === 'closing' ? b : move(b, 'closing', at);
  } else {
    if ([...c.text].length > b.displayMaxChars) return reject('text-too-long');
    // the LED panel renders printable text only: control characters would garble the matrix
    if (/[\u0000-\u001f\u007f]/.test(c.text)) return reject('bad-text');
    next = { ...b, display: c.text };
  }
  return { barrier: { ...next, lastSeq: c.seq }, reply: { ack: true, seq: c.seq } };
}

/** Loop detector change at `at`: a vehicle arriving under a closing boom sends it back up. */
export function loopChanged(b0: Barrier, occupied: boolean, at: number): Barrier {
  const b = { ...settle(b0, at), loop: occupied };
  return occupied && b.state === 'closing' ? move(b, 'opening', at) : b;
}

export function status(b0: Barrier, at: number, reply?: BarrierReply): BarrierStatus {
  const b = settle(b0, at);
  const s: BarrierStatus = { lane: b.lane, at, state: b.state, position: Math.round(positionAt(b, at) * 1000) / 1000, loop: b.loop, display: b.display, lastSeq: b.lastSeq };
  return reply ? { ...s, reply } : s;
}

// ---- JSON codecs -----------------------------------------------------------------------------

const field = (format: string, name: string, ok: boolean) => {
  if (!ok) throw new DecodeError(format, 'field', `bad ${name}`);
};
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isSeqOrNone = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= -1;
const STATES: readonly unknown[] = ['closed', 'opening', 'open', 'closing'];
const REASONS: readonly unknown[] = ['vehicle-on-loop', 'text-too-long', 'bad-text', 'stale-seq'];

export const barrierCommandCodec: Codec<BarrierCommand> = {
  format: 'barrier-command',
  encode: (c) => utf8.encode(JSON.stringify(c.cmd === 'display' ? { seq: c.seq, cmd: c.cmd, text: c.text } : { seq: c.seq, cmd: c.cmd })),
  decode: (bytes) =>
    guarded('barrier-command', bytes, (b) => {
      const f = 'barrier-command';
      const o = parseObject(f, b, ['seq', 'cmd'], ['text']);
      field(f, 'seq', isSeq(o.seq));
      const seq = o.seq as number;
      if (o.cmd === 'display') {
        field(f, 'text', typeof o.text === 'string');
        return { seq, cmd: 'display', text: o.text as string };
      }
      field(f, 'cmd', o.cmd === 'open' || o.cmd === 'close');
      field(f, 'text', !('text' in o));
      return { seq, cmd: o.cmd as 'open' | 'close' };
    }),
};

function decodeReply(f: string, v: unknown): BarrierReply {
  field(f, 'reply', typeof v === 'object' && v !== null && !Array.isArray(v));
  const r = v as Obj;
  const keys = Object.keys(r).sort().join(',');
  field(f, 'reply.seq', isSeq(r.seq));
  if (r.ack === true) {
    field(f, 'reply', keys === 'ack,seq');
    return { ack: true, seq: r.seq as number };
  }
  field(f, 'reply', r.ack === false && keys === 'ack,reason,seq' && REASONS.includes(r.reason));
  return { ack: false, seq: r.seq as number, reason: r.reason as RejectReason };
}

export const barrierStatusCodec: Codec<BarrierStatus> = {
  format: 'barrier-status',
  encode: (s) => {
    const reply = s.reply === undefined ? undefined : s.reply.ack ? { ack: true, seq: s.reply.seq } : { ack: false, seq: s.reply.seq, reason: s.reply.reason };
    return utf8.encode(JSON.stringify({ lane: s.lane, at: s.at, state: s.state, position: s.position, loop: s.loop, display: s.display, lastSeq: s.lastSeq, reply }));
  },
  decode: (bytes) =>
    guarded('barrier-status', bytes, (b) => {
      const f = 'barrier-status';
      const o = parseObject(f, b, ['lane', 'at', 'state', 'position', 'loop', 'display', 'lastSeq'], ['reply']);
      field(f, 'lane', typeof o.lane === 'string' && o.lane.length > 0);
      field(f, 'at', typeof o.at === 'number' && Number.isFinite(o.at));
      field(f, 'state', STATES.includes(o.state));
      field(f, 'position', typeof o.position === 'number' && o.position >= 0 && o.position <= 1);
      field(f, 'loop', typeof o.loop === 'boolean');
      field(f, 'display', typeof o.display === 'string');
      field(f, 'lastSeq', isSeqOrNone(o.lastSeq));
      const s: BarrierStatus = {
        lane: o.lane as string, at: o.at as number, state: o.state as BarrierState, position: o.position as number,
        loop: o.loop as boolean, display: o.display as string, lastSeq: o.lastSeq as number,
      };
      return 'reply' in o ? { ...s, reply: decodeReply(f, o.reply) } : s;
    }),
};

export const codecs = [barrierCommandCodec, barrierStatusCodec] as const;
