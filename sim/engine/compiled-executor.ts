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
  /** the context's key list, while the context keeps it (fast copies on assign), else null */
  sh: Shape | null;
}

/**
 * A context key list and a copier made for it. `{ ...ctx, ...patch }` on a context of 30 fields
 * costs about 600 ns in V8 (the spread takes a generic path); an object literal listing the
 * fields costs about 60 ns and gives every copy one hidden class. The result is the same object:
 * same own keys in the same order, same values (getters read once, as the spread does).
 */
interface Shape {
  readonly keys: readonly string[];
  readonly known: ReadonlySet<string>;
  readonly copy: (ctx: any) => any;
}

/** Contexts with more keys than this keep the spread (the literal would be long for little gain). */
const MAX_SHAPE_KEYS = 64;

function makeShape(keys: readonly string[]): Shape | null {
  if (keys.length > MAX_SHAPE_KEYS || keys.includes('__proto__')) return null; // a literal __proto__ sets the prototype
  const body = keys.map((k) => `${JSON.stringify(k)}: c[${JSON.stringify(k)}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the copier is generated once per context shape
  const copy = new Function('c', `return { ${body} };`) as (ctx: any) => any;
  return { keys, known: new Set(keys), copy };
}

/** The shape of `ctx` if it is a plain object of string keys that `last` (or a new shape) describes. */
function shapeOf(ctx: any, last: Shape | null | undefined): Shape | null {
  if (ctx === null || typeof ctx !== 'object' || Object.getPrototypeOf(ctx) !== Object.prototype) return null;
  if (Object.getOwnPropertySymbols(ctx).length > 0) return null;
  const keys = Object.keys(ctx);
  if (last != null && last.keys.length === keys.length) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = keys[i] === last.keys[i];
    if (same) return last;
  }
  return makeShape(keys);
}

interface TimerPayload {
  slot: number;
  event: EventObject;
}

/**
 * A merge specialised to one assign op: the context's key list and the keys its patches set, as
 * one object literal. It checks that the patch has exactly the expected own keys (a count by
 * for-in, which also counts inherited enumerable keys, and an own-key test for each) and returns
 * undefined otherwise; the caller then takes the general path.
 */
interface Merger {
  readonly sh: Shape;
  readonly fn: (ctx: any, patch: any) => any;
}

const hasOwn = Object.prototype.hasOwnProperty;

function makeMerger(sh: Shape, patch: any): Merger | false {
  if (patch === null || typeof patch !== 'object' || Object.getOwnPropertySymbols(patch).length > 0) return false;
  const keys = Object.keys(patch);
  if (keys.length > MAX_SHAPE_KEYS || !keys.every((k) => sh.known.has(k))) return false;
  const inPatch = new Set(keys);
  const q = (k: string) => JSON.stringify(k);
  const own = keys.map((k) => `h.call(p, ${q(k)})`).join(' && ') || 'true';
  const body = sh.keys.map((k) => `${q(k)}: ${inPatch.has(k) ? 'p' : 'c'}[${q(k)}]`).join(', ');
  const src = `return function merge(c, p) { let n = 0; for (const k in p) n++; if (n !== ${keys.length} || !(${own})) return undefined; return { ${body} }; };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated once per assign op
  const fn = new Function('h', src)(hasOwn) as Merger['fn'];
  return { sh, fn };
}

/** `{ ...e.ctx, ...patch }` for assign op `op`, by its specialised merge when it applies. */
function mergeFor(e: CompiledEntity, op: Op, patch: any): any {
  const sh = e.sh;
  if (sh !== null) {
    let mg = op.merger as Merger | false | null;
    if (mg === null) op.merger = mg = makeMerger(sh, patch);
    if (mg !== false && mg.sh === sh) {
      const next = mg.fn(e.ctx, patch);
      if (next !== undefined) return next;
    }
  }
  return merge(e, patch);
}

/**
 * `{ ...e.ctx, ...patch }`, by the entity's shape copier when the patch sets only known keys; a
 * patch that adds a key takes the spread, and the entity leaves the fast path for good.
 */
function merge(e: CompiledEntity, patch: any): any {
  const sh = e.sh;
  if (sh !== null && patch !== null && typeof patch === 'object') {
    const next = sh.copy(e.ctx);
    let ok = true;
    for (const k in patch) {
      if (!Object.prototype.hasOwnProperty.call(patch, k)) continue; // the spread copies own keys only
      if (!sh.known.has(k)) {
        ok = false;
        break;
      }
      next[k] = patch[k];
    }
    if (ok && Object.getOwnPropertySymbols(patch).length === 0) return next;
    e.sh = null;
  }
  return { ...e.ctx, ...patch };
}

/** Guard against machines whose eventless transitions or raised events never settle. */
export const MAX_MICROSTEPS = 10_000;

/** Kinds of deferred effects. */
const EMIT = 0;
const SCHEDULE = 1;
const CANCEL = 2;
const CUSTOM = 3;
type Deferred = typeof EMIT | typeof SCHEDULE | typeof CANCEL | typeof CUSTOM;

/**
 * What one macrostep carries. It is also the `{ context, event }` argument handed to guards and
 * actions (the extra fields are harmless to them). One per macrostep, so it is a young object:
 * stores into it are cheap, where stores of fresh contexts and events into a long-lived object
 * took V8's write-barrier slow path (a tenth of all instructions when this was a reused field).
 */
interface Step extends ActionArgs {
  /** deferred effects as [kind, a, b, c] quadruples, in the order the actions ran */
  dq: unknown[] | null;
  /** slots of dq in use (dq is allocated with room for three effects, the common case) */
  dqn: number;
  /** XState's internal queue: raised events and done-state events */
  queue: EventObject[] | null;
  /** snapshot changes (config changed or an assign ran), for the `always` re-check */
  changes: number;
  initial: boolean;
}

export class CompiledExecutor implements Executor<CompiledEntity> {
  readonly kind = 'compiled' as const;
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

  /** last context shape seen per machine (entities of one machine nearly always share it) */
  private readonly shapes = new Map<CompiledMachine, Shape | null>();
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
    const e: CompiledEntity = { id, m, s: m.initial.target, ctx: undefined, done: false, output: undefined, t0: undefined, timers: null, anon: null, sh: null };
    const step: Step = { context: undefined, event: initEvent, self: undefined, system: undefined, dq: null, dqn: 0, queue: null, changes: 0, initial: true };
    try {
      const c = m.context;
      e.ctx = typeof c === 'function' ? ownContext(c({ input, self: undefined, spawn: undefined })) : c ?? {};
      let sh = this.shapes.get(m);
      const found = shapeOf(e.ctx, sh);
      if (found !== sh && found !== null) this.shapes.set(m, (sh = found));
      e.sh = found;
      this.microstep(e, m.initial, initEvent, step);
      if (step.queue !== null || m.leaves[e.s].always !== null) this.settle(e, initEvent, step);
      // XState defers every action of the initial step to actor.start(), where the custom ones
      // run first: the built-in effects (emit, timers, cancel) each defer themselves once more.
      if (step.dq !== null) this.runCustom(step.dq, step.dqn);
    } catch (err) {
      throw new MachineRuntimeError(id, m.id, '(initial)', 'xstate.init', err);
    }
    if (step.dq !== null) this.flush(e, step.dq, step.dqn);
    if (e.done) this.cancelAll(e);
    return e;
  }

  deliver(e: CompiledEntity, ev: EventObject): void {
    if (e.done) return;
    const state = e.s;
    const step: Step = { context: e.ctx, event: ev, self: undefined, system: undefined, dq: null, dqn: 0, queue: null, changes: 0, initial: false };
    try {
      const m = e.m;
      // (XState selects no transition for its own `xstate.init`; the simulation never delivers
      // one: `send` refuses XState's event types and timers carry `xstate.after.*`.)
      const leaf = m.leaves[e.s];
      let cands = leaf.on.get(ev.type);
      if (cands === undefined) cands = m.candidatesFor(leaf, ev.type);
      const t = select(cands, step, e.ctx, ev);
      if (t !== null) this.microstep(e, t, ev, step);
      // the eventless loop can only do something with an internal event or an `always` here
      if (step.queue !== null || m.leaves[e.s].always !== null) this.settle(e, ev, step);
    } catch (err) {
      if (err instanceof MachineRuntimeError) throw err;
      throw new MachineRuntimeError(e.id, e.m.id, e.m.leaves[state].id, ev.type, err);
    }
    if (step.dq !== null) this.flush(e, step.dq, step.dqn);
    if (e.done) this.cancelAll(e);
  }

  snapshot(e: CompiledEntity): EntitySnapshot {
    const snap: EntitySnapshot = { value: e.m.leaves[e.s].value, context: e.ctx, status: e.done ? 'done' : 'active' };
    if (e.done) snap.output = e.output;
    return snap;
  }

  /** The eventless loop of XState's macrostep: `always` transitions, then internal events. */
  private settle(e: CompiledEntity, ev: EventObject, step: Step): void {
    let recheck = true;
    let head = 0;
    let n = 0;
    let current = ev;
    while (!e.done) {
      if (++n > MAX_MICROSTEPS) throw new Error(`more than ${MAX_MICROSTEPS} microsteps without settling: check 'always' transitions and raised events`);
      const always = recheck ? e.m.leaves[e.s].always : null;
      const t = always !== null ? select(always, step, e.ctx, current) : null;
      if (t !== null) {
        const before = step.changes;
        this.microstep(e, t, current, step);
        recheck = step.changes !== before;
        continue;
      }
      const queue = step.queue;
      if (queue === null || head >= queue.length) break;
      current = queue[head++];
      const leaf = e.m.leaves[e.s];
      let cands = leaf.on.get(current.type);
      if (cands === undefined) cands = e.m.candidatesFor(leaf, current.type);
      const t2 = select(cands, step, e.ctx, current);
      if (t2 !== null) this.microstep(e, t2, current, step);
      recheck = true;
    }
  }

  private microstep(e: CompiledEntity, t: CompiledTransition, ev: EventObject, step: Step): void {
    const ops = t.ops;
    const args = step;
    args.event = ev;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      args.context = e.ctx;
      const p = op.paramsFn ? (op.params as (a: ActionArgs) => unknown)(args) : op.params;
      switch (op.k) {
        case OpKind.Assign: {
          if (op.fn !== undefined) {
            e.ctx = mergeFor(e, op, op.fn(args, p));
          } else {
            // object form: every value computed from the old context, then merged
            const obj = op.assignObject!;
            const keys = op.assignKeys;
            const patch: Record<string, unknown> = {};
            for (let j = 0; j < keys.length; j++) {
              const v = obj[keys[j]];
              patch[keys[j]] = typeof v === 'function' ? v(args, p) : v;
            }
            e.ctx = mergeFor(e, op, patch);
          }
          step.changes++;
          break;
        }
        case OpKind.Custom:
          // XState runs the initial step's custom actions at actor.start(), after the step
          if (step.initial) defer(step, CUSTOM, op, { context: e.ctx, event: ev, self: undefined, system: undefined }, p);
          else op.fn!(args, p);
          break;
        case OpKind.Raise: {
          const event = typeof op.event === 'function' ? op.event(args, p) : op.event;
          const delay = typeof op.delay === 'function' ? op.delay(args, p) : op.delay;
          if (typeof delay === 'number') defer(step, SCHEDULE, op, event, delay);
          else (step.queue ??= []).push(event);
          break;
        }
        case OpKind.Cancel:
          // a static id has its slot already; a computed one is looked up when the cancel runs
          defer(step, CANCEL, op, typeof op.sendId === 'function' ? op.sendId(args, p) : undefined, undefined);
          break;
        case OpKind.Emit:
          defer(step, EMIT, typeof op.event === 'function' ? op.event(args, p) : op.event, undefined, undefined);
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
            (step.queue ??= []).push({ type: op.doneType!, output: resolveOutput(op.output, e.ctx, ev) } as EventObject);
          }
          break;
        }
      }
    }
    if (t.target >= 0) e.s = t.target;
    if (t.configChanged) step.changes++;
    if (t.done) e.done = true;
  }

  /** The initial step's custom actions, in order (they run before its built-in effects). */
  private runCustom(dq: unknown[], n: number): void {
    for (let i = 0; i < n; i += 4) {
      if (dq[i] === CUSTOM) {
        (dq[i + 1] as Op).fn!(dq[i + 2], dq[i + 3]);
        dq[i] = -1; // done: flush skips it
      }
    }
  }

  /**
   * Runs the deferred effects of one macrostep, in order, as XState's actor.update() does. They
   * may start other macrosteps (a world handler spawning an entity): each has its own Step.
   */
  private flush(e: CompiledEntity, dq: unknown[], n: number): void {
    for (let i = 0; i < n; i += 4) {
      const kind = dq[i] as Deferred | -1;
      if (kind === EMIT) {
        this.host.emitted(e, dq[i + 1] as EventObject);
      } else if (kind === SCHEDULE) {
        this.schedule(e, dq[i + 1] as Op, dq[i + 2] as EventObject, dq[i + 3] as number);
      } else if (kind === CANCEL) {
        const op = dq[i + 1] as Op;
        this.cancel(e, op.slot >= 0 ? op.slot : slotOf(e, dq[i + 2] as string | undefined));
      }
    }
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

function defer(step: Step, kind: Deferred, a: unknown, b: unknown, c: unknown): void {
  let dq = step.dq;
  if (dq === null) dq = step.dq = [kind, a, b, c, 0, undefined, undefined, undefined, 0, undefined, undefined, undefined];
  else {
    const n = step.dqn;
    dq[n] = kind;
    dq[n + 1] = a;
    dq[n + 2] = b;
    dq[n + 3] = c;
  }
  step.dqn += 4;
}

function select(cands: Candidate[], args: ActionArgs, ctx: unknown, ev: EventObject): CompiledTransition | null {
  args.context = ctx;
  args.event = ev;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i];
    if (c.guard === null || c.guard(args)) return c.t;
  }
  return null;
}

/**
 * XState copies a context factory's result (Object.assign({}, result)): a class instance becomes a
 * plain object. A plain object is used as it is: contexts are never mutated (every assign makes a
 * new one), so the copy could not be seen, and it cost 3 % of a truck's instructions (cloning
 * re-boxes every number field).
 */
function ownContext(result: unknown): unknown {
  return result !== null && typeof result === 'object' && Object.getPrototypeOf(result) === Object.prototype ? result : { ...(result as object) };
}

/** Timer slot of a computed send id; -1 for an id no raise of the machine uses. */
function slotOf(e: CompiledEntity, id: string | undefined): number {
  if (id === undefined) return -1;
  return e.m.slots.get(id) ?? -1;
}

function resolveOutput(mapper: unknown, context: unknown, event: EventObject): unknown {
  return typeof mapper === 'function' ? mapper({ context, event, self: undefined }) : mapper;
}
