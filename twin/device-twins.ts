/**
 * Devices as twins: for every device the twin knows, what it last reported (reading, when, health)
 * and, for devices that take commands (the lane barriers), what the twin wants of it and whether
 * the device has acknowledged that. Staleness is judged at a given time, never stored: a device is
 * stale when it has said nothing for `staleAfterS`, and shows so in every view of it.
 */
import type { BarrierState, BarrierStatus } from '../hardware-emu/barrier/barrier.js';

export interface DeviceSpec { lane: string; device: string; format: string }

export interface Desired {
  /** the boom, as the twin wants it */
  barrier: 'open' | 'closed';
  display: string;
  /** the last command's sequence number (the barrier refuses anything not above its last) */
  seq: number;
  /** twin time (s) the desired state was set */
  since: number;
}

export interface Reported {
  /** a few fields of the last decoded frame */
  reading: Record<string, string | number | boolean>;
  /** twin time (s) of the last frame */
  at: number;
}

/** What is kept of the last frame: the decoded value, summarised only when someone looks. */
interface LastFrame { value: unknown; at: number }

export interface DeviceTwin extends DeviceSpec {
  frames: number;
  duplicates: number;
  /** frames that did not decode or failed checks (counted against the device, not logged) */
  rejected: number;
  last: LastFrame | null;
  /** barriers only */
  desired: Desired | null;
  /** barriers only: the boom as last reported */
  barrier: { state: BarrierState; position: number; display: string; lastSeq: number; loop: boolean; lastReply: string } | null;
}

export interface DeviceView extends Omit<DeviceTwin, 'last'> {
  reported: Reported | null;
  stale: boolean;
  /** seconds since the last frame (null: never heard from) */
  silent_s: number | null;
  /** barriers: the boom and display are as desired and the last command was acknowledged */
  in_sync: boolean | null;
}

/** Up to 12 scalar fields of a decoded frame, depth-first, nested names dotted; strings cut at 64 characters. */
export function readingOf(value: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  let n = 0;
  const walk = (v: unknown, path: string, depth: number): void => {
    if (n >= 12 || v === null || v === undefined || v instanceof Uint8Array || Array.isArray(v)) return;
    if (typeof v === 'object') {
      if (depth >= 3) return;
      for (const k of Object.keys(v as object)) walk((v as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`, depth + 1);
      return;
    }
    if (typeof v === 'string') (out[path] = v.length > 64 ? v.slice(0, 64) : v), n++;
    else if (typeof v === 'number' || typeof v === 'boolean') (out[path] = v), n++;
  };
  walk(value, '', 0);
  return out;
}

export const isBarrier = (d: DeviceSpec): boolean => d.format === 'barrier-status';

/** The last frame, summarised for reading. */
export const reportedOf = (d: DeviceTwin): Reported | null => (d.last === null ? null : { reading: readingOf(d.last.value), at: d.last.at });

export class DeviceTwins {
  private readonly byName = new Map<string, DeviceTwin>();

  constructor(readonly staleAfterS: number) {}

  register(spec: DeviceSpec): DeviceTwin {
    const known = this.byName.get(spec.device);
    if (known !== undefined) return known;
    const d: DeviceTwin = { ...spec, frames: 0, duplicates: 0, rejected: 0, last: null, desired: null, barrier: null };
    this.byName.set(spec.device, d);
    return d;
  }

  get(device: string): DeviceTwin | undefined {
    return this.byName.get(device);
  }

  /** A decoded frame from `device` at twin time `t`. */
  reported(device: DeviceTwin, value: unknown, t: number): void {
    device.frames++;
    device.last = { value, at: t };
    if (isBarrier(device)) {
      const s = value as BarrierStatus;
      device.barrier = { state: s.state, position: s.position, display: s.display, lastSeq: s.lastSeq, loop: s.loop, // a plain status report answers no command: the last answer stands
        lastReply: s.reply === undefined ? (device.barrier?.lastReply ?? '') : s.reply.ack ? `ack ${s.reply.seq}` : `refused ${s.reply.seq}: ${s.reply.reason}` };
    }
  }

  view(d: DeviceTwin, now: number): DeviceView {
    const silent = d.last === null ? null : Math.max(0, now - d.last.at);
    const stale = silent === null ? false : silent > this.staleAfterS;
    let inSync: boolean | null = null;
    if (d.desired !== null) {
      const b = d.barrier;
      const boom = b === null ? null : b.state === 'open' || b.state === 'opening' ? 'open' : 'closed';
      inSync = b !== null && b.lastSeq >= d.desired.seq && boom === d.desired.barrier && b.display === d.desired.display;
    }
    const { last: _, ...rest } = d;
    return { ...rest, reported: reportedOf(d), stale, silent_s: silent === null ? null : Math.round(silent * 1000) / 1000, in_sync: inSync };
  }

  all(): DeviceTwin[] {
    return [...this.byName.values()].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  }
}
