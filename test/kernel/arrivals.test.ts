import { describe, expect, it } from 'vitest';
import { HourlyProfileArrivals, PoissonArrivals, type ArrivalProcess } from '../../sim/kernel/arrivals.js';
import { RngStreams, type RandomSource } from '../../sim/kernel/rng.js';

const HOUR = 3600;
const DAY = 86400;

// a gate's day: closed at night, two peaks
const profile = [0, 0, 0, 0, 0, 5, 20, 40, 60, 60, 50, 40, 30, 40, 50, 60, 50, 30, 20, 10, 5, 0, 0, 0];

function run(p: ArrivalProcess, rng: RandomSource, from: number, until: number): number[] {
  const ts: number[] = [];
  let t = p.next(from, rng);
  while (t < until) {
    ts.push(t);
    t = p.next(t, rng);
  }
  return ts;
}

describe('HourlyProfileArrivals', () => {
  const days = 200;
  const rng = new RngStreams('nhpp').stream('arrivals');
  const ts = run(new HourlyProfileArrivals(profile), rng, 0, days * DAY);
  const perHourTotal = new Array(24).fill(0);
  const daily = Array.from({ length: 24 }, () => new Array(days).fill(0));
  for (const t of ts) {
    const h = Math.floor((t % DAY) / HOUR);
    perHourTotal[h]++;
    daily[h][Math.floor(t / DAY)]++;
  }

  it('puts as many arrivals in each hour as the profile says, within Poisson error', () => {
    for (let h = 0; h < 24; h++) {
      const expected = profile[h] * days;
      if (expected === 0) expect(perHourTotal[h]).toBe(0);
      else expect(Math.abs(perHourTotal[h] - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });

  it('gives Poisson counts: daily variance ≈ mean in busy hours', () => {
    for (const h of [8, 9, 15]) {
      const xs = daily[h];
      const m = xs.reduce((a, b) => a + b) / days;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (days - 1);
      // sample variance of Poisson counts has relative sd ≈ √(2/(days−1)) = 0.1
      expect(v / m).toBeGreaterThan(0.6);
      expect(v / m).toBeLessThan(1.4);
    }
  });

  it('returns increasing times', () => {
    let notIncreasing = 0;
    for (let i = 1; i < ts.length; i++) if (!(ts[i] > ts[i - 1])) notIncreasing++;
    expect(notIncreasing).toBe(0);
    expect(ts.length).toBeGreaterThan(100_000);
  });

  it('handles a single open hour by skipping closed days exactly', () => {
    const one = new Array(24).fill(0);
    one[3] = 1.5;
    const r = new RngStreams('single-hour').stream('a');
    const n = 2000;
    const xs = run(new HourlyProfileArrivals(one), r, 0, n * DAY);
    expect(xs.filter((t) => Math.floor((t % DAY) / HOUR) !== 3)).toEqual([]);
    expect(Math.abs(xs.length - 1.5 * n)).toBeLessThan(4 * Math.sqrt(1.5 * n));
  });

  it('returns Infinity for an all-zero profile without using the stream', () => {
    let used = 0;
    const counting = { next: () => (used++, 0.5) };
    expect(new HourlyProfileArrivals(new Array(24).fill(0)).next(123, counting)).toBe(Infinity);
    expect(used).toBe(0);
  });

  it('uses exactly one draw per arrival', () => {
    let used = 0;
    const base = new RngStreams(1).stream('x');
    const counting = { next: () => (used++, base.next()) };
    const xs = run(new HourlyProfileArrivals(profile), counting, 0, 5 * DAY);
    expect(used).toBe(xs.length + 1); // the last draw lands past the horizon
  });

  it('inverts the cumulative intensity: a known draw gives a known time', () => {
    // u = 1 − e^−E, so E = 1 exactly-ish: from 05:00 (5/h) the first unit of intensity takes 12 min
    const fixed = (e: number) => ({ next: () => 1 - Math.exp(-e) });
    const p = new HourlyProfileArrivals(profile);
    expect(p.next(5 * HOUR, fixed(1))).toBeCloseTo(5 * HOUR + 720, 6);
    // E = 5 from 05:00 exhausts hour 5 exactly, E = 15 reaches 06:30 (20/h)
    expect(p.next(5 * HOUR, fixed(15))).toBeCloseTo(6.5 * HOUR, 6);
    // from 21:00 (closed until 05:00 next day)
    expect(p.next(21 * HOUR, fixed(1))).toBeCloseTo(DAY + 5 * HOUR + 720, 6);
    // E larger than a whole day: one open hour at 0.1/h, E = 0.95 → nine whole days, then half an hour
    const sparse = new Array(24).fill(0);
    sparse[3] = 0.1;
    expect(new HourlyProfileArrivals(sparse).next(0, fixed(0.95))).toBeCloseTo(9 * DAY + 3 * HOUR + 1800, 4);
  });

  it('matches homogeneous Poisson arrivals draw for draw when the profile is flat', () => {
    const a = new RngStreams(9).stream('arr');
    const b = new RngStreams(9).stream('arr');
    const flat = new HourlyProfileArrivals(new Array(24).fill(30));
    const hom = new PoissonArrivals(30);
    let t1 = 1000;
    let t2 = 1000;
    for (let i = 0; i < 5000; i++) {
      t1 = flat.next(t1, a);
      t2 = hom.next(t2, b);
      expect(Math.abs(t1 - t2)).toBeLessThan(1e-6 * Math.max(1, t2));
    }
  });

  it('validates the profile', () => {
    expect(() => new HourlyProfileArrivals([1, 2, 3])).toThrow('HourlyProfileArrivals: perHour must have 24 values, got 3');
    const neg = new Array(24).fill(1);
    neg[7] = -2;
    expect(() => new HourlyProfileArrivals(neg)).toThrow('perHour[7] must be a finite number >= 0, got -2');
  });
});

describe('PoissonArrivals', () => {
  it('has the requested rate', () => {
    const r = new RngStreams(2).stream('p');
    const xs = run(new PoissonArrivals(45), r, 0, 1000 * HOUR);
    expect(Math.abs(xs.length - 45_000)).toBeLessThan(4 * Math.sqrt(45_000));
  });

  it('never arrives at rate 0 and rejects negative rates', () => {
    expect(new PoissonArrivals(0).next(5, { next: () => 0.3 })).toBe(Infinity);
    expect(() => new PoissonArrivals(-1)).toThrow(RangeError);
  });
});
