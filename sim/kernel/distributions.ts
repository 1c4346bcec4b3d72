import type { DistSpec } from './distribution-spec.js';
import type { RandomSource } from './rng.js';

/**
 * Random variates from uniform draws. Every function takes the stream first, so the caller's
 * stream name decides which numbers are used (common random numbers).
 *
 * Draw counts: exponential, uniform, triangular and empirical use exactly one uniform, normal and
 * lognormal two (one-output Box–Muller, no cached spare: a cache would be hidden state outside the
 * stream's snapshot), erlang exactly k; only gamma's rejection loop and a truncated normal's
 * resampling use a variable number.
 *
 * Parameters are checked once in `sampler()` and on every call of the direct functions; a bad
 * value throws RangeError naming the distribution, the parameter and the value.
 */

export type Sampler = (rng: RandomSource) => number;

const TWO_PI = 2 * Math.PI;

// ---- parameter checks ---------------------------------------------------------------------

function finite(dist: string, name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`${dist}: ${name} must be a finite number, got ${String(v)}`);
  }
}
function positive(dist: string, name: string, v: number): void {
  finite(dist, name, v);
  if (!(v > 0)) throw new RangeError(`${dist}: ${name} must be > 0, got ${v}`);
}
function nonNegative(dist: string, name: string, v: number): void {
  finite(dist, name, v);
  if (!(v >= 0)) throw new RangeError(`${dist}: ${name} must be >= 0, got ${v}`);
}
function ordered(dist: string, lo: string, a: number, hi: string, b: number): void {
  if (!(a <= b)) throw new RangeError(`${dist}: ${lo} must be <= ${hi}, got ${lo}=${a} > ${hi}=${b}`);
}

// ---- direct samplers ----------------------------------------------------------------------

export function constant(_rng: RandomSource, value: number): number {
  return value;
}

/** Exponential with the given mean. -log(1-u): u ∈ [0,1) so the argument is never 0. */
export function exponential(rng: RandomSource, mean: number): number {
  if (!(mean > 0 && mean < Infinity)) positive('exponential', 'mean', mean);
  return -mean * Math.log(1 - rng.next());
}

export function uniform(rng: RandomSource, min: number, max: number): number {
  checkUniform(min, max);
  return clamp(min + (max - min) * rng.next(), min, max);
}

/** Keeps a value inside its support: rounding can step one ulp outside (the exact value is inside). */
function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
function checkUniform(min: number, max: number): void {
  finite('uniform', 'min', min);
  finite('uniform', 'max', max);
  ordered('uniform', 'min', min, 'max', max);
}

/** Triangular by inverting its CDF (one draw). */
export function triangular(rng: RandomSource, min: number, mode: number, max: number): number {
  checkTriangular(min, mode, max);
  return triangularCore(rng.next(), min, mode, max);
}
function checkTriangular(min: number, mode: number, max: number): void {
  finite('triangular', 'min', min);
  finite('triangular', 'mode', mode);
  finite('triangular', 'max', max);
  ordered('triangular', 'min', min, 'mode', mode);
  ordered('triangular', 'mode', mode, 'max', max);
}
function triangularCore(u: number, min: number, mode: number, max: number): number {
  const w = max - min;
  if (w === 0) return min;
  const f = (mode - min) / w;
  return clamp(u < f ? min + Math.sqrt(u * w * (mode - min)) : max - Math.sqrt((1 - u) * w * (max - mode)), min, max);
}

/** Standard normal by one-output Box–Muller: always exactly two draws. */
export function standardNormal(rng: RandomSource): number {
  const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
  return r * Math.cos(TWO_PI * rng.next());
}

/**
 * Normal(mean, sd), optionally truncated below at `min` by resampling (used for positive times).
 * Truncation further than 3 sd above the mean is refused: resampling would take > 700 tries per
 * variate, and such a spec is almost certainly a unit mistake.
 */
export function normal(rng: RandomSource, mean: number, sd: number, min?: number): number {
  checkNormal(mean, sd, min);
  return normalCore(rng, mean, sd, min ?? -Infinity);
}
function checkNormal(mean: number, sd: number, min: number | undefined): void {
  finite('normal', 'mean', mean);
  nonNegative('normal', 'sd', sd);
  if (min === undefined) return;
  finite('normal', 'min', min);
  if (sd === 0 ? min > mean : (min - mean) / sd > 3) {
    throw new RangeError(`normal: min must be at most mean + 3 sd (${mean + 3 * sd}), got ${min}`);
  }
}
function normalCore(rng: RandomSource, mean: number, sd: number, min: number): number {
  let x: number;
  do x = mean + sd * standardNormal(rng);
  while (x < min);
  return x;
}

/** Parameters of the underlying normal for a lognormal with the given mean and sd. */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  positive('lognormal', 'mean', mean);
  nonNegative('lognormal', 'sd', sd);
  const s2 = Math.log1p((sd / mean) * (sd / mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** Lognormal whose own mean and sd are given (not those of its logarithm). */
export function lognormal(rng: RandomSource, mean: number, sd: number): number {
  const { mu, sigma } = lognormalParams(mean, sd);
  return Math.exp(mu + sigma * standardNormal(rng));
}

/**
 * Poisson(mean): counts of events in a period. Small means by multiplying uniforms (Knuth); above
 * 30, the normal approximation rounded, which is within a fraction of a unit of the true
 * quantiles there and takes exactly two draws.
 */
export function poisson(rng: RandomSource, mean: number): number {
  nonNegative('poisson', 'mean', mean);
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * standardNormal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/**
 * Gamma(shape, scale) by Marsaglia & Tsang (2000). For shape < 1 it samples Gamma(shape + 1) and
 * multiplies by U^(1/shape) (their "boost"), which keeps the fast squeeze for every shape.
 */
export function gamma(rng: RandomSource, shape: number, scale: number): number {
  positive('gamma', 'shape', shape);
  positive('gamma', 'scale', scale);
  return gammaSampler(shape, scale)(rng);
}
function gammaSampler(shape: number, scale: number): Sampler {
  const boost = shape < 1;
  const d = (boost ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  return (rng) => {
    let x: number;
    for (;;) {
      const z = standardNormal(rng);
      let v = 1 + c * z;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng.next();
      const z2 = z * z;
      if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) {
        x = d * v;
        break;
      }
    }
    // 1-u ∈ (0,1]: the power is never 0^(1/shape) = 0 by a zero draw
    if (boost) x *= Math.pow(1 - rng.next(), invShape);
    return x * scale;
  };
}

/**
 * Erlang(k, mean): the sum of k exponentials of mean/k, from the product of k uniforms (one log
 * instead of k). The product is folded into a log sum before it can underflow, so k may be large.
 */
export function erlang(rng: RandomSource, k: number, mean: number): number {
  checkErlang(k, mean);
  return erlangCore(rng, k, mean / k);
}
function checkErlang(k: number, mean: number): void {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`erlang: k must be an integer >= 1, got ${k}`);
  positive('erlang', 'mean', mean);
}
function erlangCore(rng: RandomSource, k: number, stageMean: number): number {
  let p = 1;
  let logSum = 0;
  for (let i = 0; i < k; i++) {
    p *= 1 - rng.next();
    if (p < 1e-280) {
      logSum += Math.log(p);
      p = 1;
    }
  }
  return -stageMean * (logSum + Math.log(p));
}

/** Prepared discrete distribution: binary search on cumulative weights. */
export interface EmpiricalTable {
  readonly values: Float64Array;
  /** cumulative weights, last = total; null when all weights are equal */
  readonly cum: Float64Array | null;
}

export function empiricalTable(values: readonly number[], weights?: readonly number[]): EmpiricalTable {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`empirical: values must be a non-empty array, got ${JSON.stringify(values)}`);
  }
  values.forEach((v, i) => finite('empirical', `values[${i}]`, v));
  if (weights === undefined) return { values: Float64Array.from(values), cum: null };
  if (!Array.isArray(weights) || weights.length !== values.length) {
    throw new RangeError(
      `empirical: weights must have one entry per value (${values.length}), got ${Array.isArray(weights) ? weights.length : String(weights)}`,
    );
  }
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    nonNegative('empirical', `weights[${i}]`, w);
    cum[i] = total += w;
  });
  if (!(total > 0)) throw new RangeError(`empirical: weights must not all be 0`);
  return { values: Float64Array.from(values), cum };
}

export function empiricalDraw(rng: RandomSource, t: EmpiricalTable): number {
  const u = rng.next();
  const cum = t.cum;
  if (cum === null) return t.values[Math.floor(u * t.values.length)];
  // first i with cum[i] > x: zero-weight entries (cum[i] = cum[i-1]) are never chosen
  const x = u * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return t.values[lo];
}

/**
 * Draws an index 0..n-1 with probability weights[i] / Σ weights: one uniform and a binary search
 * per draw, nothing allocated. Build once, reuse.
 */
export function indexSampler(weights: readonly number[]): (rng: RandomSource) => number {
  const t = empiricalTable(
    weights.map((_, i) => i),
    weights,
  );
  return (rng) => empiricalDraw(rng, t);
}

/** One value of a discrete distribution; for repeated use prefer `sampler()` (table built once). */
export function empirical(rng: RandomSource, values: readonly number[], weights?: readonly number[]): number {
  return empiricalDraw(rng, empiricalTable(values, weights));
}

// ---- specs ---------------------------------------------------------------------------------

const KNOWN = ['constant', 'exponential', 'uniform', 'triangular', 'normal', 'lognormal', 'gamma', 'erlang', 'empirical'];

function unknown(spec: unknown): never {
  const d = spec !== null && typeof spec === 'object' ? (spec as { dist?: unknown }).dist : spec;
  throw new RangeError(`unknown distribution ${JSON.stringify(d)}; expected one of ${KNOWN.join(', ')}`);
}

/** Validates `spec` once and returns a fast sampler for it. */
export function sampler(spec: DistSpec): Sampler {
  switch (spec?.dist) {
    case 'constant': {
      finite('constant', 'value', spec.value);
      const v = spec.value;
      return () => v;
    }
    case 'exponential': {
      positive('exponential', 'mean', spec.mean);
      const m = spec.mean;
      return (rng) => -m * Math.log(1 - rng.next());
    }
    case 'uniform': {
      const { min, max } = spec;
      checkUniform(min, max);
      const w = max - min;
      return (rng) => min + w * rng.next();
    }
    case 'triangular': {
      const { min, mode, max } = spec;
      checkTriangular(min, mode, max);
      return (rng) => triangularCore(rng.next(), min, mode, max);
    }
    case 'normal': {
      const { mean, sd, min } = spec;
      checkNormal(mean, sd, min);
      if (min === undefined) return (rng) => mean + sd * standardNormal(rng);
      return (rng) => normalCore(rng, mean, sd, min);
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec.mean, spec.sd);
      return (rng) => Math.exp(mu + sigma * standardNormal(rng));
    }
    case 'gamma':
      positive('gamma', 'shape', spec.shape);
      positive('gamma', 'scale', spec.scale);
      return gammaSampler(spec.shape, spec.scale);
    case 'erlang': {
      checkErlang(spec.k, spec.mean);
      const k = spec.k;
      const stage = spec.mean / k;
      return (rng) => erlangCore(rng, k, stage);
    }
    case 'empirical': {
      const t = empiricalTable(spec.values, spec.weights);
      return (rng) => empiricalDraw(rng, t);
    }
    default:
      return unknown(spec);
  }
}

/** Analytic mean of a spec (for reports and for checking a scenario's offered load). */
export function describeMean(spec: DistSpec): number {
  sampler(spec); // same validation as sampling
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'exponential':
    case 'lognormal':
    case 'erlang':
      return spec.mean;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'triangular':
      return (spec.min + spec.mode + spec.max) / 3;
    case 'normal': {
      if (spec.min === undefined || spec.sd === 0) return spec.mean;
      // mean of a normal truncated below at min: mean + sd·φ(α)/(1 − Φ(α))
      const alpha = (spec.min - spec.mean) / spec.sd;
      return spec.mean + (spec.sd * normalPdf(alpha)) / normalUpperTail(alpha);
    }
    case 'gamma':
      return spec.shape * spec.scale;
    case 'empirical': {
      const w = spec.weights;
      let s = 0;
      let tw = 0;
      for (let i = 0; i < spec.values.length; i++) {
        const wi = w === undefined ? 1 : w[i];
        s += wi * spec.values[i];
        tw += wi;
      }
      return s / tw;
    }
  }
}

// ---- normal distribution helpers ----------------------------------------------------------

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(TWO_PI);
}

/** 1 − Φ(x), accurate in the upper tail (relative error < 1.2e-7; Numerical Recipes erfcc). */
export function normalUpperTail(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
