import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aPrime, dPrime, percentile, probit, score, type Trial } from '../../train/scoring.js';
import { normalUpperTail } from '../../sim/kernel/distributions.js';

const trials = (hits: number, misses: number, fas: number, crs: number, times: number[] = []): Trial[] => {
  const out: Trial[] = [];
  const push = (signal: boolean, yes: boolean, k: number) => { for (let i = 0; i < k; i++) out.push({ signal, yes, decisionS: times[out.length] ?? 1 }); };
  push(true, true, hits);
  push(true, false, misses);
  push(false, true, fas);
  push(false, false, crs);
  return out;
};

describe('screener scores (signal detection)', () => {
  it('counts the four outcomes and the raw rates', () => {
    const s = score(trials(8, 2, 3, 7));
    expect([s.hits, s.misses, s.false_alarms, s.correct_rejections, s.signals, s.noises, s.n]).toEqual([8, 2, 3, 7, 10, 10, 20]);
    expect(s.hit_rate).toBe(0.8);
    expect(s.false_alarm_rate).toBe(0.3);
  });

  it('d′ uses the log-linear correction: H = 8.5/11 and FA = 2.5/11 for 8/10 hits and 2/10 false alarms', () => {
    const d = dPrime(8, 10, 2, 10)!;
    // symmetric rates: d′/2 = z(8.5/11), i.e. Φ(d′/2) = 8.5/11 (checked with the kernel's own normal tail)
    expect(1 - normalUpperTail(d / 2)).toBeCloseTo(8.5 / 11, 6);
    expect(d).toBeCloseTo(1.4958, 3);
  });

  it('d′ stays finite for a perfect trainee (H = 1, FA = 0): 2·z(10.5/11) ≈ 3.381', () => {
    const s = score(trials(10, 0, 0, 10));
    expect(s.hit_rate).toBe(1);
    expect(s.false_alarm_rate).toBe(0);
    expect(s.d_prime).toBeCloseTo(2 * probit(10.5 / 11), 12);
    expect(s.d_prime).toBeCloseTo(3.381, 3);
    expect(Number.isFinite(s.d_prime)).toBe(true);
  });

  it('d′ is negative when the trainee answers against the truth, and zero at chance', () => {
    expect(dPrime(0, 10, 10, 10)!).toBeCloseTo(-3.381, 3);
    expect(dPrime(5, 10, 5, 10)).toBeCloseTo(0, 12);
  });

  it('A′ from hand-computed values, including H < FA and the edges', () => {
    expect(aPrime(0.8, 0.2)).toBeCloseTo(0.875, 12); // 0.5 + 0.6·1.6 / (4·0.8·0.8)
    expect(aPrime(0.9, 0.1)).toBeCloseTo(0.5 + 1.44 / 3.24, 12);
    expect(aPrime(0.2, 0.8)).toBeCloseTo(0.125, 12); // 0.5 − 0.6·1.6 / (4·0.8·0.8)
    expect(aPrime(0.3, 0.6)).toBeCloseTo(0.5 - (0.3 * 1.3) / (4 * 0.6 * 0.7), 12);
    expect(aPrime(1, 0)).toBe(1);
    expect(aPrime(0, 1)).toBe(0);
    expect(aPrime(0, 0)).toBe(0.5);
    expect(aPrime(1, 1)).toBe(0.5);
    expect(aPrime(0.5, 0.5)).toBe(0.5);
  });

  it('A′ lies in [0, 1] and is symmetric: A′(H, FA) = 1 − A′(FA, H)', () => {
    const p = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(fc.property(p, p, (h, fa) => {
      const a = aPrime(h, fa);
      return a >= 0 && a <= 1 && Math.abs(a - (1 - aPrime(fa, h))) < 1e-9;
    }));
  });

  it('with no signal trial (or no noise trial) the rate of that kind, d′ and A′ are null, not invented', () => {
    const s = score(trials(0, 0, 2, 5));
    expect(s.hit_rate).toBeNull();
    expect(s.d_prime).toBeNull();
    expect(s.a_prime).toBeNull();
    expect(s.false_alarm_rate).toBeCloseTo(2 / 7, 12);
    const e = score([]);
    expect([e.n, e.mean_decision_s, e.p90_decision_s, e.d_prime]).toEqual([0, null, null, null]);
  });

  it('decision times: mean and nearest-rank p90', () => {
    const s = score(trials(5, 0, 0, 5, [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]));
    expect(s.mean_decision_s).toBe(5.5);
    expect(s.p90_decision_s).toBe(9);
    expect(percentile([4], 0.9)).toBe(4);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });

  it('d′ grows with hits and falls with false alarms (monotone in both counts)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.nat(), fc.nat(), (S, N, h0, f0) => {
      const h = h0 % S, f = f0 % N;
      return dPrime(h + 1, S, f, N)! > dPrime(h, S, f, N)! && dPrime(h, S, f + 1, N)! < dPrime(h, S, f, N)!;
    }));
  });
});
