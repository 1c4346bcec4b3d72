import { DDSketch } from '@datadog/sketches-js';

/**
 * Streaming statistics: constant memory whatever the run length, mergeable across replications
 * and worker threads.
 */

/** Count, mean, variance (Welford), min, max of observations. */
export class Tally {
  n = 0;
  mean = 0;
  /** sum of squared deviations from the mean */
  private m2 = 0;
  min = Infinity;
  max = -Infinity;

  add(x: number): void {
    if (x !== x) throw new RangeError('Tally.add: NaN');
    const n = ++this.n;
    const d = x - this.mean;
    this.mean += d / n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Sample variance (n − 1 denominator); NaN below two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }
  get sum(): number {
    return this.mean * this.n;
  }
  /** Standard error of the mean. */
  get se(): number {
    return Math.sqrt(this.variance / this.n);
  }

  /** Adds `other`'s observations to this one (Chan et al. parallel formula). */
  merge(other: Tally): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.n = other.n;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return this;
    }
    const n = this.n + other.n;
    const d = other.mean - this.mean;
    this.mean += (d * other.n) / n;
    this.m2 += other.m2 + ((d * d * this.n) / n) * other.n;
    this.n = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

/**
 * Time average of a piecewise-constant quantity (queue length, busy servers): the integral of the
 * value over time divided by the elapsed time. `update` is called whenever the value changes.
 */
export class TimeWeighted {
  // Every field starts as a number: a field declared without one starts as `undefined` (class
  // field semantics), V8 then stores each later double as a fresh heap object, and the updates
  // of a busy resource allocated millions of them (see docs/DESIGN.md, "Speed").
  private start = 0;
  private last = 0;
  private area = 0;
  /** current value */
  value = 0;
  /** largest value held since the start or the last reset */
  max = 0;
  min = 0;

  constructor(now = 0, value = 0) {
    this.start = this.last = now;
    this.value = this.max = this.min = value;
  }

  update(now: number, value: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
  }

  /** ∫ value dt from the start (or last reset) to `now`. */
  integral(now: number): number {
    return this.area + this.value * (now - this.last);
  }

  /** Time average up to `now`; the current value if no time has passed. */
  mean(now: number): number {
    const span = now - this.start;
    return span > 0 ? this.integral(now) / span : this.value;
  }

  /** Forgets the history before `now` (warm-up deletion); the current value carries on. */
  reset(now: number): void {
    this.start = this.last = now;
    this.area = 0;
    this.max = this.min = this.value;
  }
}

/**
 * Quantiles with relative accuracy (DDSketch): every reported quantile is within
 * `relativeAccuracy`·|x| of the exact one, for any data, in memory logarithmic in the range.
 * Exact zeros (common: waits when a server is free) are counted apart and reported as 0.
 */
export class Quantiles {
  private sk: DDSketch;

  constructor(readonly relativeAccuracy = 0.005) {
    this.sk = new DDSketch({ relativeAccuracy });
  }

  get count(): number {
    return this.sk.count;
  }
  get min(): number {
    return this.sk.count > 0 ? this.sk.min : NaN;
  }
  get max(): number {
    return this.sk.count > 0 ? this.sk.max : NaN;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`Quantiles.add: value must be finite, got ${x}`);
    this.sk.accept(x);
  }

  /** Value at quantile q ∈ [0, 1] (the lower-rank element q·(n−1)); NaN when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantiles.quantile: q must be in [0, 1], got ${q}`);
    const sk = this.sk;
    if (sk.count === 0) return NaN;
    if (q === 0) return sk.min; // the extremes are known exactly
    if (q === 1) return sk.max;
    const v = sk.getValueAtQuantile(q);
    // the bucket's representative may lie outside the data; the exact extremes are tighter
    return v < sk.min ? sk.min : v > sk.max ? sk.max : v;
  }

  /**
   * Adds `other`'s observations. Done bin by bin through `add` rather than DDSketch.merge, which in
   * @datadog/sketches-js 2.1.1 drops the negative store and can miss the top bin of a store whose
   * highest key is 0 (`secondKey || key` in DenseStore._extendRange).
   */
  merge(other: Quantiles): this {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new RangeError(`Quantiles.merge: relative accuracy ${other.relativeAccuracy} ≠ ${this.relativeAccuracy}`);
    }
    const a = this.sk;
    const b = other.sk;
    if (b.count === 0) return this;
    const copyBins = (from: DDSketch['store'], to: DDSketch['store']) => {
      const bins = from.bins;
      for (let i = 0; i < bins.length; i++) if (bins[i] > 0) to.add(i + from.offset, bins[i]);
    };
    copyBins(b.store, a.store);
    copyBins(b.negativeStore, a.negativeStore);
    a.zeroCount += b.zeroCount;
    a.count += b.count;
    a.sum += b.sum;
    if (b.min < a.min) a.min = b.min;
    if (b.max > a.max) a.max = b.max;
    return this;
  }

  reset(): void {
    this.sk = new DDSketch({ relativeAccuracy: this.relativeAccuracy });
  }
}

export interface SummaryJSON {
  n: number;
  mean: number;
  sd: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Moments (exact) and quantiles (sketch) of one quantity, e.g. waiting times. With
 * `{ quantiles: false }` only the moments are kept (the percentiles read NaN): a sketch update costs
 * several times a Welford update, which matters on a path run millions of times a second.
 */
export class Summary {
  readonly tally = new Tally();
  readonly quantiles: Quantiles | null;

  constructor(relativeAccuracy = 0.005, opts: { quantiles?: boolean } = {}) {
    this.quantiles = opts.quantiles === false ? null : new Quantiles(relativeAccuracy);
  }

  get n(): number {
    return this.tally.n;
  }
  get mean(): number {
    return this.tally.mean;
  }

  add(x: number): void {
    this.tally.add(x);
    if (this.quantiles !== null) this.quantiles.add(x);
  }

  quantile(q: number): number {
    return this.quantiles === null ? NaN : this.quantiles.quantile(q);
  }

  merge(other: Summary): this {
    this.tally.merge(other.tally);
    if (this.quantiles !== null) {
      if (other.quantiles === null) throw new Error('Summary.merge: the other summary keeps no quantiles');
      this.quantiles.merge(other.quantiles);
    }
    return this;
  }

  reset(): void {
    this.tally.reset();
    this.quantiles?.reset();
  }

  /** NaN fields when empty (JSON.stringify writes them as null). */
  toJSON(): SummaryJSON {
    const t = this.tally;
    const empty = t.n === 0;
    const q = (p: number) => (empty || this.quantiles === null ? NaN : this.quantiles.quantile(p));
    return {
      n: t.n,
      mean: empty ? NaN : t.mean,
      sd: t.sd,
      min: empty ? NaN : t.min,
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
      p99: q(0.99),
      max: empty ? NaN : t.max,
    };
  }
}
