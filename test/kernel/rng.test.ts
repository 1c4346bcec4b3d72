import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { Rng, RngStreams } from '../../sim/kernel/rng.js';
import { ksCritical, ksStatistic, moments } from './helpers.js';

const draws = (r: Rng, n: number) => Array.from({ length: n }, () => r.next());

describe('RngStreams', () => {
  it('gives the same sequence for the same seed and name', () => {
    expect(draws(new RngStreams(42).stream('arrivals'), 1000)).toEqual(draws(new RngStreams(42).stream('arrivals'), 1000));
  });

  it('treats a number seed and its decimal string as the same seed', () => {
    expect(draws(new RngStreams(42).stream('x'), 10)).toEqual(draws(new RngStreams('42').stream('x'), 10));
  });

  it('gives different sequences for different names and for different seeds', () => {
    const a = draws(new RngStreams(1).stream('service.gate'), 100);
    const b = draws(new RngStreams(1).stream('service.scan'), 100);
    const c = draws(new RngStreams(2).stream('service.gate'), 100);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    // names that differ only above the low byte of a character (seedrandom keys keep the low byte)
    expect(draws(new RngStreams(1).stream('\u0100'), 5)).not.toEqual(draws(new RngStreams(1).stream('\u0000'), 5));
    // separator cannot be forged by moving characters between seed and name
    expect(draws(new RngStreams('a/b').stream('c'), 5)).not.toEqual(draws(new RngStreams('a').stream('b/c'), 5));
  });

  it('does not shift a stream when other streams are added or used', () => {
    const alone = draws(new RngStreams(7).stream('arrivals'), 500);
    const s = new RngStreams(7);
    draws(s.stream('risk.random'), 123);
    const arr = s.stream('arrivals');
    const mixed: number[] = [];
    for (let i = 0; i < 500; i++) {
      mixed.push(arr.next());
      if (i % 3 === 0) s.stream(`extra-${i}`).next();
    }
    expect(mixed).toEqual(alone);
  });

  it('returns the same stream object for the same name', () => {
    const s = new RngStreams(3);
    expect(s.stream('a')).toBe(s.stream('a'));
    expect(s.stream('a')).not.toBe(s.stream('b'));
  });

  it('rejects a non-finite number seed', () => {
    expect(() => new RngStreams(NaN)).toThrow(RangeError);
    expect(() => new RngStreams(Infinity)).toThrow(/finite/);
  });

  it('is seedrandom tychei, step for step, from the same state', () => {
    const r = new RngStreams('bit-identical').stream('x');
    const ref = seedrandom.tychei('', { state: r.state() });
    const mine = Array.from({ length: 10_000 }, () => r.uint32());
    const theirs = Array.from({ length: 10_000 }, () => ref.int32() >>> 0);
    expect(mine).toEqual(theirs);
  });

  it('forks: restoring a snapshot replays the same numbers', () => {
    const s = new RngStreams(99);
    draws(s.stream('a'), 17);
    draws(s.stream('b'), 5);
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    const afterA = draws(s.stream('a'), 50);
    const afterB = draws(s.stream('b'), 50);
    const c = draws(s.stream('c'), 10); // created after the snapshot

    const fork = new RngStreams(99);
    fork.restore(snap);
    expect(draws(fork.stream('a'), 50)).toEqual(afterA);
    expect(draws(fork.stream('b'), 50)).toEqual(afterB);
    expect(draws(fork.stream('c'), 10)).toEqual(c);

    s.restore(snap); // in place: 'c' goes back to its initial state
    expect(draws(s.stream('a'), 50)).toEqual(afterA);
    expect(draws(s.stream('c'), 10)).toEqual(c);
  });

  it('refuses an all-zero state', () => {
    expect(() => new RngStreams(1).stream('x').restore({ a: 0, b: 0, c: 0, d: 0 })).toThrow(/all-zero/);
  });
});

describe('Rng.next', () => {
  const n = 200_000;
  const xs = draws(new RngStreams(2024).stream('uniform'), n);

  it('lies in [0, 1) on a 2^-53 grid and uses the low bits', () => {
    let odd = 0;
    let bad = 0;
    for (const x of xs) {
      const k = x * 2 ** 53;
      if (!(x >= 0 && x < 1 && Number.isInteger(k))) bad++;
      if (k % 2 === 1) odd++;
    }
    expect(bad).toBe(0);
    // the lowest of the 53 bits is set about half the time: resolution is really 53 bits
    expect(Math.abs(odd - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
  });

  it('has the mean and variance of U(0,1) and passes Kolmogorov–Smirnov', () => {
    const { mean, variance } = moments(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // var of (U − ½)² is 1/180
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / n));
    expect(ksStatistic(xs, (x) => x)).toBeLessThan(ksCritical(n));
  });

  it('shows no lag-1 or cross-stream correlation', () => {
    const ys = draws(new RngStreams(2024).stream('uniform2'), n);
    const corr = (a: number[], b: number[]) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (a[i] - 0.5) * (b[i] - 0.5);
      return (s / a.length) * 12;
    };
    const bound = 4 / Math.sqrt(n);
    expect(Math.abs(corr(xs, ys))).toBeLessThan(bound);
    expect(Math.abs(corr(xs.slice(1), xs.slice(0, -1)))).toBeLessThan(bound);
  });
});

describe('Rng.int', () => {
  it('is uniform on 0..n−1 and validates n', () => {
    const r = new RngStreams(5).stream('int');
    const counts = new Array(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[r.int(6)]++;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - n / 6) ** 2 / (n / 6);
    expect(chi2).toBeLessThan(20.5); // χ²(5) 0.999 quantile
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(2.5)).toThrow(RangeError);
  });
});
