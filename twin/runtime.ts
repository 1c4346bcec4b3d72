/**
 * The live twin's core, with no network in it: inputs are checked and decoded, written to the
 * durable log in group commits, applied to the state, and only then answered; the commands the
 * state asks for go out through the barrier link. On open, the log is replayed first.
 *
 * Order of one input: received → checked (known device, its format, size, decodes) → logged
 * (a transaction with whatever else arrived in the same turn of the event loop) → applied →
 * answered (HTTP response, TCP ack, MQTT PUBACK). An input that fails a check is answered with the
 * reason and never logged; a duplicate (same device and sequence number) is answered as such and
 * not applied twice.
 */
import { FORMATS } from '../hardware-emu/formats.js';
import { DecodeError, type Codec } from '../hardware-emu/codec.js';
import { FrameLog, type LogInput, type LogRecord } from './frame-log.js';
import { TwinSite, type ApplyResult, type BarrierOrder, type TwinEvent, type TwinInput } from './site-state.js';
import { RELEASE_FORMAT, releaseNoticeCodec } from './release-notice.js';
import { DESIRED_FORMAT, desiredCodec } from './operator-command.js';
import type { GatherReply } from '../hardware-emu/gate-frontend/gather-info.js';

import { MAX_FRAME_BYTES } from './limits.js';
import { EventHistory } from './event-history.js';

export { MAX_FRAME_BYTES };

/** The least time between two commits of the log (ms). */
export const COMMIT_GAP_MS = 2;

/** An input as it arrives: what the log keeps, less the time it was received (the runtime stamps it). */
export type Envelope = Omit<LogInput, 'receivedMs'>;

export type RejectReason = 'unknown-device' | 'wrong-format' | 'wrong-lane' | 'bad-seq' | 'too-large' | 'undecodable' | 'not-allowed' | 'unavailable';

export type IngestResult =
  | { status: 'accepted'; id: number; t: number; reply?: GatherReply }
  | { status: 'duplicate' }
  | { status: 'rejected'; reason: RejectReason; message: string };

export interface BarrierLink {
  send(order: BarrierOrder): void;
  close?(): Promise<void> | void;
}

export interface RuntimeOptions {
  /** wall clock in ms (the only clock; injected so tests can drive it) */
  clock?: () => number;
  /** events kept for clients that resume (default EVENT_HISTORY_MAX) */
  eventHistoryMax?: number;
}

/** A batch of events as produced, and the ordinal of its last event (see EventHistory). */
export type EventListener = (events: TwinEvent[], lastOrdinal: number) => void;

export interface Counters {
  accepted: number;
  duplicates: number;
  rejected: Record<RejectReason, number>;
  commits: number;
  replayed: number;
  /** accepted since start (not replayed), by source: http, tcp, mqtt, api, internal */
  bySource: Record<string, number>;
  /**
   * every input in the log, by source: those replayed at start (read back from the log) and those
   * accepted since; unlike `bySource` it survives a restart (what `ctwin load` checks against)
   */
  inLogBySource: Record<string, number>;
  /** inputs whose application threw (a bug; see the process's stderr) */
  applyErrors: number;
}

const CODECS = new Map<string, Codec<unknown>>([...FORMATS, [RELEASE_FORMAT, releaseNoticeCodec as Codec<unknown>], [DESIRED_FORMAT, desiredCodec as Codec<unknown>]]);

interface Pending { input: LogInput; value: unknown; resolve: (r: IngestResult) => void }

export class TwinRuntime {
  readonly counters: Counters = { accepted: 0, duplicates: 0, rejected: { 'unknown-device': 0, 'wrong-format': 0, 'wrong-lane': 0, 'bad-seq': 0, 'too-large': 0, undecodable: 0, 'not-allowed': 0, unavailable: 0 }, commits: 0, replayed: 0, bySource: {}, inLogBySource: {}, applyErrors: 0 };
  /** ms since the epoch of the log's first input: twin time 0 */
  originMs: number | null = null;
  /** the latest time (ms) the state has been moved to: by an input, or by a tick */
  private lastMs = -Infinity;
  private lastCommitMs = -Infinity;
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly listeners = new Set<EventListener>();
  /** every event produced, replay included, numbered from the log's first input; the newest kept */
  readonly history: EventHistory;
  private readonly clock: () => number;
  barrierLink: BarrierLink | null = null;
  /** per input applied: ms from received to applied (for /metrics) */
  onApplied: ((latencyMs: number, format: string) => void) | null = null;
  private closed = false;

  constructor(readonly log: FrameLog, readonly site: TwinSite, opts: RuntimeOptions = {}) {
    this.clock = opts.clock ?? (() => Date.now());
    this.history = new EventHistory(opts.eventHistoryMax);
    // rebuild: the state is the fold of the log; nothing replayed is sent to a device again
    for (const rec of log.read()) {
      this.originMs ??= rec.receivedMs;
      this.lastMs = rec.receivedMs;
      // kept, not published: the replay gives the events the live run gave, so their ordinals
      // are the same as before the restart
      this.history.push(this.applySafely(this.toInput(rec, this.decodeLogged(rec))).events);
      this.counters.replayed++;
      this.counters.inLogBySource[rec.source] = (this.counters.inLogBySource[rec.source] ?? 0) + 1;
    }
  }

  /** Twin time (s) at wall-clock ms `ms`. */
  tOf(ms: number): number {
    return this.originMs === null ? 0 : (ms - this.originMs) / 1000;
  }

  /** Twin time now. */
  now(): number {
    return Math.max(this.site.now, this.tOf(this.clock()));
  }

  /** The ordinal of the newest event (0 when none yet). */
  get lastEvent(): number {
    return this.history.last;
  }

  /** `fn` gets every batch of events from now on, with the ordinal of its last event. */
  subscribe(fn: EventListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Checks, logs, applies; resolves when the input is durable and visible, or refused. */
  submit(e: Envelope): Promise<IngestResult> {
    return new Promise((resolve) => this.enqueue(e, resolve));
  }

  /** As `submit`, with a callback (the ingest paths: no promise per frame). */
  enqueue(e: Envelope, done: (r: IngestResult) => void): void {
    const checked = this.check(e);
    if ('reason' in checked) {
      this.counters.rejected[checked.reason]++;
      return done(checked);
    }
    if (this.closed) return done({ status: 'rejected', reason: 'unavailable', message: 'the twin is shutting down' });
    this.queue.push({ input: { receivedMs: this.clock(), source: e.source, lane: e.lane, device: e.device, format: e.format, seq: e.seq, bytes: e.bytes }, value: checked.value, resolve: done });
    if (!this.scheduled) {
      this.scheduled = true;
      // at most one commit per COMMIT_GAP_MS: under load a commit carries hundreds of inputs
      // (a WAL commit costs the same pages for 5 rows as for 500); when quiet, at once
      const wait = this.lastCommitMs + COMMIT_GAP_MS - performance.now();
      if (wait <= 0) setImmediate(() => this.commit());
      else setTimeout(() => this.commit(), wait);
    }
  }

  /** The decoded value, or why the input is refused. */
  private check(e: Envelope): { value: unknown } | Extract<IngestResult, { status: 'rejected' }> {
    const reject = (reason: RejectReason, message: string) => ({ status: 'rejected' as const, reason, message });
    if (e.bytes.length > MAX_FRAME_BYTES) return reject('too-large', `frame of ${e.bytes.length} bytes; at most ${MAX_FRAME_BYTES}`);
    if (e.seq !== null && !(Number.isSafeInteger(e.seq) && e.seq >= 0)) return reject('bad-seq', `sequence number must be a non-negative integer, got ${e.seq}`);
    if (e.format === DESIRED_FORMAT && e.source !== 'api' && e.source !== 'internal') return reject('not-allowed', `${DESIRED_FORMAT} comes only from the twin's API`);
    if (e.format !== DESIRED_FORMAT) {
      const dev = this.site.devices.get(e.device);
      if (dev === undefined) return reject('unknown-device', `no device '${e.device}' at this site`);
      if (dev.format !== e.format) return reject('wrong-format', `device '${e.device}' sends ${dev.format}, not ${e.format}`);
      if (dev.lane !== e.lane) return reject('wrong-lane', `device '${e.device}' is on lane '${dev.lane}', not '${e.lane}'`);
    }
    try {
      return { value: CODECS.get(e.format)!.decode(e.bytes) };
    } catch (err) {
      const dev = this.site.devices.get(e.device);
      if (dev !== undefined) dev.rejected++;
      return reject('undecodable', err instanceof DecodeError ? err.message : String(err));
    }
  }

  private commit(): void {
    this.scheduled = false;
    this.lastCommitMs = performance.now();
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    // the state's clock never goes back, whatever the wall clock does (nor behind a tick)
    for (const p of batch) {
      p.input.receivedMs = Math.max(p.input.receivedMs, this.lastMs);
      this.lastMs = p.input.receivedMs;
    }
    let ids: (number | null)[];
    try {
      ids = this.log.append(batch.map((p) => p.input));
    } catch (err) {
      // not durable, so not accepted: the sender may retry
      for (const p of batch) (this.counters.rejected.unavailable++, p.resolve({ status: 'rejected', reason: 'unavailable', message: `log write failed: ${(err as Error).message}` }));
      return;
    }
    this.counters.commits++;
    const events: TwinEvent[] = [];
    const appliedAt = this.clock();
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i];
      const id = ids[i];
      if (id === null) {
        this.counters.duplicates++;
        const d = this.site.devices.get(p.input.device);
        if (d !== undefined) d.duplicates++;
        p.resolve({ status: 'duplicate' });
        continue;
      }
      this.originMs ??= p.input.receivedMs;
      const r = this.applySafely(this.toInput({ ...p.input, id }, p.value));
      this.counters.accepted++;
      this.counters.bySource[p.input.source] = (this.counters.bySource[p.input.source] ?? 0) + 1;
      this.counters.inLogBySource[p.input.source] = (this.counters.inLogBySource[p.input.source] ?? 0) + 1;
      this.effects(r, events);
      this.onApplied?.(appliedAt - p.input.receivedMs, p.input.format);
      const reply = r.replies.find((x) => x.lane === p.input.lane)?.reply;
      p.resolve({ status: 'accepted', id, t: this.tOf(p.input.receivedMs), ...(reply ? { reply } : {}) });
    }
    this.publish(events);
  }

  /** Moves the lanes' modelled time to now (lane passes that end by now) and publishes what happened. */
  tick(): void {
    if (this.originMs === null) return;
    // never past an input received and not yet committed: it must apply at its own time, as a
    // replay of the log will apply it; and later inputs are stamped no earlier than this
    let ms = Math.max(this.clock(), this.lastMs);
    if (this.queue.length > 0) ms = Math.min(ms, this.queue[0].input.receivedMs);
    if (ms <= this.lastMs) return;
    this.lastMs = ms;
    const events: TwinEvent[] = [];
    this.effects(this.site.advance(this.tOf(ms)), events);
    this.publish(events);
  }

  private effects(r: ApplyResult, into: TwinEvent[]): void {
    for (const e of r.events) into.push(e);
    if (this.barrierLink !== null) for (const c of r.commands) this.barrierLink.send(c);
  }

  private publish(events: TwinEvent[]): void {
    if (events.length === 0) return;
    const last = this.history.push(events);
    for (const fn of this.listeners) fn(events, last);
  }

  /**
   * Barriers whose desired state was not acknowledged (after a restart, say): what is wanted is
   * asserted again, as a logged input, so the commands carry fresh sequence numbers the barrier
   * accepts and the log says why they were sent. Resolves with how many were re-asserted.
   */
  async reconcile(): Promise<number> {
    if (this.barrierLink === null) return 0;
    const again = this.site.devices.all().filter((d) => d.desired !== null && !this.site.devices.view(d, this.site.now).in_sync);
    await Promise.all(again.map((d) => this.submit({
      source: 'internal', lane: d.lane, device: d.device, format: DESIRED_FORMAT, seq: null,
      bytes: desiredCodec.encode({ device: d.device, barrier: d.desired!.barrier, display: d.desired!.display, by: 'restart' }),
    })));
    return again.length;
  }

  /**
   * Applies one logged input. An exception here is a bug in the fold, not bad input (inputs are
   * checked before they are logged): it is counted and reported, and the twin goes on, live and
   * on replay alike (the input is in the log either way), rather than leave senders unanswered
   * or refuse to start on its own log.
   */
  private applySafely(i: TwinInput): ApplyResult {
    try {
      return this.site.apply(i);
    } catch (err) {
      this.counters.applyErrors++;
      console.error(`twin: applying log entry ${i.id} (${i.device}, ${i.format}) failed: ${(err as Error).stack ?? err}`);
      return { events: [], commands: [], replies: [] };
    }
  }

  private toInput(rec: LogRecord, value: unknown): TwinInput {
    return { id: rec.id, t: this.tOf(rec.receivedMs), source: rec.source, lane: rec.lane, device: rec.device, format: rec.format, seq: rec.seq, value };
  }

  private decodeLogged(rec: LogRecord): unknown {
    const codec = CODECS.get(rec.format);
    if (codec === undefined) throw new Error(`${this.log.file}: log entry ${rec.id} has format '${rec.format}', which this version cannot read`);
    try {
      return codec.decode(rec.bytes);
    } catch (err) {
      throw new Error(`${this.log.file}: log entry ${rec.id} (${rec.device}, ${rec.format}) does not decode: ${(err as Error).message}`);
    }
  }

  /** Stops taking inputs; what is queued is committed first. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length > 0) this.commit();
    await this.barrierLink?.close?.();
    this.log.close();
  }
}
