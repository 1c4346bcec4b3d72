/**
 * Screener scores after signal detection theory, as Threat Image Projection reports and X-Ray
 * Tutor use them: hits, misses, false alarms and correct rejections; hit and false-alarm rates;
 * d′ = z(H) − z(FA) with the log-linear correction (Hautus 1995: add 0.5 to the hits and false
 * alarms and 1 to the signal and noise trials, so H = 1 or FA = 0 stay finite and small samples
 * are not biased upwards); A′ after Grier (1971), in the symmetric form for H < FA (Stanislaw &
 * Todorov 1999, eq. 5), from the raw rates; mean and 90th-percentile decision time.
 */
import { createRequire } from 'node:module';
import type { Scores } from './api-types.js';

const require = createRequire(import.meta.url);
// the standard normal quantile (probit), loaded on first use
let quantile: ((p: number, mu: number, sigma: number) => number) | undefined;
export const probit = (p: number): number => (quantile ??= require('@stdlib/stats-base-dists-normal-quantile') as typeof quantile & {})(p, 0, 1);

/** One decided trial: was it a signal, did the officer say yes, how long did it take (s; null when unknown). */
export interface Trial {
  signal: boolean;
  yes: boolean;
  decisionS: number | null;
}

/** d′ from counts, log-linear corrected; null without both a signal and a noise trial. */
export function dPrime(hits: number, signals: number, falseAlarms: number, noises: number): number | null {
  if (signals === 0 || noises === 0) return null;
  return probit((hits + 0.5) / (signals + 1)) - probit((falseAlarms + 0.5) / (noises + 1));
}

/** A′ from raw rates; 0.5 (chance) where the formula's denominator vanishes (H = FA = 0 or 1). */
export function aPrime(h: number, fa: number): number {
  if (h >= fa) {
    const den = 4 * h * (1 - fa);
    return den === 0 ? 0.5 : 0.5 + ((h - fa) * (1 + h - fa)) / den;
  }
  const den = 4 * fa * (1 - h);
  return den === 0 ? 0.5 : 0.5 - ((fa - h) * (1 + fa - h)) / den;
}

/** Nearest-rank percentile (the smallest value with at least q of the values at or below it); null when empty. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export function score(trials: readonly Trial[]): Scores {
  let hits = 0, misses = 0, fas = 0, crs = 0, sumS = 0;
  const times: number[] = [];
  for (const t of trials) {
    if (t.signal) t.yes ? hits++ : misses++;
    else t.yes ? fas++ : crs++;
    if (t.decisionS !== null) (sumS += t.decisionS), times.push(t.decisionS);
  }
  const signals = hits + misses, noises = fas + crs;
  const h = signals > 0 ? hits / signals : null;
  const fa = noises > 0 ? fas / noises : null;
  return {
    n: trials.length,
    signals,
    noises,
    hits,
    misses,
    false_alarms: fas,
    correct_rejections: crs,
    hit_rate: h,
    false_alarm_rate: fa,
    d_prime: dPrime(hits, signals, fas, noises),
    a_prime: h !== null && fa !== null ? aPrime(h, fa) : null,
    mean_decision_s: times.length > 0 ? sumS / times.length : null,
    p90_decision_s: percentile(times, 0.9),
  };
}
