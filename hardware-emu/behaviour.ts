/**
 * Device behaviours: pure functions (passage, params, rng) → frames a device would send, with
 * seeded timing, noise and misreads. Time is simulated seconds; wall-clock strings inside frames
 * come from a configured epoch plus those seconds, never from the host clock.
 */

/** One frame a device emits at simulated time `at` (seconds), in codec `format`. */
export interface TimedFrame<T> {
  at: number;
  device: string;
  format: string;
  frame: T;
}

/** A truck passing a gate lane: what the devices there can observe. */
export interface Passage {
  at: number;
  lane: string;
  plate: string;
  /** EPC hex of the electronic plate */
  ePlate?: string;
  containerNumber?: string;
  sizeType?: string;
  grossKg: number;
  tareKg: number;
  seal?: string;
}

/** default epoch of simulated second 0: 2026-01-01T00:00:00Z */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1);

/** ISO 8601 UTC with milliseconds for simulated second `at`. */
export function isoUtc(epochMs: number, at: number): string {
  return new Date(epochMs + Math.round(at * 1000)).toISOString();
}

/** ISO 8601 local time with a fixed offset (whole seconds, as cameras print it), e.g. +08:00. */
export function isoWithOffset(epochMs: number, at: number, offsetHours: number): string {
  const local = new Date(epochMs + Math.floor(at) * 1000 + offsetHours * 3_600_000).toISOString().slice(0, 19);
  const h = Math.abs(offsetHours);
  return `${local}${offsetHours < 0 ? '-' : '+'}${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;
}

/** Rounds to `d` decimals (frames carry tidy numbers, and JSON round trips keep them). */
export const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/** Clamps x into [lo, hi]. */
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
