/**
 * Radiation portal monitor behaviour: one N42 occupancy per truck. The occupancy lasts `occupancyS`, cut in
 * `sliceS` slices; each slice's gamma and neutron gross counts are Poisson with mean background·sliceS plus a
 * bell-shaped (Gaussian in time) contribution as the cargo passes the panels: NORM cargo (ceramics,
 * fertiliser) adds gamma only, a 'gamma' source adds strong gamma, a 'neutron' source adds neutrons.
 *
 * Alarm rule per channel: counts summed over tumbling windows of `windowSlices` slices; alarm when a window
 * exceeds B + k·√B, B the window's background mean. k comes from the configured per-passage false-alarm
 * rate `falseAlarmRate` (both channels together), exactly, under Poisson background:
 *   - windows tumble, so the M = floor(slices / windowSlices) windows are independent and
 *     P(no alarm in a channel) = F(T)^M, F the Poisson(B) CDF and T the integer threshold;
 *   - the neutron channel (low background, coarse Poisson steps) takes the smallest T with
 *     1 − F(T)^M ≤ rate/2; the gamma channel then gets what is left, 1 − (1 − rate)/(1 − neutron rate),
 *     so the total is as close to `rate` as gamma's fine steps allow (never above it);
 *   - k = (T − B)/√B is reported, and `alarmThresholds` gives the attained rate.
 */
import type { Rng } from '../../sim/kernel/rng.js';
import { uniform } from '../../sim/kernel/distributions.js';
import { DEFAULT_EPOCH_MS, isoUtc, round, type TimedFrame } from '../behaviour.js';
import type { N42Alarm, N42Frame, N42Slice } from './n42.js';

export interface PortalPassage {
  at: number;
  lane: string;
  /** norm: naturally radioactive cargo; source: an illicit/orphan source in the load */
  cargo: { norm: boolean; source?: 'gamma' | 'neutron' };
}

export interface PortalParams {
  device?: string;
  occupancyS?: number;
  sliceS?: number;
  windowSlices?: number;
  gammaBackgroundCps?: number;
  neutronBackgroundCps?: number;
  /** peak extra count rates (cps) at the cargo's closest approach; each passage scales them by U(0.5, 1.5) */
  normGammaCps?: number;
  sourceGammaCps?: number;
  sourceNeutronCps?: number;
  /** bell width (sd, s) of a point in the cargo passing the panels */
  bellSdS?: number;
  falseAlarmRate?: number;
  epochMs?: number;
}

const DEFAULTS = {
  occupancyS: 8, sliceS: 0.2, windowSlices: 5, gammaBackgroundCps: 2000, neutronBackgroundCps: 5,
  normGammaCps: 200, sourceGammaCps: 6000, sourceNeutronCps: 60, bellSdS: 0.8, falseAlarmRate: 0.01,
} as const;

export interface ChannelThreshold { backgroundPerWindow: number; threshold: number; k: number; passageFalseAlarmRate: number }
export interface AlarmThresholds { windows: number; gamma: ChannelThreshold; neutron: ChannelThreshold; passageFalseAlarmRate: number }

/** Smallest integer T with 1 − F(T)^m ≤ target for X ~ Poisson(mean); the CDF summed in log space (means up to ~1e5). */
function poissonThreshold(mean: number, m: number, target: number): ChannelThreshold {
  // per-window no-alarm probability needed: F(T) ≥ (1 − target)^(1/m)
  const need = Math.exp(Math.log1p(-target) / m);
  let logP = -mean, cdf = Math.exp(logP), T = 0;
  // exp(-mean) may underflow to 0 for large means; the log-space term recovers as T nears the mean
  while (cdf < need && T < mean * 10 + 1000) { T++; logP += Math.log(mean / T); cdf += Math.exp(logP); }
  const rate = 1 - Math.min(1, cdf) ** m;
  return { backgroundPerWindow: mean, threshold: T, k: (T - mean) / Math.sqrt(mean), passageFalseAlarmRate: rate };
}

/** The alarm thresholds `portalPassage` uses for these params (the k computation documented at the top). */
export function alarmThresholds(params: PortalParams = {}): AlarmThresholds {
  const p = { ...DEFAULTS, ...params };
  const windows = Math.floor(Math.round(p.occupancyS / p.sliceS) / p.windowSlices);
  const w = p.windowSlices * p.sliceS;
  const neutron = poissonThreshold(p.neutronBackgroundCps * w, windows, p.falseAlarmRate / 2);
  const gamma = poissonThreshold(p.gammaBackgroundCps * w, windows, 1 - (1 - p.falseAlarmRate) / (1 - neutron.passageFalseAlarmRate));
  return { windows, gamma, neutron, passageFalseAlarmRate: 1 - (1 - gamma.passageFalseAlarmRate) * (1 - neutron.passageFalseAlarmRate) };
}

/** Poisson draw: inversion for small means, PTRS transformed rejection (Hörmann 1993) above 10. */
export function poisson(rng: Rng, mean: number): number {
  if (mean < 10) {
    let k = 0, p = Math.exp(-mean), F = p;
    const u = rng.next();
    while (u > F && k < 1000) { k++; p *= mean / k; F += p; }
    return k;
  }
  const slam = Math.sqrt(mean), loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b, invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5, v = rng.next(), us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
  }
}

/** log k! via Stirling's series (exact table below 10). */
function logFactorial(k: number): number {
  if (k < 10) { let s = 0; for (let i = 2; i <= k; i++) s += Math.log(i); return s; }
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

export function portalPassage(pass: PortalPassage, params: PortalParams, rng: Rng): TimedFrame<N42Frame>[] {
  const p = { ...DEFAULTS, ...params };
  const device = params.device ?? `${pass.lane}-rpm`, epochMs = params.epochMs ?? DEFAULT_EPOCH_MS;
  const th = alarmThresholds(params);
  const n = Math.round(p.occupancyS / p.sliceS);
  // the load's centre passes the panels somewhere in the middle half of the occupancy (truck speed varies)
  const centre = uniform(rng, 0.25, 0.75) * p.occupancyS;
  const scale = uniform(rng, 0.5, 1.5);
  const extraG = scale * ((pass.cargo.norm ? p.normGammaCps : 0) + (pass.cargo.source === 'gamma' ? p.sourceGammaCps : 0));
  const extraN = scale * (pass.cargo.source === 'neutron' ? p.sourceNeutronCps : 0);
  const slices: N42Slice[] = [];
  for (let i = 0; i < n; i++) {
    const mid = (i + 0.5) * p.sliceS;
    const bell = Math.exp(-0.5 * ((mid - centre) / p.bellSdS) ** 2);
    slices.push({
      start: isoUtc(epochMs, round(pass.at + i * p.sliceS, 3)), durationS: p.sliceS,
      gamma: poisson(rng, (p.gammaBackgroundCps + extraG * bell) * p.sliceS),
      neutron: poisson(rng, (p.neutronBackgroundCps + extraN * bell) * p.sliceS),
    });
  }
  const alarms: N42Alarm[] = [];
  for (const kind of ['gamma', 'neutron'] as const) {
    const c = th[kind];
    for (let w = 0; w < th.windows; w++) {
      const sum = slices.slice(w * p.windowSlices, (w + 1) * p.windowSlices).reduce((s, x) => s + x[kind], 0);
      if (sum <= c.threshold) continue;
      alarms.push({ kind, description: `window ${w + 1}: ${sum} counts above threshold ${c.threshold} (background ${round(c.backgroundPerWindow, 1)}, k ${round(c.k, 2)})` });
      break; // one alarm per channel per occupancy, on the first window over
    }
  }
  const frame: N42Frame = { instrument: { manufacturer: 'CTWIN', model: 'RPM-EMU', identifier: device }, measurements: slices, alarms };
  return [{ at: round(pass.at + p.occupancyS, 3), device, format: 'n42', frame }];
}
