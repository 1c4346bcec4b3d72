import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mmc, mmcLq, mmcW, mmcWaitQuantile, mmcWaitTail, mmcWq } from '../../sim/kernel/erlang.js';
import { lnGamma } from './helpers.js';

/**
 * Independent reference: the textbook closed form, summed in log space so it holds for large c.
 * C = (a^c/c!)·(c/(c−a)) / (Σ_{k<c} a^k/k! + (a^c/c!)·(c/(c−a)))
 */
function erlangCDirect(c: number, a: number): number {
  const logTerm = (k: number) => k * Math.log(a) - lnGamma(k + 1);
  const logTop = logTerm(c) + Math.log(c / (c - a));
  const logs = [...Array.from({ length: c }, (_, k) => logTerm(k)), logTop];
  const m = Math.max(...logs);
  const sum = logs.reduce((s, l) => s + Math.exp(l - m), 0);
  return Math.exp(logTop - m) / sum;
}
function erlangBDirect(c: number, a: number): number {
  const logs = Array.from({ length: c + 1 }, (_, k) => k * Math.log(a) - lnGamma(k + 1));
  const m = Math.max(...logs);
  return Math.exp(logs[c] - m) / logs.reduce((s, l) => s + Math.exp(l - m), 0);
}

describe('Erlang C', () => {
  it('matches the textbook case c = 4, λ = 3.2, μ = 1', () => {
    const m = mmc(3.2, 1, 4);
    expect(m.pWait).toBeCloseTo(0.5964, 4);
    expect(m.Wq).toBeCloseTo(0.7455, 4);
    expect(m.Lq).toBeCloseTo(3.2 * 0.74554, 4);
    expect(m.W).toBeCloseTo(1.7455, 4);
    expect(m.rho).toBeCloseTo(0.8, 12);
    expect(m.pWait).toBeCloseTo(erlangCDirect(4, 3.2), 12);
  });

  it('agrees with the direct sum for c = 1..60 and loads from light to heavy', () => {
    for (let c = 1; c <= 60; c++) {
      for (const rho of [0.05, 0.3, 0.5, 0.8, 0.95, 0.999]) {
        const a = rho * c;
        expect(Math.abs(erlangC(c, a) / erlangCDirect(c, a) - 1)).toBeLessThan(1e-9);
        expect(Math.abs(erlangB(c, a) / erlangBDirect(c, a) - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('stays finite and accurate for several hundred servers', () => {
    for (const [c, a] of [
      [300, 290],
      [500, 480],
      [800, 700],
    ]) {
      const p = erlangC(c, a);
      expect(p > 0 && p < 1).toBe(true);
      expect(Math.abs(p / erlangCDirect(c, a) - 1)).toBeLessThan(1e-8);
    }
  });

  it('reduces to M/M/1 for one server', () => {
    const m = mmc(0.6, 1, 1);
    expect(m.pWait).toBeCloseTo(0.6, 12);
    expect(m.Wq).toBeCloseTo(0.6 / (1 - 0.6), 12);
    expect(m.L).toBeCloseTo(0.6 / 0.4, 12);
  });

  it('matches a published Erlang B table value', () => {
    // B(10, 5) = 0.018385 (standard Erlang B tables)
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
    expect(erlangB(0, 3)).toBe(1);
  });

  it("obeys Little's law and the wait-tail formula", () => {
    const [lambda, mu, c] = [7.5, 0.9, 10];
    const m = mmc(lambda, mu, c);
    expect(mmcLq(lambda, mu, c)).toBeCloseTo(lambda * mmcWq(lambda, mu, c), 12);
    expect(m.L).toBeCloseTo(lambda * mmcW(lambda, mu, c), 12);
    expect(m.L - m.Lq).toBeCloseTo(lambda / mu, 12); // mean busy servers
    expect(mmcWaitTail(lambda, mu, c, 0)).toBeCloseTo(m.pWait, 12);
    // E[Wq] = ∫ P(Wq > t) dt = C / (cμ − λ)
    expect(m.pWait / (c * mu - lambda)).toBeCloseTo(m.Wq, 12);
    const t = mmcWaitQuantile(lambda, mu, c, 0.9);
    expect(mmcWaitTail(lambda, mu, c, t)).toBeCloseTo(0.1, 12);
    expect(mmcWaitQuantile(lambda, mu, c, 1 - m.pWait - 0.01)).toBe(0);
  });

  it('throws for ρ ≥ 1 and bad arguments', () => {
    expect(() => erlangC(4, 4)).toThrow(/ρ = 1 ≥ 1/);
    expect(() => mmc(5, 1, 4)).toThrow(RangeError);
    expect(() => erlangC(2.5, 1)).toThrow(/c must be an integer/);
    expect(() => mmc(-1, 1, 2)).toThrow(/lambda/);
    expect(() => mmc(1, 0, 2)).toThrow(/mu/);
    expect(() => mmcWaitTail(1, 1, 2, -1)).toThrow(/t must be >= 0/);
  });
});
