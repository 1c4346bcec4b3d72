/**
 * The simulation: a clock, one event queue, named random streams, and machine entities run by
 * one of the two executors. Machines talk to the world only through events: the world sends
 * events to entities; entities `emit` events, which go to the event stream (the run's one output)
 * and to the handlers the world registered for that event type.
 *
 * Ordering, which the determinism rule rests on:
 * - the queue orders by (time, priority, insertion sequence);
 * - `send()` delivers after the current step, before the next queue entry, first in first out
 *   (like SimPy's urgent events): a grant sent to a truck is processed at the same instant, and
 *   never re-enters a machine that is mid-step;
 * - executors defer emits, delayed raises and cancels to the end of each step, in order, as
 *   XState's actors do, so both executors consume queue sequence numbers identically.
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import { EventQueue } from '../kernel/event-queue.js';
import { Priority, type Scheduler, type TimerHandle } from '../kernel/scheduler.js';
import { RngStreams } from '../kernel/rng.js';
import { CompiledExecutor } from './compiled-executor.js';
import { XStateExecutor } from './xstate-executor.js';
import type { EngineKind, Entity, EntitySnapshot, Executor, ExecutorHost } from './executor.js';

/** Receives every emitted event with its time and the emitting entity's id. */
export type EventSink = (t: number, entityId: string, event: EventObject) => void;

export type EmitHandler<E extends EventObject = EventObject> = (entity: Entity, event: E) => void;

/** `xstate.*` types are XState's own; the first-letter test keeps the common case cheap. */
function isXStateType(type: string): boolean {
  return type.charCodeAt(0) === 120 /* x */ && type.startsWith('xstate.');
}

/** An event type no event has: the empty slot of the handler cache. */
const NO_TYPE = '\u0000';

export interface SimulationOptions {
  seed: number | string;
  engine?: EngineKind;
  sink?: EventSink;
}

export class Simulation implements Scheduler, ExecutorHost {
  now = 0;
  readonly queue = new EventQueue();
  readonly rng: RngStreams;
  readonly engine: EngineKind;
  /** queue entries processed plus immediate sends delivered */
  events = 0;
  /** events emitted by machines */
  emits = 0;
  sink: EventSink | undefined;

  private readonly exec: Executor<any>;
  private readonly handlers = new Map<string, EmitHandler<any>>();
  /**
   * Immediate sends waiting, as [entity, event] pairs. A fresh array per batch rather than a
   * long-lived one: storing fresh objects into an old array takes V8's write-barrier slow path.
   */
  private pending: unknown[] | null = null;

  constructor(opts: SimulationOptions) {
    this.rng = new RngStreams(opts.seed);
    this.engine = opts.engine ?? 'compiled';
    this.sink = opts.sink;
    this.exec = this.engine === 'compiled' ? new CompiledExecutor(this) : new XStateExecutor(this);
  }

  /** Creates and starts a machine instance; its initial actions (and emits) run now. */
  spawn(machine: AnyStateMachine, id: string, input?: unknown): Entity {
    return this.exec.spawn(machine, id, input);
  }

  /** Delivers `event` to `entity` after the current step, at the current time. */
  send<E extends EventObject>(entity: Entity, event: E): void {
    if (isXStateType(event.type)) throw new Error(`send: '${event.type}' is one of XState's own event types, not for the world to send`);
    const p = this.pending;
    if (p === null) this.pending = [entity, event];
    else p.push(entity, event);
  }

  /** Delivers `event` to `entity` after `delay` seconds. */
  sendAfter<E extends EventObject>(delay: number, entity: Entity, event: E, priority: number = Priority.normal): TimerHandle {
    if (!(delay >= 0)) throw new RangeError(`sendAfter: delay must be >= 0, got ${delay}`);
    if (isXStateType(event.type)) throw new Error(`sendAfter: '${event.type}' is one of XState's own event types, not for the world to send`);
    return this.queue.push(this.now + delay, priority, this.deliverLater, entity, event);
  }

  schedule<A>(delay: number, fn: (arg: A) => void, arg: A, priority: number = Priority.normal): TimerHandle {
    if (!(delay >= 0)) throw new RangeError(`schedule: delay must be >= 0, got ${delay}`);
    return this.queue.push(this.now + delay, priority, fn, arg);
  }

  /** Calls `fn(arg)` at absolute time `t` (avoids the rounding of `now + (t - now)`). */
  at<A>(t: number, fn: (arg: A) => void, arg: A, priority: number = Priority.normal): TimerHandle {
    if (!(t >= this.now)) throw new RangeError(`at: time ${t} is before now (${this.now})`);
    return this.queue.push(t, priority, fn, arg);
  }

  /** Writes a world-originated event (not from a machine) to the event stream. */
  record<E extends EventObject>(entityId: string, event: E): void {
    if (this.sink !== undefined) this.sink(this.now, entityId, event);
  }

  cancel(timer: TimerHandle): void {
    this.queue.cancel(timer);
  }

  /** Registers the world's reaction to an emitted event type (one handler per type). */
  on<E extends EventObject>(type: string, handler: EmitHandler<E>): void {
    if (this.handlers.has(type)) throw new Error(`a handler for '${type}' is already registered`);
    this.handlers.set(type, handler);
    this.ct0 = this.ct1 = this.ct2 = this.ct3 = NO_TYPE; // forget cached misses
    this.ch0 = this.ch1 = this.ch2 = this.ch3 = null;
  }

  snapshot(entity: Entity): EntitySnapshot {
    return this.exec.snapshot(entity);
  }

  /** Called by executors for every emitted event. */
  emitted(entity: Entity, event: EventObject): void {
    this.emits++;
    if (this.sink !== undefined) this.sink(this.now, entity.id, event);
    const h = this.handlerFor(event.type);
    if (h !== null) h(entity, event);
  }

  // A four-way cache in front of the handler map: a run emits a handful of event types over and
  // over, and their type strings are the same interned strings, so a comparison is a pointer test.
  private ct0 = NO_TYPE;
  private ct1 = NO_TYPE;
  private ct2 = NO_TYPE;
  private ct3 = NO_TYPE;
  private ch0: EmitHandler<any> | null = null;
  private ch1: EmitHandler<any> | null = null;
  private ch2: EmitHandler<any> | null = null;
  private ch3: EmitHandler<any> | null = null;
  private cNext = 0;

  private handlerFor(type: string): EmitHandler<any> | null {
    if (type === this.ct0) return this.ch0;
    if (type === this.ct1) return this.ch1;
    if (type === this.ct2) return this.ch2;
    if (type === this.ct3) return this.ch3;
    const h = this.handlers.get(type) ?? null;
    switch (this.cNext) {
      case 0: this.ct0 = type; this.ch0 = h; break;
      case 1: this.ct1 = type; this.ch1 = h; break;
      case 2: this.ct2 = type; this.ch2 = h; break;
      default: this.ct3 = type; this.ch3 = h;
    }
    this.cNext = (this.cNext + 1) & 3;
    return h;
  }

  /**
   * Processes events due at or before `until` (default: until the queue is empty). The clock ends
   * at `until` when the queue still holds later events, so that time-weighted statistics can be
   * closed at the horizon.
   */
  run(until: number = Infinity): void {
    const q = this.queue;
    for (;;) {
      this.drainImmediate();
      // never past `until`, and never an event at infinity (a timer that is never due)
      const entry = q.popDue(until === Infinity ? Number.MAX_VALUE : until);
      if (entry === undefined) break;
      this.now = entry.t;
      this.events++;
      entry.fn(entry.a, entry.b);
    }
    if (until !== Infinity && until > this.now) this.now = until;
  }

  private readonly deliverLater = (entity: Entity, event: EventObject): void => {
    this.exec.deliver(entity, event);
  };

  private drainImmediate(): void {
    // sends made while draining go to a new batch, processed after this one: first in, first out
    let batch = this.pending;
    while (batch !== null) {
      this.pending = null;
      for (let i = 0; i < batch.length; i += 2) {
        this.events++;
        this.exec.deliver(batch[i] as Entity, batch[i + 1] as EventObject);
      }
      batch = this.pending;
    }
  }
}
