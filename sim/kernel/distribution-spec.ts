/**
 * Distribution specifications as written in scenario files. Parameters are in the unit of the
 * quantity sampled (for service times, seconds). `sampler()` in distributions.ts turns a spec into
 * a function of an Rng.
 */
export type DistSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  | { dist: 'normal'; mean: number; sd: number; min?: number }
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'gamma'; shape: number; scale: number }
  | { dist: 'erlang'; k: number; mean: number }
  | { dist: 'empirical'; values: number[]; weights?: number[] };

/**
 * The same distribution in another unit (hours → seconds: factor 3600): every parameter that is a
 * quantity is multiplied, shapes and weights are kept.
 */
export function scaleDist(spec: DistSpec, factor: number): DistSpec {
  switch (spec.dist) {
    case 'constant': return { dist: 'constant', value: spec.value * factor };
    case 'exponential': return { dist: 'exponential', mean: spec.mean * factor };
    case 'uniform': return { dist: 'uniform', min: spec.min * factor, max: spec.max * factor };
    case 'triangular': return { dist: 'triangular', min: spec.min * factor, mode: spec.mode * factor, max: spec.max * factor };
    case 'normal': return { dist: 'normal', mean: spec.mean * factor, sd: spec.sd * factor, ...(spec.min !== undefined ? { min: spec.min * factor } : {}) };
    case 'lognormal': return { dist: 'lognormal', mean: spec.mean * factor, sd: spec.sd * factor };
    case 'gamma': return { dist: 'gamma', shape: spec.shape, scale: spec.scale * factor };
    case 'erlang': return { dist: 'erlang', k: spec.k, mean: spec.mean * factor };
    case 'empirical': return { dist: 'empirical', values: spec.values.map((v) => v * factor), ...(spec.weights !== undefined ? { weights: [...spec.weights] } : {}) };
  }
}

/** The least value a distribution can draw (−Infinity for a normal without `min`; 0 for the positive families). */
export function lowerBound(spec: DistSpec): number {
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'uniform': return spec.min;
    case 'triangular': return spec.min;
    case 'normal': return spec.min ?? -Infinity;
    case 'empirical': return Math.min(...spec.values);
    case 'exponential': case 'lognormal': case 'gamma': case 'erlang': return 0;
  }
}

/** The distribution's mean (a normal cut at `min` is taken at its uncut mean: the cut is a guard, not a shape). */
export function meanOf(spec: DistSpec): number {
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'exponential': case 'normal': case 'lognormal': case 'erlang': return spec.mean;
    case 'uniform': return (spec.min + spec.max) / 2;
    case 'triangular': return (spec.min + spec.mode + spec.max) / 3;
    case 'gamma': return spec.shape * spec.scale;
    case 'empirical': {
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      return spec.values.reduce((s, v, i) => s + v * w[i], 0) / total;
    }
  }
}
