/**
 * Fault layer over an encoded frame stream: drops, corrupts (one byte flipped), duplicates,
 * stuck (the previous frame of the same device repeated instead of the new one), extra latency,
 * offline windows and clock skew, all seeded. Every input frame gets exactly one outcome, so a
 * consumer can check that every frame is accounted for.
 */
import type { Rng } from '../sim/kernel/rng.js';
import type { Sampler } from '../sim/kernel/distributions.js';
import type { TimedFrame } from './behaviour.js';

export interface FaultParams {
  drop?: number;
  corrupt?: number;
  duplicate?: number;
  stuck?: number;
  /** extra latency in s (a sampler, e.g. from `sampler(spec)`); none by default */
  delayS?: Sampler;
  /** link down: frames that would arrive in [from, to) are lost */
  offline?: readonly { from: number; to: number }[];
  /** device clock offset added to `at` (timestamps inside frames are not rewritten) */
  clockSkewS?: number;
}

export type Outcome = 'delivered' | 'dropped' | 'corrupted' | 'duplicated' | 'stuck' | 'offline';

export interface FaultAccounting {
  input: number;
  /** frames handed on (duplicates count twice) */
  sent: number;
  counts: Record<Outcome, number>;
  /** outcome of input frame i */
  outcomes: Outcome[];
}

export interface FaultResult {
  frames: TimedFrame<Uint8Array>[];
  accounting: FaultAccounting;
}

export function applyFaults(input: readonly TimedFrame<Uint8Array>[], params: FaultParams, rng: Rng): FaultResult {
  const { drop = 0, corrupt = 0, duplicate = 0, stuck = 0, delayS, offline = [], clockSkewS = 0 } = params;
  const counts: Record<Outcome, number> = { delivered: 0, dropped: 0, corrupted: 0, duplicated: 0, stuck: 0, offline: 0 };
  const outcomes: Outcome[] = [];
  const sent: TimedFrame<Uint8Array>[] = [];
  const last = new Map<string, Uint8Array>();
  for (const f of input) {
    // the same draws for every frame, so one frame's outcome never shifts another's numbers
    const [uDrop, uStuck, uCorrupt, uDup] = [rng.next(), rng.next(), rng.next(), rng.next()];
    const arrival = f.at + (delayS ? Math.max(0, delayS(rng)) : 0);
    const prev = last.get(f.device);
    let outcome: Outcome;
    let bytes = f.frame;
    if (offline.some((w) => arrival >= w.from && arrival < w.to)) outcome = 'offline';
    else if (uDrop < drop) outcome = 'dropped';
    else if (prev !== undefined && uStuck < stuck) [outcome, bytes] = ['stuck', prev];
    else if (f.frame.length > 0 && uCorrupt < corrupt) {
      outcome = 'corrupted';
      bytes = Uint8Array.from(f.frame);
      bytes[rng.int(bytes.length)] ^= 1 + rng.int(255); // nonzero mask: the byte really changes
    } else outcome = uDup < duplicate ? 'duplicated' : 'delivered';
    // a stuck device keeps sending what it last sent; a genuine new frame replaces it
    if (outcome === 'delivered' || outcome === 'duplicated' || outcome === 'corrupted') last.set(f.device, f.frame);
    counts[outcome]++;
    outcomes.push(outcome);
    if (outcome === 'dropped' || outcome === 'offline') continue;
    const out = { ...f, at: arrival + clockSkewS, frame: bytes };
    sent.push(out);
    if (outcome === 'duplicated') sent.push({ ...out });
  }
  // the link delivers in arrival order; sort is stable, so equal times keep input order
  sent.sort((a, b) => a.at - b.at);
  return { frames: sent, accounting: { input: input.length, sent: sent.length, counts, outcomes } };
}

/** True when the outcome counts add up to the input and the sent count matches them. */
export function accountedFor(a: FaultAccounting): boolean {
  const c = a.counts;
  const total = c.delivered + c.dropped + c.corrupted + c.duplicated + c.stuck + c.offline;
  return total === a.input && a.outcomes.length === a.input && a.sent === a.input - c.dropped - c.offline + c.duplicated;
}
