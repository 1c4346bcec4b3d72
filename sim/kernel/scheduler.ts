/**
 * What kernel components (resources, arrival processes) need from whoever owns the clock:
 * the current time and a way to be called back later. The simulation implements it;
 * tests can implement it with a bare EventQueue.
 *
 * Time is in simulated seconds throughout the project.
 */
export interface Scheduler {
  readonly now: number;
  /**
   * Calls `fn(arg)` after `delay` seconds. Events are ordered by (time, priority, insertion
   * sequence): lower priority numbers run first among events due at the same time.
   */
  schedule<A>(delay: number, fn: (arg: A) => void, arg: A, priority?: number): TimerHandle;
  /** Cancels a scheduled callback; cancelling a fired or cancelled timer does nothing. */
  cancel(timer: TimerHandle): void;
}

/** Opaque handle of a scheduled callback. */
export interface TimerHandle {
  readonly t: number;
  cancelled: boolean;
}

/** Priorities used across the project, so that same-time ordering is one documented table. */
export const Priority = {
  /** Capacity changes (shift starts/ends) happen before anything else due at that instant. */
  calendar: 0,
  /** Machine timers (`after`, delayed raise). */
  timer: 10,
  /** Default for world callbacks such as arrivals. */
  normal: 20,
} as const;
