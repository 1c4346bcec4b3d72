/**
 * Weighbridge indicator behaviour: the continuous stream while a truck drives on and settles.
 * A frame every 1/rateHz s: `motion` while the load ramps up (lognormal ramp time) and the deck
 * oscillates (damped sine), then `stableS` of stable frames around gross weight with Gaussian
 * noise (sdKg) plus a slow zero drift (random walk, driftKgPerSqrtS), rounded to the division.
 */
import type { Rng } from '../../sim/kernel/rng.js';
import { lognormal, normal, uniform } from '../../sim/kernel/distributions.js';
import { round, type Passage, type TimedFrame } from '../behaviour.js';
import type { MettlerToledoFrame } from './mettler-toledo.js';
import type { Xk3190Frame } from './xk3190.js';

export interface WeighbridgeParams {
  device?: string;
  format?: 'mettler-toledo' | 'xk3190';
  /** mettler-toledo only: append the optional checksum byte */
  checksum?: boolean;
  rateHz?: number;
  rampMeanS?: number;
  settleS?: number;
  stableS?: number;
  sdKg?: number;
  driftKgPerSqrtS?: number;
  /** display division in kg */
  divisionKg?: number;
}

export type WeighbridgeFrame = TimedFrame<MettlerToledoFrame> | TimedFrame<Xk3190Frame>;

export function weighbridgeBehaviour(p: Passage, params: WeighbridgeParams, rng: Rng): WeighbridgeFrame[] {
  const { device = `${p.lane}-scale`, format = 'mettler-toledo', checksum = true, rateHz = 10, rampMeanS = 4, settleS = 3 } = params;
  const { stableS = 5, sdKg = 10, driftKgPerSqrtS = 1, divisionKg = 10 } = params;
  const dt = 1 / rateHz;
  const ramp = lognormal(rng, rampMeanS, rampMeanS / 4);
  // deck bounce as the last axle lands, decayed to ~0.25 % of itself when motion ends
  const amp = uniform(rng, 0.005, 0.02) * p.grossKg;
  const freq = uniform(rng, 0.8, 1.5);
  const motionEnd = ramp + settleS;
  const n = Math.ceil((motionEnd + stableS) * rateHz);
  const out: WeighbridgeFrame[] = [];
  let zero = 0;
  for (let i = 0; i < n; i++) {
    const t = i * dt;
    zero += normal(rng, 0, driftKgPerSqrtS * Math.sqrt(dt));
    const motion = t < motionEnd;
    const load = t < ramp ? p.grossKg * (t / ramp) : p.grossKg + amp * Math.exp(-(t - ramp) / (settleS / 6)) * Math.sin(2 * Math.PI * freq * (t - ramp));
    const w = Math.round((load + zero + normal(rng, 0, sdKg)) / divisionKg) * divisionKg;
    const at = round(p.at + t, 3);
    const weight = Math.min(Math.abs(w), 999_999);
    if (format === 'xk3190') out.push({ at, device, format, frame: { weight, decimals: 0, negative: w < 0 } });
    else out.push({ at, device, format, frame: mettlerFrame(w, motion, false, checksum) });
  }
  return out;
}

/** A Mettler Toledo frame in kg, whole units, showing gross weight `w` (sign from w). */
function mettlerFrame(w: number, motion: boolean, printRequest: boolean, checksum: boolean): MettlerToledoFrame {
  return {
    weight: Math.min(Math.abs(w), 999_999), tare: 0, net: false, negative: w < 0, motion, overCapacity: false, unit: 'kg', decimals: 0,
    increment: 1, powerUpNotZeroed: false, printRequest, expanded: false, checksum,
  };
}

/**
 * The indicator in demand mode: the one frame, print-request bit set, that it sends once the load
 * is stable; the reading a gate front-end latches for the truck (the simulation's smart lanes read
 * this). Same parameters as the continuous stream; the zero drift accumulated while the truck
 * settled is the random walk's sum, so one normal draw instead of one per frame. `weight` is the
 * signed displayed weight, kg.
 */
export function weighbridgeStableWeight(p: Passage, params: WeighbridgeParams, rng: Rng): { at: number; weight: number } {
  const { rampMeanS = 4, settleS = 3, sdKg = 10, driftKgPerSqrtS = 1, divisionKg = 10 } = params;
  const motionEnd = lognormal(rng, rampMeanS, rampMeanS / 4) + settleS;
  const zero = normal(rng, 0, driftKgPerSqrtS * Math.sqrt(motionEnd));
  const weight = Math.round((p.grossKg + zero + normal(rng, 0, sdKg)) / divisionKg) * divisionKg;
  return { at: round(p.at + motionEnd, 3), weight };
}

/** The demand-mode frame for a stable weight (no random draws). */
export function weighbridgeStableFrame(p: Passage, r: { at: number; weight: number }, params: WeighbridgeParams): TimedFrame<MettlerToledoFrame> {
  const { device = `${p.lane}-scale`, checksum = true } = params;
  return { at: r.at, device, format: 'mettler-toledo', frame: mettlerFrame(r.weight, false, true, checksum) };
}
