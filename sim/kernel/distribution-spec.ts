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
