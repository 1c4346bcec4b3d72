/**
 * Runs machines from the tables made by compile.ts. Per entity the state is a small record:
 * leaf index, context, status and a timer table. Semantics follow xstate 5.33 step for step
 * (see docs/ENGINE.md): exit → transition → entry actions in one microstep, each action seeing
 * the context left by earlier assigns; `always` re-checked only after a change; raised events
 * and done-state events through an internal queue; emits, delayed raises and cancels deferred to
 * the end of the macrostep, in order, as XState's actor does.
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import type { QueueEntry } from '../kernel/event-queue.js';
import { Priority } from '../kernel/scheduler.js';
import { compileMachine, OpKind, type ActionArgs, type CompiledMachine, type CompiledTransition, type Candidate, type Op } from './compile.js';
import { clampDelay, MachineRuntimeError, type Entity, type EntitySnapshot, type Executor, type ExecutorHost } from './executor.js';

export interface CompiledEntity extends Entity {
  readonly m: CompiledMachine;
  /** current leaf index */
  s: number;
  ctx: any;
  done: boolean;
  output: unknown;
  /** pending timer of static send id slot 0 (most machines have one: no array to allocate) */
  t0: QueueEntry | undefined;
  /** pending timers of slots 1… (null until needed) */
  timers: (QueueEntry | undefined)[] | null;
  /** pending timers raised without an id (only `done` cancels them) */
  anon: QueueEntry[] | null;
}

interface TimerPayload {
  slot: number;
  event: EventObject;
}

/** Guard against machines whose eventless transitions or raised events never settle. */
export const MAX_MICROSTEPS = 10_000;

const enum Deferred {
  Emit,
  Schedule,
  Cancel,
  Custom,
}

export class CompiledExecutor implements Executor<CompiledEntity> {
  readonly kind = 'compiled' as const;
  /** deferred effects of the macrosteps in progress: a stack of [kind, a, b, c] quadruples */
  private dq: unknown[] = [];
  private dqTop = 0;
  /**
   * The `{ context, event }` object given to guards and actions, reused from call to call (a
   * fresh one per call was a tenth of the run time in garbage collection). Implementations must
   * not keep a reference to it; XState's own implementations never do.
   */
  private readonly args: ActionArgs = { context: undefined, event: undefined as unknown as EventObject, self: undefined, system: undefined };
  private readonly fire: (e: CompiledEntity, p: TimerPayload) => void;

  constructor(private readonly host: ExecutorHost) {
    this.fire = (e, p) => {
      // XState forgets the id's timer when any timer of that id fires (its timerMap is keyed by id).
      if (p.slot === 0) e.t0 = undefined;
      else if (p.slot > 0) {
        if (e.timers !== null) e.timers[p.slot] = undefined;
      } else if (e.anon !== null) {
        const i = e.anon.findIndex((x) => x.b === p);
        if (i >= 0) e.anon.splice(i, 1);
      }
      this.deliver(e, p.event);
    };
  }

  /** argument of context factories, reused (factories read `input`; none keeps the object) */
  private readonly factoryArgs: { input: unknown; self: undefined; spawn: undefined } = { input: undefined, self: undefined, spawn: undefined };
  private lastMachine: AnyStateMachine | undefined;
  private lastCompiled: CompiledMachine | undefined;

  spawn(machine: AnyStateMachine, id: string, input: unknown): CompiledEntity {
    // runs spawn the same machine over and over: skip the WeakMap look-up then
    let m = this.lastCompiled;
    if (machine !== this.lastMachine || m === undefined) {
      m = compileMachine(machine);
      this.lastMachine = machine;
      this.lastCompiled = m;
    }
    const initEvent = { type: 'xstate.init', input } as EventObject;
    const e: CompiledEntity = { id, m, s: m.initial.target, ctx: undefined, done: false, output: undefined, t0: undefined, timers: null, anon: null };
    const base = this.dqTop;
    try {
      const c = m.context;
      // XState copies the factory's result; assigns never mutate, so the copy is not needed here
      if (typeof c === 'function') {
        const fa = this.factoryArgs;
        fa.input = input;
        e.ctx = c(fa);
        fa.input = undefined;
      } else e.ctx = c ?? {};
      // XState defers every action of the initial step, custom ones included, to actor.start().
      const queue = this.microstep(e, m.initial, initEvent, null, true);
      if (queue !== null || m.leaves[e.s].always !== null) this.settle(e, initEvent, queue, true);
    } catch (err) {
      this.dqTop = base;
      throw new MachineRuntimeError(id, m.id, '(initial)', 'xstate.init', err);
    }
    this.flush(e, base);
    return e;
  }

  deliver(e: CompiledEntity, ev: EventObject): void {
    if (e.done) return;
    const base = this.dqTop;
    const state = e.s;
    try {
      const m = e.m;
      const leaf = m.leaves[e.s];
      let cands = leaf.on.get(ev.type);
      if (cands === undefined) cands = m.candidatesFor(leaf, ev.type);
      const t = this.select(cands, e.ctx, ev);
      let queue: EventObject[] | null = null;
      if (t !== null) queue = this.microstep(e, t, ev, queue, false);
      // the eventless loop can only do something with an internal event or an `always` here
      if (queue !== null || m.leaves[e.s].always !== null) this.settle(e, ev, queue, false);
    } catch (err) {
      this.dqTop = base;
      if (err instanceof MachineRuntimeError) throw err;
      throw new MachineRuntimeError(e.id, e.m.id, e.m.leaves[state].id, ev.type, err);
    }
    this.flush(e, base);
  }

  snapshot(e: CompiledEntity): EntitySnapshot {
    const snap: EntitySnapshot = { value: e.m.leaves[e.s].value, context: e.ctx, status: e.done ? 'done' : 'active' };
    if (e.done) snap.output = e.output;
    return snap;
  }

  /** The eventless loop of XState's macrostep: `always` transitions, then internal events. */
  private settle(e: CompiledEntity, ev: EventObject, queue: EventObject[] | null, initial: boolean): void {
    let recheck = true;
    let head = 0;
    let n = 0;
    let current = ev;
    while (!e.done) {
      if (++n > MAX_MICROSTEPS) throw new Error(`more than ${MAX_MICROSTEPS} microsteps without settling: check 'always' transitions and raised events`);
      const always = recheck ? e.m.leaves[e.s].always : null;
      const t = always !== null ? this.select(always, e.ctx, current) : null;
      if (t !== null) {
        const before = this.changes;
        queue = this.microstep(e, t, current, queue, initial);
        recheck = this.changes !== before;
        continue;
      }
      if (queue === null || head >= queue.length) break;
      current = queue[head++];
      const leaf = e.m.leaves[e.s];
      let cands = leaf.on.get(current.type);
      if (cands === undefined) cands = e.m.candidatesFor(leaf, current.type);
      const t2 = this.select(cands, e.ctx, current);
      if (t2 !== null) queue = this.microstep(e, t2, current, queue, initial);
      recheck = true;
    }
  }

  /** counts snapshot changes (config changed or an assign ran), for the `always` re-check */
  private changes = 0;

  private microstep(e: CompiledEntity, t: CompiledTransition, ev: EventObject, queue: EventObject[] | null, initial: boolean): EventObject[] | null {
    const ops = t.ops;
    const args = this.args;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      args.context = e.ctx;
      args.event = ev;
      const p = op.paramsFn ? (op.params as (a: ActionArgs) => unknown)(args) : op.params;
      switch (op.k) {
        case OpKind.Assign: {
          if (op.fn !== undefined) {
            e.ctx = { ...e.ctx, ...op.fn(args, p) };
          } else {
            // object form: every value computed from the old context, then merged
            const next = { ...e.ctx };
            const obj = op.assignObject!;
            const keys = op.assignKeys;
            for (let j = 0; j < keys.length; j++) {
              const v = obj[keys[j]];
              next[keys[j]] = typeof v === 'function' ? v(args, p) : v;
            }
            e.ctx = next;
          }
          this.changes++;
          break;
        }
        case OpKind.Custom:
          // XState runs the initial step's custom actions at actor.start(), after the step
          if (initial) this.defer(Deferred.Custom, op, { context: e.ctx, event: ev, self: undefined, system: undefined }, p);
          else op.fn!(args, p);
          break;
        case OpKind.Raise: {
          const event = typeof op.event === 'function' ? op.event(args, p) : op.event;
          const delay = typeof op.delay === 'function' ? op.delay(args, p) : op.delay;
          if (typeof delay === 'number') this.defer(Deferred.Schedule, op, event, delay);
          else (queue ??= []).push(event);
          break;
        }
        case OpKind.Cancel:
          // a static id has its slot already; a computed one is looked up when the cancel runs
          if (typeof op.sendId === 'function') this.defer(Deferred.Cancel, op, op.sendId(args, p), undefined);
          else this.defer(Deferred.Cancel, op, undefined, undefined);
          break;
        case OpKind.Emit:
          this.defer(Deferred.Emit, typeof op.event === 'function' ? op.event(args, p) : op.event, undefined, undefined);
          break;
        case OpKind.DoneState: {
          if (op.top) {
            // the actor completes: XState's done-state event is never processed, only the
            // machine output is computed from it
            const root = e.m.rootOutput;
            if (root !== undefined) {
              const doneEvent = { type: `xstate.done.state.${op.finalId}`, output: resolveOutput(op.output, e.ctx, ev) };
              e.output = resolveOutput(root, e.ctx, doneEvent as EventObject);
            }
          } else {
            (queue ??= []).push({ type: op.doneType!, output: resolveOutput(op.output, e.ctx, ev) } as EventObject);
          }
          break;
        }
      }
    }
    if (t.target >= 0) e.s = t.target;
    if (t.configChanged) this.changes++;
    if (t.done) e.done = true;
    return queue;
  }

  private select(cands: Candidate[], ctx: unknown, ev: EventObject): CompiledTransition | null {
    const args = this.args;
    args.context = ctx;
    args.event = ev;
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i];
      if (c.guard === null || c.guard(args)) return c.t;
    }
    return null;
  }

  private defer(kind: Deferred, a: unknown, b: unknown, c: unknown): void {
    const dq = this.dq;
    const i = this.dqTop;
    dq[i] = kind;
    dq[i + 1] = a;
    dq[i + 2] = b;
    dq[i + 3] = c;
    this.dqTop = i + 4;
  }

  /** Runs the deferred effects of one macrostep, in order, as XState's actor.update() does. */
  private flush(e: CompiledEntity, base: number): void {
    const end = this.dqTop;
    const dq = this.dq;
    for (let i = base; i < end; i += 4) {
      const kind = dq[i] as Deferred;
      if (kind === Deferred.Emit) {
        this.host.emitted(e, dq[i + 1] as EventObject);
      } else if (kind === Deferred.Schedule) {
        this.schedule(e, dq[i + 1] as Op, dq[i + 2] as EventObject, dq[i + 3] as number);
      } else if (kind === Deferred.Cancel) {
        const op = dq[i + 1] as Op;
        this.cancel(e, op.slot >= 0 ? op.slot : slotOf(e, dq[i + 2] as string | undefined));
      } else {
        const op = dq[i + 1] as Op;
        op.fn!(dq[i + 2], dq[i + 3]);
      }
      dq[i + 1] = dq[i + 2] = dq[i + 3] = undefined;
    }
    // Effects may have started nested macrosteps (a world handler spawning an entity); they
    // restore dqTop to their own base, which is at or above `end`.
    this.dqTop = base;
    if (e.done) this.cancelAll(e);
  }

  private schedule(e: CompiledEntity, op: Op, event: EventObject, delay: number): void {
    const slot = op.slot!;
    const payload: TimerPayload = op.payload ?? { slot, event };
    const entry = this.host.queue.push(this.host.now + clampDelay(delay), Priority.timer, this.fire, e, payload);
    if (slot === 0) e.t0 = entry;
    else if (slot > 0) (e.timers ??= new Array(e.m.slots.size))[slot] = entry;
    else (e.anon ??= []).push(entry);
  }

  private cancel(e: CompiledEntity, slot: number): void {
    if (slot < 0) return;
    let entry: QueueEntry | undefined;
    if (slot === 0) {
      entry = e.t0;
      e.t0 = undefined;
    } else if (e.timers !== null) {
      entry = e.timers[slot];
      e.timers[slot] = undefined;
    }
    if (entry !== undefined) this.host.queue.cancel(entry);
  }

  private cancelAll(e: CompiledEntity): void {
    if (e.t0 !== undefined) {
      this.host.queue.cancel(e.t0);
      e.t0 = undefined;
    }
    if (e.timers !== null) {
      for (let i = 0; i < e.timers.length; i++) {
        const entry = e.timers[i];
        if (entry !== undefined) this.host.queue.cancel(entry);
      }
      e.timers = null;
    }
    if (e.anon !== null) {
      for (const entry of e.anon) this.host.queue.cancel(entry);
      e.anon = null;
    }
  }
}

/** Timer slot of a computed send id; -1 for an id no raise of the machine uses. */
function slotOf(e: CompiledEntity, id: string | undefined): number {
  if (id === undefined) return -1;
  return e.m.slots.get(id) ?? -1;
}

function resolveOutput(mapper: unknown, context: unknown, event: EventObject): unknown {
  return typeof mapper === 'function' ? mapper({ context, event, self: undefined }) : mapper;
}
