import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DistSpec } from '../../sim/kernel/distribution-spec.js';
import {
  describeMean,
  erlang,
  exponential,
  gamma,
  lognormal,
  normal,
  normalPdf,
  normalUpperTail,
  sampler,
  triangular,
  uniform,
  empirical,
} from '../../sim/kernel/distributions.js';
import { RngStreams, type RandomSource } from '../../sim/kernel/rng.js';
import { gammaP, ksCritical, ksStatistic } from './helpers.js';

// truncated normal N(1, 2²) restricted to [0, ∞): α = −0.5
const tnAlpha = -0.5;
const tnLambda = normalPdf(tnAlpha) / normalUpperTail(tnAlpha);
const tnMean = 1 + 2 * tnLambda;
const tnVar = 4 * (1 + tnAlpha * tnLambda - tnLambda * tnLambda);

/** spec, analytic mean and variance */
const cases: [string, DistSpec, number, number][] = [
  ['exponential', { dist: 'exponential', mean: 5 }, 5, 25],
  ['uniform', { dist: 'uniform', min: 2, max: 7 }, 4.5, 25 / 12],
  ['triangular', { dist: 'triangular', min: 1, mode: 2, max: 6 }, 3, (1 + 4 + 36 - 2 - 6 - 12) / 18],
  ['triangular, mode at min', { dist: 'triangular', min: 0, mode: 0, max: 3 }, 1, 9 / 18],
  ['normal', { dist: 'normal', mean: 10, sd: 2 }, 10, 4],
  ['normal truncated at min', { dist: 'normal', mean: 1, sd: 2, min: 0 }, tnMean, tnVar],
  ['lognormal', { dist: 'lognormal', mean: 4, sd: 3 }, 4, 9],
  ['gamma shape ≥ 1', { dist: 'gamma', shape: 2.5, scale: 2 }, 5, 10],
  ['gamma shape < 1', { dist: 'gamma', shape: 0.4, scale: 3 }, 1.2, 3.6],
  ['erlang', { dist: 'erlang', k: 3, mean: 6 }, 6, 12],
  ['empirical weighted', { dist: 'empirical', values: [1, 2, 5], weights: [1, 0, 3] }, 4, 3],
  ['empirical unweighted', { dist: 'empirical', values: [1, 2, 3, 4] }, 2.5, 1.25],
  ['constant', { dist: 'constant', value: 7 }, 7, 0],
];

/** Counts draws so the draw budget per variate (which CRN alignment relies on) can be checked. */
class Counting implements RandomSource {
  n = 0;
  constructor(private readonly r: RandomSource) {}
  next(): number {
    this.n++;
    return this.r.next();
  }
}

describe('sampler: sample mean and variance match theory (100k draws, 4 standard errors)', () => {
  it.each(cases)('%s', (name, spec, mu, v) => {
    const rng = new RngStreams('moments').stream(name);
    const draw = sampler(spec);
    const n = 100_000;
    const xs = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[i] = draw(rng);
    const mean = s / n;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const d = xs[i] - mean;
      m2 += d * d;
      m4 += d * d * d * d;
    }
    const variance = m2 / (n - 1);
    m4 /= n;
    expect(describeMean(spec)).toBeCloseTo(mu, 6);
    if (v === 0) {
      expect(variance).toBe(0);
      expect(mean).toBe(mu);
      return;
    }
    expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(v / n));
    // SE of the sample variance ≈ √((μ4 − σ⁴)/n), μ4 estimated from the sample
    expect(Math.abs(variance - v)).toBeLessThan(4 * Math.sqrt((m4 - variance * variance) / n));
  });
});

describe('Kolmogorov–Smirnov against the exact CDF (50k draws, α = 0.001)', () => {
  const n = 50_000;
  const sample = (spec: DistSpec, name: string) => {
    const rng = new RngStreams('ks').stream(name);
    const f = sampler(spec);
    return Array.from({ length: n }, () => f(rng));
  };

  it('exponential', () => {
    const d = ksStatistic(sample({ dist: 'exponential', mean: 3 }, 'exp'), (x) => 1 - Math.exp(-x / 3));
    expect(d).toBeLessThan(ksCritical(n));
  });

  it.each([
    [2.5, 2],
    [0.4, 3],
    [1, 1],
    [9, 0.5],
  ])('gamma shape %d scale %d', (shape, scale) => {
    const d = ksStatistic(sample({ dist: 'gamma', shape, scale }, `gamma-${shape}`), (x) => gammaP(shape, x / scale));
    expect(d).toBeLessThan(ksCritical(n));
  });

  it('erlang (k = 4) against the gamma CDF', () => {
    const d = ksStatistic(sample({ dist: 'erlang', k: 4, mean: 8 }, 'erlang'), (x) => gammaP(4, x / 2));
    expect(d).toBeLessThan(ksCritical(n));
  });

  it('normal', () => {
    const d = ksStatistic(sample({ dist: 'normal', mean: 3, sd: 2 }, 'normal'), (x) => 1 - normalUpperTail((x - 3) / 2));
    expect(d).toBeLessThan(ksCritical(n));
  });

  it('lognormal (through its logarithm)', () => {
    const xs = sample({ dist: 'lognormal', mean: 4, sd: 3 }, 'lognormal').map(Math.log);
    const sigma = Math.sqrt(Math.log(1 + 9 / 16));
    const mu = Math.log(4) - (sigma * sigma) / 2;
    expect(ksStatistic(xs, (x) => 1 - normalUpperTail((x - mu) / sigma))).toBeLessThan(ksCritical(n));
  });
});

describe('direct functions', () => {
  it('give the same numbers as the sampler of the same spec', () => {
    const pairs: [DistSpec, (r: RandomSource) => number][] = [
      [{ dist: 'exponential', mean: 2 }, (r) => exponential(r, 2)],
      [{ dist: 'uniform', min: -1, max: 1 }, (r) => uniform(r, -1, 1)],
      [{ dist: 'triangular', min: 0, mode: 1, max: 4 }, (r) => triangular(r, 0, 1, 4)],
      [{ dist: 'normal', mean: 5, sd: 1, min: 4 }, (r) => normal(r, 5, 1, 4)],
      [{ dist: 'lognormal', mean: 3, sd: 1 }, (r) => lognormal(r, 3, 1)],
      [{ dist: 'gamma', shape: 0.7, scale: 2 }, (r) => gamma(r, 0.7, 2)],
      [{ dist: 'erlang', k: 5, mean: 10 }, (r) => erlang(r, 5, 10)],
      [{ dist: 'empirical', values: [3, 1, 2], weights: [0.2, 0.5, 0.3] }, (r) => empirical(r, [3, 1, 2], [0.2, 0.5, 0.3])],
    ];
    for (const [spec, direct] of pairs) {
      const a = new RngStreams(11).stream(spec.dist);
      const b = new RngStreams(11).stream(spec.dist);
      const f = sampler(spec);
      for (let i = 0; i < 200; i++) expect(direct(a)).toBe(f(b));
    }
  });

  it('use a fixed number of draws where the method allows (CRN alignment)', () => {
    const c = new Counting(new RngStreams(1).stream('count'));
    const expectDraws = (f: (r: RandomSource) => number, k: number) => {
      const before = c.n;
      f(c);
      expect(c.n - before).toBe(k);
    };
    for (let i = 0; i < 100; i++) {
      expectDraws((r) => exponential(r, 1), 1);
      expectDraws((r) => uniform(r, 0, 1), 1);
      expectDraws((r) => triangular(r, 0, 1, 2), 1);
      expectDraws((r) => normal(r, 0, 1), 2);
      expectDraws((r) => lognormal(r, 1, 1), 2);
      expectDraws((r) => erlang(r, 7, 1), 7);
      expectDraws((r) => empirical(r, [1, 2], [1, 1]), 1);
    }
  });

  it('erlang with large k does not underflow', () => {
    const rng = new RngStreams(3).stream('erlang-big');
    const n = 2000;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = erlang(rng, 2000, 10);
      expect(Number.isFinite(x) && x > 0).toBe(true);
      s += x;
    }
    // Erlang(2000, mean 10): sd = 10/√2000
    expect(Math.abs(s / n - 10)).toBeLessThan(4 * (10 / Math.sqrt(2000)) / Math.sqrt(n));
  });

  it('empirical never returns a zero-weight value', () => {
    const rng = new RngStreams(4).stream('emp');
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(empirical(rng, [1, 2, 3, 4], [0, 1, 0, 1]));
    expect([...seen].sort()).toEqual([2, 4]);
  });

  it('truncated normal respects min', () => {
    const rng = new RngStreams(4).stream('tn');
    let below = 0;
    for (let i = 0; i < 20_000; i++) if (normal(rng, 30, 20, 0) < 0) below++;
    expect(below).toBe(0);
  });
});

describe('support (property)', () => {
  const rng = new RngStreams('prop').stream('support');
  const pos = fc.double({ min: 1e-3, max: 1e4, noNaN: true });

  it('uniform and triangular stay within [min, max]', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, w, f) => {
        const b = a + w;
        const m = a + f * w;
        for (let i = 0; i < 20; i++) {
          const u = uniform(rng, a, b);
          const t = triangular(rng, a, Math.min(Math.max(m, a), b), b);
          if (!(u >= a && u <= b && t >= a && t <= b)) return false;
        }
        return true;
      }),
    );
  });

  it('exponential, gamma, erlang and lognormal are positive and finite', () => {
    fc.assert(
      fc.property(pos, pos, fc.integer({ min: 1, max: 50 }), (p, q, k) => {
        for (let i = 0; i < 10; i++) {
          for (const x of [exponential(rng, p), gamma(rng, p / 100, q), erlang(rng, k, p), lognormal(rng, p, q)]) {
            if (!(x >= 0 && Number.isFinite(x))) return false;
          }
        }
        return true;
      }),
    );
  });
});

describe('parameter validation', () => {
  const bad: [DistSpec, RegExp][] = [
    [{ dist: 'exponential', mean: -1 }, /^exponential: mean must be > 0, got -1$/],
    [{ dist: 'exponential', mean: NaN }, /exponential: mean must be a finite number, got NaN/],
    [{ dist: 'uniform', min: 3, max: 1 }, /uniform: min must be <= max/],
    [{ dist: 'triangular', min: 0, mode: 5, max: 4 }, /triangular: mode must be <= max/],
    [{ dist: 'normal', mean: 0, sd: -1 }, /normal: sd must be >= 0, got -1/],
    [{ dist: 'normal', mean: 0, sd: 1, min: 5 }, /normal: min must be at most mean \+ 3 sd/],
    [{ dist: 'lognormal', mean: 0, sd: 1 }, /lognormal: mean must be > 0, got 0/],
    [{ dist: 'gamma', shape: 0, scale: 1 }, /gamma: shape must be > 0, got 0/],
    [{ dist: 'erlang', k: 2.5, mean: 1 }, /erlang: k must be an integer >= 1, got 2.5/],
    [{ dist: 'empirical', values: [] }, /empirical: values must be a non-empty array/],
    [{ dist: 'empirical', values: [1, 2], weights: [1] }, /empirical: weights must have one entry per value \(2\), got 1/],
    [{ dist: 'empirical', values: [1, 2], weights: [1, -1] }, /empirical: weights\[1\] must be >= 0, got -1/],
    [{ dist: 'empirical', values: [1, 2], weights: [0, 0] }, /empirical: weights must not all be 0/],
    [{ dist: 'weibull', shape: 1 } as unknown as DistSpec, /unknown distribution "weibull"; expected one of/],
  ];
  it.each(bad)('%j', (spec, msg) => {
    expect(() => sampler(spec)).toThrow(RangeError);
    expect(() => sampler(spec)).toThrow(msg);
    expect(() => describeMean(spec)).toThrow(msg);
  });

  it('direct functions validate too', () => {
    const rng = new RngStreams(1).stream('v');
    expect(() => exponential(rng, -1)).toThrow('exponential: mean must be > 0, got -1');
    expect(() => gamma(rng, 1, -2)).toThrow('gamma: scale must be > 0, got -2');
    expect(() => erlang(rng, 0, 1)).toThrow(/erlang: k/);
  });
});
