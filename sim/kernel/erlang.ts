/**
 * M/M/c queueing formulas, to validate simulated queues against theory.
 *
 * λ arrival rate, μ service rate per server, c servers, a = λ/μ offered load (Erlangs),
 * ρ = a/c utilisation. Rates in any consistent unit (per second in this project).
 */

function checkServers(fn: string, c: number, min: number): void {
  if (!(Number.isInteger(c) && c >= min)) throw new RangeError(`${fn}: c must be an integer >= ${min}, got ${c}`);
}
function checkLoad(fn: string, a: number): void {
  if (!(a >= 0 && a < Infinity)) throw new RangeError(`${fn}: offered load a must be a finite number >= 0, got ${a}`);
}

/**
 * Erlang B (blocking probability of M/M/c/c) by the recursion B(k) = a·B(k−1)/(k + a·B(k−1)),
 * B(0) = 1: every term lies in [0, 1], so no factorial or power overflows, for any c.
 */
export function erlangB(c: number, a: number): number {
  checkServers('erlangB', c, 0);
  checkLoad('erlangB', a);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits, C = B / (1 − ρ(1 − B)). Requires ρ < 1. */
export function erlangC(c: number, a: number): number {
  checkServers('erlangC', c, 1);
  checkLoad('erlangC', a);
  if (!(a < c)) {
    throw new RangeError(`erlangC: offered load a = ${a} must be < c = ${c} (utilisation ρ = ${a / c} ≥ 1: no steady state)`);
  }
  const b = erlangB(c, a);
  return b / (1 - (a / c) * (1 - b));
}

export interface MMc {
  lambda: number;
  mu: number;
  c: number;
  /** offered load λ/μ */
  a: number;
  /** utilisation λ/(cμ) */
  rho: number;
  /** P(Wq > 0) */
  pWait: number;
  /** mean wait in queue */
  Wq: number;
  /** mean time in system, Wq + 1/μ */
  W: number;
  /** mean number waiting, λ·Wq */
  Lq: number;
  /** mean number in system, λ·W */
  L: number;
}

/** Steady-state measures of M/M/c; throws RangeError unless λ < cμ. */
export function mmc(lambda: number, mu: number, c: number): MMc {
  if (!(lambda >= 0 && lambda < Infinity)) throw new RangeError(`mmc: lambda must be a finite number >= 0, got ${lambda}`);
  if (!(mu > 0 && mu < Infinity)) throw new RangeError(`mmc: mu must be a finite number > 0, got ${mu}`);
  checkServers('mmc', c, 1);
  const a = lambda / mu;
  const pWait = erlangC(c, a);
  const Wq = pWait / (c * mu - lambda);
  const W = Wq + 1 / mu;
  return { lambda, mu, c, a, rho: a / c, pWait, Wq, W, Lq: lambda * Wq, L: lambda * W };
}

export function mmcWq(lambda: number, mu: number, c: number): number {
  return mmc(lambda, mu, c).Wq;
}
export function mmcW(lambda: number, mu: number, c: number): number {
  return mmc(lambda, mu, c).W;
}
export function mmcLq(lambda: number, mu: number, c: number): number {
  return mmc(lambda, mu, c).Lq;
}

/** P(Wq > t) = C·exp(−(cμ − λ)t) for t ≥ 0 (FIFO). */
export function mmcWaitTail(lambda: number, mu: number, c: number, t: number): number {
  const m = mmc(lambda, mu, c);
  if (!(t >= 0)) throw new RangeError(`mmcWaitTail: t must be >= 0, got ${t}`);
  return m.pWait * Math.exp(-(c * mu - lambda) * t);
}

/** The p-quantile of Wq (FIFO): 0 when p ≤ 1 − C, else ln(C/(1−p)) / (cμ − λ). */
export function mmcWaitQuantile(lambda: number, mu: number, c: number, p: number): number {
  const m = mmc(lambda, mu, c);
  if (!(p >= 0 && p < 1)) throw new RangeError(`mmcWaitQuantile: p must be in [0, 1), got ${p}`);
  return p <= 1 - m.pWait ? 0 : Math.log(m.pWait / (1 - p)) / (c * mu - lambda);
}
