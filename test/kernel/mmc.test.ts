import { beforeAll, describe, expect, it } from 'vitest';
import { mmc, mmcWaitQuantile } from '../../sim/kernel/erlang.js';
import { Summary } from '../../sim/kernel/stats.js';
import { simulateMMc, simulatePriorityMMc } from './mmc-sim.js';

/**
 * The kernel against queueing theory: EventQueue + Resource + RngStreams + exponential, nothing
 * else. Sampling error of the mean wait at ρ = 0.8 is ≈ 1.8 % per 200k-customer run (measured over
 * 20 seeds), so five independent runs are pooled: the 3 % tolerance is then ≈ 4 standard errors
 * and the test checks the model, not the luck of a seed.
 */
describe('M/M/c simulated with the kernel matches Erlang C', () => {
  const [lambda, mu, c] = [3.2, 1, 4];
  const theory = mmc(lambda, mu, c);
  const customers = 200_000;
  let runs: ReturnType<typeof simulateMMc>[] = [];
  const waits = new Summary();
  beforeAll(() => {
    runs = [1, 2, 3, 4, 5].map((seed) => simulateMMc(lambda, mu, c, customers, `mmc-${seed}`));
    for (const r of runs) waits.merge(r.gate.waits);
  });

  it('mean wait in queue within 3 % of Wq (5 × 200k customers)', () => {
    expect(waits.n).toBe(5 * customers);
    expect(Math.abs(waits.mean / theory.Wq - 1)).toBeLessThan(0.03);
    for (const r of runs) expect(Math.abs(r.gate.waits.mean / theory.Wq - 1)).toBeLessThan(0.08);
  });

  it('probability of waiting matches C(c, a) (arrivals see time averages)', () => {
    const pNoWait = runs.reduce((s, r) => s + r.noWait, 0) / (5 * customers);
    expect(Math.abs(1 - pNoWait - theory.pWait)).toBeLessThan(0.01);
  });

  it('wait percentiles match the M/M/c waiting-time distribution', () => {
    for (const p of [0.5, 0.9, 0.99]) {
      const q = mmcWaitQuantile(lambda, mu, c, p);
      expect(Math.abs(waits.quantile(p) / q - 1)).toBeLessThan(0.05);
    }
  });

  it('utilisation and time-average queue length match ρ and Lq', () => {
    const util = runs.reduce((s, r) => s + r.gate.utilisation(r.now), 0) / runs.length;
    const lq = runs.reduce((s, r) => s + r.gate.queueLength.mean(r.now), 0) / runs.length;
    expect(Math.abs(util - theory.rho)).toBeLessThan(0.005);
    expect(Math.abs(lq / theory.Lq - 1)).toBeLessThan(0.04);
  });
});

describe('priority discipline matches the non-preemptive priority M/M/c formula', () => {
  it('class waits: W_k = (C / cμ) / ((1 − σ_{k−1})(1 − σ_k))', () => {
    // Cobham's formula with equal service rates; σ_k = Σ_{i≤k} λ_i / (cμ)
    const lambdas = [1.2, 2.0];
    const [mu, c] = [1, 4];
    const w0 = mmc(3.2, mu, c).pWait / (c * mu);
    const s1 = 1.2 / 4;
    const s2 = 3.2 / 4;
    const theory = [w0 / (1 - s1), w0 / ((1 - s1) * (1 - s2))];
    const sims = [11, 12, 13].map((seed) => simulatePriorityMMc(lambdas, mu, c, 200_000, seed));
    for (let k = 0; k < 2; k++) {
      const mean = sims.reduce((s, w) => s + w[k], 0) / sims.length;
      expect(Math.abs(mean / theory[k] - 1)).toBeLessThan(0.05);
    }
  });
});
