/** Test helpers: a bare scheduler over EventQueue, and reference statistics. */
import { EventQueue } from '../../sim/kernel/event-queue.js';
import { Priority, type Scheduler, type TimerHandle } from '../../sim/kernel/scheduler.js';

/** The smallest clock that satisfies Scheduler: pop, advance, call. */
export class TestScheduler implements Scheduler {
  now = 0;
  readonly queue = new EventQueue();

  schedule<A>(delay: number, fn: (arg: A) => void, arg: A, priority: number = Priority.normal): TimerHandle {
    if (!(delay >= 0)) throw new RangeError(`delay must be >= 0, got ${delay}`);
    return this.queue.push(this.now + delay, priority, fn, arg);
  }

  /** Schedules at an absolute time (tests read better with times than delays). */
  at<A>(t: number, fn: (arg: A) => void, arg?: A, priority: number = Priority.normal): TimerHandle {
    return this.queue.push(t, priority, fn, arg);
  }

  cancel(timer: TimerHandle): void {
    this.queue.cancel(timer);
  }

  /** Runs events due up to and including `until`, then sets the clock to `until`. */
  run(until = Infinity): void {
    const q = this.queue;
    for (;;) {
      const t = q.peekTime();
      if (t > until || t === Infinity) break;
      const e = q.pop()!;
      this.now = e.t;
      e.fn(e.a, e.b);
    }
    if (until < Infinity) this.now = until;
  }
}

/** Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of a sample against a CDF. */
export function ksStatistic(sample: number[], cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic KS critical value: P(D > c/√n) = α; c = 1.949 for α = 0.001. */
export function ksCritical(n: number, alpha = 0.001): number {
  return Math.sqrt(-0.5 * Math.log(alpha / 2)) / Math.sqrt(n);
}

/** ln Γ(x), Lanczos (g = 7, n = 9), |error| < 1e-13 for x > 0. */
export function lnGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(s, x): series below s + 1, continued fraction above. */
export function gammaP(s: number, x: number): number {
  if (x <= 0) return 0;
  const lead = s * Math.log(x) - x - lnGamma(s);
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (s + n);
      sum += term;
      if (term < sum * 1e-15) break;
    }
    return sum * Math.exp(lead);
  }
  // Lentz's continued fraction for Q(s, x)
  let b = x + 1 - s;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(lead) * h;
}

/** Mean and unbiased variance of a sample. */
export function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i];
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - m) * (xs[i] - m);
  return { mean: m, variance: v / (xs.length - 1) };
}
