/**
 * Compiles an XState v5 machine into flat transition tables for the compiled executor.
 *
 * The compiler walks the machine's state nodes once and, for every leaf state and every
 * transition that can fire there, precomputes what XState computes on each step: the exit set,
 * the entry set (with default entries and initial actions), and the resulting leaf, flattened into
 * one list of operations. At run time a step is a table lookup, guard calls and a loop over
 * operations. The algorithms below are ports of xstate 5.33's (getTransitionDomain,
 * computeExitSet, computeEntrySet, addDescendantStatesToEnter...) restricted to the subset we
 * support; docs/ENGINE.md lists that subset and the differential tests prove the equivalence.
 */
import type { AnyStateMachine, EventObject, StateValue } from 'xstate';

// ---------------------------------------------------------------------------------------------
// XState runtime shapes we read (not part of xstate's public types; checked by tests).

interface XNode {
  key: string;
  id: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  order: number;
  parent?: XNode;
  states: Record<string, XNode>;
  entry: unknown[];
  exit: unknown[];
  invoke: unknown[];
  transitions: Map<string, XTransition[]>;
  always?: XTransition[];
  initial: { target: XNode[]; actions: unknown[] };
  output?: unknown;
  config: Record<string, unknown>;
  machine: AnyStateMachine;
}

interface XTransition {
  target?: XNode[];
  source: XNode;
  reenter: boolean;
  guard?: unknown;
  actions: unknown[];
  eventType: string;
}

type Fn = (...args: any[]) => any;

// ---------------------------------------------------------------------------------------------
// Compiled forms.

export class UnsupportedMachineError extends Error {
  constructor(machineId: string, where: string, what: string) {
    super(`machine '${machineId}' ${where}: ${what} is not supported by the compiled executor (see docs/ENGINE.md)`);
    this.name = 'UnsupportedMachineError';
  }
}

/**
 * Guards and actions receive the argument object `{ context, event }` of the macrostep, shared by
 * every call within it (no allocation per call): implementations must not keep a reference to it.
 */
export interface ActionArgs {
  context: any;
  event: EventObject;
  self: undefined;
  system: undefined;
}
export type Guard = (args: ActionArgs) => boolean;

/** Operation kinds, in the order XState resolves them inside one microstep. */
export const OpKind = {
  Assign: 0,
  Custom: 1,
  Raise: 2,
  Cancel: 3,
  Emit: 4,
  /** push `xstate.done.state.<parent>` to the internal queue (a nested final state was entered) */
  DoneState: 5,
} as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];

/**
 * One operation of a compiled transition. A class, not object literals of varying shapes, so the
 * executor's loop over operations reads every field at one monomorphic site (measured: literals of
 * different shapes made the loop megamorphic and the whole run markedly slower).
 */
export class Op {
  /** assign: the assignment function; custom: the action */
  fn: Fn | undefined = undefined;
  /** assign in object form: values or functions of the old context, and its keys in order */
  assignObject: Record<string, unknown> | undefined = undefined;
  assignKeys: string[] = [];
  /** action params as configured: a value, or a function of ({ context, event }) */
  params: unknown = undefined;
  paramsFn = false;
  /** raise / emit: the event or a function returning it */
  event: EventObject | Fn | undefined = undefined;
  /** raise: delay as a number or a function; undefined = raise at once */
  delay: number | Fn | undefined = undefined;
  /** raise / cancel: the timer id, static or (cancel) a function */
  sendId: string | Fn | undefined = undefined;
  /** slot of a static timer id in the entity's timer table, or -1 */
  slot = -1;
  /** raise with a static event and id: the timer payload, shared by every timer this op schedules */
  payload: { slot: number; event: EventObject } | undefined = undefined;
  /** done state: the event type for the parent, the final state's output mapper */
  doneType: string | undefined = undefined;
  output: unknown = undefined;
  /** done state of a top-level final: the actor completes (its output is computed) */
  top = false;
  finalId: string | undefined = undefined;
  /** assign: the executor's merge specialised for this op's patch keys (null: not made yet; false: cannot be) */
  merger: unknown = null;

  constructor(
    readonly k: OpKind,
    readonly name: string,
    fields: Partial<Omit<Op, 'k' | 'name'>> = {},
  ) {
    Object.assign(this, fields);
  }
}

export interface CompiledTransition {
  ops: Op[];
  /** leaf index after the transition; -1 = targetless, the leaf does not change */
  target: number;
  /** the set of active state nodes changes (drives XState's re-check of `always`) */
  configChanged: boolean;
  /** reaching a top-level final state: the actor is done after these ops */
  done: boolean;
  /** for error messages */
  description: string;
}

export interface Candidate {
  guard: Guard | null;
  t: CompiledTransition;
}

export interface Leaf {
  index: number;
  id: string;
  value: StateValue;
  final: boolean;
  /** exact event type → candidates from leaf to root (exact, then wildcards, at each level) */
  on: Map<string, Candidate[]>;
  /** eventless candidates, leaf to root */
  always: Candidate[] | null;
  /** candidates for event types not listed in `on` (wildcards only), filled on demand */
  other: Map<string, Candidate[]>;
}

export interface CompiledMachine {
  id: string;
  machine: AnyStateMachine;
  leaves: Leaf[];
  /** the initial microstep (root down to the initial leaf), as a transition from "nowhere" */
  initial: CompiledTransition;
  /** `config.context`: an object shared by all actors, or a function of ({ input }) */
  context: unknown;
  /** static timer ids (after-delays and raise ids) → slot index in an entity's timer table */
  slots: Map<string, number>;
  /** machine-level output mapper (root.output) */
  rootOutput: unknown;
  /** used by `other` look-ups to decide on wildcard candidates */
  candidatesFor(leaf: Leaf, eventType: string): Candidate[];
}

const EMPTY: Candidate[] = [];

// ---------------------------------------------------------------------------------------------

const cache = new WeakMap<AnyStateMachine, CompiledMachine>();

/** Compiles once per machine object (machines are immutable; `provide()` makes a new one). */
export function compileMachine(machine: AnyStateMachine): CompiledMachine {
  let c = cache.get(machine);
  if (!c) {
    c = new Compiler(machine).compile();
    cache.set(machine, c);
  }
  return c;
}

class Compiler {
  private readonly root: XNode;
  private readonly mid: string;
  private readonly impl: { actions: Record<string, unknown>; guards: Record<string, unknown>; delays: Record<string, unknown> };
  private readonly leafIndex = new Map<XNode, number>();
  /** state node of each leaf, by leaf index */
  private readonly leafNodes: XNode[] = [];
  private readonly slots = new Map<string, number>();
  private readonly opCache = new Map<unknown, Op>();

  constructor(private readonly machine: AnyStateMachine) {
    this.root = (machine as unknown as { root: XNode }).root;
    this.mid = this.root.id;
    const im = (machine as unknown as { implementations: any }).implementations ?? {};
    this.impl = { actions: im.actions ?? {}, guards: im.guards ?? {}, delays: im.delays ?? {} };
  }

  compile(): CompiledMachine {
    if (Object.keys(this.root.states ?? {}).length === 0) throw new UnsupportedMachineError(this.mid, 'root', 'a machine without states');
    const nodes = this.allNodes();
    for (const n of nodes) this.check(n);
    const leaves: Leaf[] = [];
    for (const n of nodes) {
      if (n.type === 'atomic' || n.type === 'final') {
        this.leafIndex.set(n, leaves.length);
        this.leafNodes.push(n);
        leaves.push({
          index: leaves.length,
          id: n.id,
          value: Object.freeze(stateValueOf(n)) as StateValue,
          final: n.type === 'final',
          on: new Map(),
          always: null,
          other: new Map(),
        });
      }
    }
    // Per leaf: every exact descriptor known on the path to the root gets its candidate list.
    for (const leaf of leaves) {
      const node = this.nodeOfLeaf(leaf);
      const path = [node, ...properAncestors(node, undefined)];
      const types = new Set<string>();
      for (const s of path) for (const d of s.transitions.keys()) if (!isWildcard(d)) types.add(d);
      for (const type of [...types].sort()) leaf.on.set(type, this.candidates(node, path, type));
      const always: Candidate[] = [];
      for (const s of path) for (const t of s.always ?? []) always.push(this.candidate(node, t));
      leaf.always = always.length ? always : null;
    }
    const initialTargets = initialStateNodes(this.root);
    const initial = this.transition(
      [this.root],
      { target: initialTargets, source: this.root, reenter: true, actions: [], eventType: 'xstate.init' },
      true,
    );
    const self = this;
    return {
      id: this.mid,
      machine: this.machine,
      leaves,
      initial,
      context: (this.machine as unknown as { config: { context?: unknown } }).config.context,
      slots: this.slots,
      rootOutput: this.root.output,
      candidatesFor(leaf: Leaf, eventType: string): Candidate[] {
        let c = leaf.on.get(eventType) ?? leaf.other.get(eventType);
        if (c === undefined) {
          const node = self.nodeOfLeaf(leaf);
          c = self.candidates(node, [node, ...properAncestors(node, undefined)], eventType);
          if (c.length === 0) c = EMPTY;
          leaf.other.set(eventType, c);
        }
        return c;
      },
    };
  }

  private nodeOfLeaf(leaf: Leaf): XNode {
    return this.leafNodes[leaf.index];
  }

  private allNodes(): XNode[] {
    const out: XNode[] = [];
    const walk = (n: XNode) => {
      out.push(n);
      for (const k of Object.keys(n.states ?? {})) walk(n.states[k]);
    };
    walk(this.root);
    return out.sort((a, b) => a.order - b.order);
  }

  /** Refuses, loudly, what the executor does not implement. */
  private check(n: XNode): void {
    const where = `state '${n.id}'`;
    if (n.type === 'parallel') throw new UnsupportedMachineError(this.mid, where, 'a parallel state');
    if (n.type === 'history') throw new UnsupportedMachineError(this.mid, where, 'a history state');
    if (n.invoke.length) throw new UnsupportedMachineError(this.mid, where, 'invoke');
    if (n.config.route) throw new UnsupportedMachineError(this.mid, where, 'route');
    for (const [d, ts] of n.transitions) {
      if (d.startsWith('xstate.done.actor.') || d.startsWith('xstate.error.actor.') || d.startsWith('xstate.snapshot.'))
        throw new UnsupportedMachineError(this.mid, where, `the actor event '${d}'`);
      for (const t of ts) {
        if (t.target && t.target.length > 1) throw new UnsupportedMachineError(this.mid, where, 'a transition with several targets');
      }
    }
    // Compile every action and guard now so that a missing implementation fails at load time.
    for (const a of [...n.entry, ...n.exit, ...n.initial.actions]) this.op(a, where);
    for (const ts of n.transitions.values()) for (const t of ts) this.transitionParts(t, where);
    for (const t of n.always ?? []) this.transitionParts(t, where);
  }

  private transitionParts(t: XTransition, where: string): void {
    for (const a of t.actions) this.op(a, `${where} on '${t.eventType}'`);
    if (t.guard !== undefined) this.guard(t.guard, `${where} on '${t.eventType}'`);
  }

  private candidates(leafNode: XNode, path: XNode[], eventType: string): Candidate[] {
    const out: Candidate[] = [];
    for (const s of path) {
      const exact = s.transitions.get(eventType);
      if (exact) for (const t of exact) out.push(this.candidate(leafNode, t));
      const wild = [...s.transitions.keys()]
        .filter((d) => d !== eventType && matchesEventDescriptor(eventType, d))
        .sort((a, b) => b.length - a.length);
      for (const d of wild) for (const t of s.transitions.get(d)!) out.push(this.candidate(leafNode, t));
    }
    return out;
  }

  private candidate(leafNode: XNode, t: XTransition): Candidate {
    const active = [leafNode, ...properAncestors(leafNode, undefined)];
    return {
      guard: t.guard === undefined ? null : this.guard(t.guard, `transition '${t.eventType}' of '${t.source.id}'`),
      t: this.transition(active, t, false),
    };
  }

  /** One microstep's effects, computed statically for a given active configuration. */
  private transition(active: XNode[], t: XTransition, isInitial: boolean): CompiledTransition {
    const where = `transition '${t.eventType}' of '${t.source.id}'`;
    const ops: Op[] = [];
    const config = new Set(active);
    if (!t.target) {
      for (const a of t.actions) ops.push(this.op(a, where));
      return { ops, target: -1, configChanged: false, done: false, description: where };
    }
    if (!isInitial) {
      const exits = computeExitSet(t, config).sort((a, b) => b.order - a.order);
      for (const s of exits) {
        for (const a of s.exit) ops.push(this.op(a, `exit of '${s.id}'`));
        config.delete(s);
      }
    }
    for (const a of t.actions) ops.push(this.op(a, where));
    const toEnter = new Set<XNode>();
    const forDefault = new Set<XNode>();
    computeEntrySet(t, forDefault, toEnter);
    if (isInitial) forDefault.add(this.root);
    let done = false;
    for (const s of [...toEnter].sort((a, b) => a.order - b.order)) {
      config.add(s);
      for (const a of s.entry) ops.push(this.op(a, `entry of '${s.id}'`));
      if (forDefault.has(s)) for (const a of s.initial.actions) ops.push(this.op(a, `initial of '${s.id}'`));
      if (s.type === 'final') {
        const parent = s.parent!;
        const top = !parent.parent; // a top-level final: the actor completes
        ops.push(new Op(OpKind.DoneState, 'done', { doneType: `xstate.done.state.${parent.id}`, output: s.output, top, finalId: s.id }));
        if (top) done = true;
      }
    }
    if (done) {
      // XState then runs the exit actions of every active state, deepest first, root included.
      for (const s of [...config].sort((a, b) => b.order - a.order)) for (const a of s.exit) ops.push(this.op(a, `exit of '${s.id}'`));
    }
    const leaves = [...config].filter((s) => s.type === 'atomic' || s.type === 'final');
    if (leaves.length !== 1) throw new Error(`compiler bug: ${leaves.length} active leaves after ${where}`);
    const changed = config.size !== active.length || active.some((s) => !config.has(s));
    return { ops, target: this.leafIndex.get(leaves[0])!, configChanged: changed || isInitial, done, description: where };
  }

  // -------------------------------------------------------------------------------------------
  // actions

  private op(action: unknown, where: string): Op {
    const cached = this.opCache.get(action);
    if (cached) return cached;
    const op = this.makeOp(action, where);
    if (typeof action === 'function' || (typeof action === 'object' && action !== null)) this.opCache.set(action, op);
    return op;
  }

  private makeOp(action: unknown, where: string): Op {
    let impl: any;
    let name: string;
    let params: unknown = undefined;
    let paramsFn = false;
    if (typeof action === 'function') {
      impl = action;
      name = (action as { type?: string }).type ?? action.name ?? '(inline)';
    } else {
      name = typeof action === 'string' ? action : (action as { type: string }).type;
      impl = this.impl.actions[name];
      if (impl === undefined) throw new UnsupportedMachineError(this.mid, where, `action '${name}' without an implementation`);
      if (typeof action === 'object' && action !== null && 'params' in action) {
        params = (action as { params: unknown }).params;
        paramsFn = typeof params === 'function';
      }
    }
    if (typeof impl !== 'function') throw new UnsupportedMachineError(this.mid, where, `action '${name}' that is not a function`);
    if (!('resolve' in impl)) return new Op(OpKind.Custom, name, { fn: impl, params, paramsFn });
    switch (impl.type) {
      case 'xstate.assign': {
        const a = impl.assignment;
        return typeof a === 'function'
          ? new Op(OpKind.Assign, name, { fn: a, params, paramsFn })
          : new Op(OpKind.Assign, name, { assignObject: a, assignKeys: Object.keys(a), params, paramsFn });
      }
      case 'xstate.raise': {
        if (typeof impl.event === 'string') throw new UnsupportedMachineError(this.mid, where, `raise('${impl.event}') with a string`);
        let delay: number | Fn | undefined = impl.delay;
        if (typeof delay === 'string') {
          const d = this.impl.delays[delay];
          if (d === undefined) throw new UnsupportedMachineError(this.mid, where, `delay '${delay}' without an implementation`);
          delay = d as number | Fn;
        }
        const id: string | undefined = impl.id;
        const slot = id === undefined ? -1 : this.slot(id);
        // id-less timers need a payload of their own (it identifies the timer when it fires)
        const payload = typeof impl.event === 'function' || slot < 0 ? undefined : { slot, event: impl.event as EventObject };
        return new Op(OpKind.Raise, name, { event: impl.event, delay, sendId: id, slot, payload, params, paramsFn });
      }
      case 'xstate.cancel': {
        const id = impl.sendId;
        return new Op(OpKind.Cancel, name, { sendId: id, slot: typeof id === 'string' ? this.slot(id) : -1, params, paramsFn });
      }
      case 'xstate.emit':
        return new Op(OpKind.Emit, name, { event: impl.event, params, paramsFn });
      default:
        throw new UnsupportedMachineError(this.mid, where, `the action '${impl.type ?? name}'`);
    }
  }

  private slot(id: string): number {
    let s = this.slots.get(id);
    if (s === undefined) {
      s = this.slots.size;
      this.slots.set(id, s);
    }
    return s;
  }

  // -------------------------------------------------------------------------------------------
  // guards

  private guard(g: unknown, where: string): Guard {
    if (typeof g === 'function' && !('check' in g)) {
      const f = g as Fn;
      return (args) => f(args, undefined);
    }
    let impl: any = g;
    let params: unknown = undefined;
    let name = '(inline)';
    if (typeof g === 'string' || (typeof g === 'object' && g !== null)) {
      name = typeof g === 'string' ? g : (g as { type: string }).type;
      impl = this.impl.guards[name];
      if (impl === undefined) throw new UnsupportedMachineError(this.mid, where, `guard '${name}' without an implementation`);
      if (typeof g === 'object' && 'params' in (g as object)) params = (g as { params: unknown }).params;
      if (typeof impl !== 'function') return this.guard(impl, where); // a named guard defined as another guard object
    }
    if ('check' in impl) {
      const subs: unknown[] = impl.guards ?? [];
      const compiled = subs.map((s) => this.guard(s, where));
      switch (impl.name) {
        case 'and':
          return (a) => compiled.every((f) => f(a));
        case 'or':
          return (a) => compiled.some((f) => f(a));
        case 'not':
          return (a) => !compiled[0](a);
        default:
          throw new UnsupportedMachineError(this.mid, where, `the guard '${impl.name || name}'`);
      }
    }
    const f = impl as Fn;
    if (typeof params === 'function') {
      const p = params as Fn;
      return (args) => f(args, p(args));
    }
    return (args) => f(args, params);
  }
}

// ---------------------------------------------------------------------------------------------
// Ports of xstate 5.33's statechart algorithms (non-parallel, no history).

function isWildcard(d: string): boolean {
  return d === '*' || d.endsWith('.*');
}

export function matchesEventDescriptor(eventType: string, descriptor: string): boolean {
  if (descriptor === eventType || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const partial = descriptor.split('.');
  const tokens = eventType.split('.');
  for (let i = 0; i < partial.length; i++) {
    if (partial[i] === '*') return i === partial.length - 1;
    if (partial[i] !== tokens[i]) return false;
  }
  return true;
}

function properAncestors(s: XNode, to: XNode | undefined): XNode[] {
  const out: XNode[] = [];
  if (to === s) return out;
  let m = s.parent;
  while (m && m !== to) {
    out.push(m);
    m = m.parent;
  }
  return out;
}

function isDescendant(child: XNode, parent: XNode | undefined): boolean {
  let m = child;
  while (m.parent && m.parent !== parent) m = m.parent;
  return m.parent === parent;
}

function findLeastCommonAncestor(nodes: XNode[]): XNode | undefined {
  const [head, ...tail] = nodes;
  for (const anc of properAncestors(head, undefined)) if (tail.every((n) => isDescendant(n, anc))) return anc;
  return undefined;
}

function transitionDomain(t: XTransition): XNode | undefined {
  const targets = t.target ?? [];
  if (!t.reenter && targets.every((x) => x === t.source || isDescendant(x, t.source))) return t.source;
  const lca = findLeastCommonAncestor(targets.concat(t.source));
  if (lca) return lca;
  if (t.reenter) return undefined;
  return (t.source.machine as unknown as { root: XNode }).root;
}

function computeExitSet(t: XTransition, config: Set<XNode>): XNode[] {
  const out = new Set<XNode>();
  if (t.target?.length) {
    const domain = transitionDomain(t);
    if (t.reenter && t.source === domain) out.add(domain);
    for (const s of config) if (isDescendant(s, domain)) out.add(s);
  }
  return [...out];
}

function computeEntrySet(t: XTransition, forDefault: Set<XNode>, toEnter: Set<XNode>): void {
  const domain = transitionDomain(t);
  for (const s of t.target ?? []) {
    if (t.source !== s || t.source !== domain || t.reenter) {
      toEnter.add(s);
      forDefault.add(s);
    }
    addDescendantStatesToEnter(s, forDefault, toEnter);
  }
  for (const s of t.target ?? []) {
    const ancestors = properAncestors(s, domain);
    const reentrancyDomain = !t.source.parent && t.reenter ? undefined : domain;
    for (const anc of ancestors) if (!reentrancyDomain || isDescendant(anc, reentrancyDomain)) toEnter.add(anc);
  }
}

function addDescendantStatesToEnter(s: XNode, forDefault: Set<XNode>, toEnter: Set<XNode>): void {
  if (s.type === 'compound') {
    const [initial] = s.initial.target;
    toEnter.add(initial);
    forDefault.add(initial);
    addDescendantStatesToEnter(initial, forDefault, toEnter);
    for (const anc of properAncestors(initial, s)) toEnter.add(anc);
  }
}

function initialStateNodes(root: XNode): XNode[] {
  const out: XNode[] = [];
  let n: XNode | undefined = root;
  while (n) {
    out.push(n);
    n = n.type === 'compound' ? n.initial.target[0] : undefined;
  }
  return out;
}

function stateValueOf(leaf: XNode): StateValue {
  // XState's value: the leaf's key, wrapped in one object per compound ancestor below the root.
  let v: StateValue = leaf.key;
  for (let n = leaf.parent; n && n.parent; n = n.parent) v = { [n.key]: v };
  return v;
}
