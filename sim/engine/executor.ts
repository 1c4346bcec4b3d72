import type { AnyStateMachine, EventObject, StateValue } from 'xstate';
import type { EventQueue } from '../kernel/event-queue.js';

/** The two ways of running the same machine; results are identical (differential tests). */
export type EngineKind = 'compiled' | 'xstate';

/** A running machine instance. Executors extend it with their own fields. */
export interface Entity {
  readonly id: string;
}

export interface EntitySnapshot {
  value: StateValue;
  context: unknown;
  status: 'active' | 'done';
  output?: unknown;
}

/** What an executor needs from the simulation that owns it. */
export interface ExecutorHost {
  readonly now: number;
  readonly queue: EventQueue;
  /** An event the machine emitted (XState `emit`): the event stream and the world's inputs. */
  emitted(entity: Entity, event: EventObject): void;
}

export interface Executor<E extends Entity = Entity> {
  readonly kind: EngineKind;
  /** Creates and starts an instance; its initial actions run now. */
  spawn(machine: AnyStateMachine, id: string, input: unknown): E;
  /** Processes one event to completion (one XState macrostep). Events to a finished entity are ignored. */
  deliver(entity: E, event: EventObject): void;
  snapshot(entity: E): EntitySnapshot;
}

/** An error inside a machine's guard or action, located for the person reading it. */
export class MachineRuntimeError extends Error {
  constructor(entityId: string, machineId: string, state: string, eventType: string, cause: unknown) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    super(`${machineId} '${entityId}' in state '${state}' on event '${eventType}': ${msg}`, { cause });
    this.name = 'MachineRuntimeError';
  }
}

/** Timer delays as XState's clock would see them: negative or NaN means "now". */
export function clampDelay(ms: number): number {
  return ms > 0 ? ms : 0;
}
