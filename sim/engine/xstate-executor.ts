/**
 * Runs machines as real XState actors (createActor), for inspection and as the reference the
 * compiled executor is tested against. XState's delayed events go through a clock whose timers
 * are entries in the simulation's event queue, so both executors share one notion of time and
 * one ordering of simultaneous events.
 */
import { createActor, type AnyActorRef, type AnyStateMachine, type EventObject } from 'xstate';
import { Priority } from '../kernel/scheduler.js';
import type { QueueEntry } from '../kernel/event-queue.js';
import { clampDelay, MachineRuntimeError, type Entity, type EntitySnapshot, type Executor, type ExecutorHost } from './executor.js';

export interface ActorEntity extends Entity {
  actor: AnyActorRef;
  machineId: string;
  error: unknown;
  /** an exception thrown by a world handler of an emitted event (XState would swallow it) */
  worldError: unknown;
}

/** A timer fired: XState's callback relays the delayed event to the actor. */
function runTimer(fn: () => void, e: ActorEntity): void {
  fn();
  if (e.error !== undefined) throw new MachineRuntimeError(e.id, e.machineId, JSON.stringify(e.actor.getSnapshot().value), '(timer)', e.error);
  rethrowWorldError(e);
}

function rethrowWorldError(e: ActorEntity): void {
  if (e.worldError !== undefined) {
    const err = e.worldError;
    e.worldError = undefined;
    throw err;
  }
}

export class XStateExecutor implements Executor<ActorEntity> {
  readonly kind = 'xstate' as const;
  constructor(private readonly host: ExecutorHost) {}

  /** One clock per actor, so that a timer knows whose errors to report. */
  private clockFor(e: ActorEntity) {
    const host = this.host;
    return {
      setTimeout: (fn: () => void, ms: number): QueueEntry => host.queue.push(host.now + clampDelay(ms), Priority.timer, runTimer, fn, e),
      clearTimeout: (h: QueueEntry): void => host.queue.cancel(h),
    };
  }

  spawn(machine: AnyStateMachine, id: string, input: unknown): ActorEntity {
    const e: ActorEntity = { id, actor: undefined as unknown as AnyActorRef, machineId: machine.id, error: undefined, worldError: undefined };
    const actor = createActor(machine, { input, id, clock: this.clockFor(e) as never });
    e.actor = actor;
    // XState catches listener errors and rethrows them later from a timer: keep the first one and
    // rethrow it when the step returns, as the compiled executor would
    actor.on('*', (ev: EventObject) => {
      if (e.worldError !== undefined) return;
      try {
        this.host.emitted(e, ev);
      } catch (err) {
        e.worldError = err;
      }
    });
    actor.subscribe({ error: (err: unknown) => (e.error = err) });
    actor.start();
    if (e.error !== undefined) throw new MachineRuntimeError(id, machine.id, '(initial)', 'xstate.init', e.error);
    rethrowWorldError(e);
    return e;
  }

  deliver(e: ActorEntity, ev: EventObject): void {
    const snap = e.actor.getSnapshot();
    if (snap.status !== 'active') return;
    e.actor.send(ev);
    if (e.error !== undefined) throw new MachineRuntimeError(e.id, e.machineId, JSON.stringify(snap.value), ev.type, e.error);
    rethrowWorldError(e);
  }

  snapshot(e: ActorEntity): EntitySnapshot {
    const s = e.actor.getSnapshot();
    const snap: EntitySnapshot = { value: s.value, context: s.context, status: s.status };
    if (s.status === 'done') snap.output = s.output;
    return snap;
  }
}
