/** Radiation portal behaviour: determinism, N42 round trips, false-alarm rate as configured, sources alarm, NORM is gamma-only. */
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { alarmThresholds, poisson, portalPassage, type PortalParams, type PortalPassage } from '../../hardware-emu/radiation/behaviour.js';
import { n42Codec, type N42Frame } from '../../hardware-emu/radiation/index.js';

const cargo = (c: PortalPassage['cargo']) => (i: number): PortalPassage => ({ at: 60 * i, lane: 'in-1', cargo: c });
function run(seed: number, n: number, make: (i: number) => PortalPassage, params: PortalParams = {}): N42Frame[] {
  const rng = new RngStreams(seed).stream('rpm');
  return Array.from({ length: n }, (_, i) => portalPassage(make(i), params, rng)).flatMap((fs) => fs.map((f) => f.frame));
}
const alarmed = (fs: N42Frame[], kind: 'gamma' | 'neutron') => fs.filter((f) => f.alarms.some((a) => a.kind === kind)).length;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** |observed − n·p| within 4 binomial standard deviations */
const withinBinomial = (observed: number, n: number, p: number) => expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)));

describe('portalPassage', () => {
  it('same seed, same frames; one frame per passage at the end of the occupancy, 0.2 s slices', () => {
    const a = portalPassage({ at: 100, lane: 'in-1', cargo: { norm: true } }, {}, new RngStreams(3).stream('rpm'));
    expect(portalPassage({ at: 100, lane: 'in-1', cargo: { norm: true } }, {}, new RngStreams(3).stream('rpm'))).toEqual(a);
    expect(portalPassage({ at: 100, lane: 'in-1', cargo: { norm: true } }, {}, new RngStreams(4).stream('rpm'))).not.toEqual(a);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ at: 108, device: 'in-1-rpm', format: 'n42' });
    expect(a[0].frame.measurements).toHaveLength(40);
    expect(a[0].frame.measurements[1]).toMatchObject({ start: '2026-01-01T00:01:40.200Z', durationS: 0.2 });
  });

  it('every frame encodes and decodes back with the N42 codec, alarms included', () => {
    const fs = [...run(1, 20, cargo({ norm: false, source: 'gamma' })), ...run(2, 20, cargo({ norm: false, source: 'neutron' })), ...run(3, 20, cargo({ norm: true }))];
    expect(fs.some((f) => f.alarms.length > 0)).toBe(true);
    for (const f of fs) expect(n42Codec.decode(n42Codec.encode(f))).toEqual(f);
  });

  it('thresholds: k from the configured rate, attained rate at most and near it', () => {
    const th = alarmThresholds({ falseAlarmRate: 0.01 });
    expect(th.windows).toBe(8);
    expect(th.gamma.backgroundPerWindow).toBe(2000);
    expect(th.gamma.k).toBeGreaterThan(3);
    expect(th.gamma.k).toBeLessThan(4);
    expect(th.passageFalseAlarmRate).toBeLessThanOrEqual(0.01);
    expect(th.passageFalseAlarmRate).toBeGreaterThan(0.009);
  });

  it('over 2,000 clean passages the false-alarm rate is within binomial tolerance of the configured rate', () => {
    for (const rate of [0.01, 0.05]) {
      const fs = run(11, 2000, cargo({ norm: false }), { falseAlarmRate: rate });
      withinBinomial(fs.filter((f) => f.alarms.length > 0).length, 2000, rate);
    }
  });

  it('strong sources alarm in their channel', () => {
    const g = run(5, 300, cargo({ norm: false, source: 'gamma' }));
    const n = run(6, 300, cargo({ norm: false, source: 'neutron' }));
    expect(alarmed(g, 'gamma') / 300).toBeGreaterThan(0.98);
    expect(alarmed(n, 'neutron') / 300).toBeGreaterThan(0.95);
  });

  it('NORM cargo raises gamma counts without neutron alarms beyond the false-alarm rate', () => {
    const clean = run(7, 300, cargo({ norm: false }));
    const norm = run(8, 300, cargo({ norm: true }));
    const total = (fs: N42Frame[], k: 'gamma' | 'neutron') => mean(fs.map((f) => f.measurements.reduce((s, m) => s + m[k], 0)));
    expect(total(norm, 'gamma') - total(clean, 'gamma')).toBeGreaterThan(250); // ~400 expected: 200 cps peak, 0.8 s bell
    expect(Math.abs(total(norm, 'neutron') - total(clean, 'neutron'))).toBeLessThan(3); // 40 expected per passage
    expect(alarmed(norm, 'neutron')).toBeLessThanOrEqual(300 * 0.005 + 4 * Math.sqrt(300 * 0.005));
    expect(alarmed(norm, 'gamma')).toBeGreaterThan(alarmed(clean, 'gamma')); // the nuisance alarms NORM is known for
  });
});

describe('poisson', () => {
  it('has mean and variance equal to its mean, small and large', () => {
    const rng = new RngStreams(1).stream('p');
    for (const m of [0.7, 5, 80, 2000]) {
      const xs = Array.from({ length: 20_000 }, () => poisson(rng, m));
      const mu = mean(xs), v = mean(xs.map((x) => (x - mu) ** 2));
      expect(Math.abs(mu - m)).toBeLessThan(5 * Math.sqrt(m / 20_000));
      expect(v / m).toBeGreaterThan(0.95);
      expect(v / m).toBeLessThan(1.05);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
  });
});
