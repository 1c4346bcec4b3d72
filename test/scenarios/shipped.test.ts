import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DistSpec } from '../../sim/kernel/distribution-spec.js';
import { canonicalJson, loadScenario, parseScenario, scenarioHash } from '../../scenarios/loader.js';
import type { GateScenario } from '../../scenarios/schema.js';

const scenario = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

describe('shipped scenarios', () => {
  it('gate-mmc.yaml is the M/M/c check: 4 lanes, 192/h, exponential 60 s, 24 h with 1 h warm-up', () => {
    const s = loadScenario(scenario('gate-mmc.yaml'), 'gate');
    expect(s).toMatchObject({
      version: 1,
      name: 'gate-mmc',
      seed: 7,
      horizon: { hours: 24, warmup_hours: 1 },
      site: { gates: { lanes: 4, service_s: { dist: 'exponential', mean: 60 }, discipline: 'fifo' } },
      demand: { arrivals: { per_hour: 192 } },
    });
    // rho = lambda / (c mu) = (192/3600) / (4 / 60)
    const { per_hour } = s.demand.arrivals;
    expect(per_hour! / 3600 / (s.site.gates.lanes / 60)).toBeCloseTo(0.8, 12);
  });

  it('gate-shifts.yaml: hourly profile of ~2,500 trucks/day, shift windows, 7 days with 1 day warm-up', () => {
    const s = loadScenario(scenario('gate-shifts.yaml'), 'gate');
    expect(s.name).toBe('gate-shifts');
    expect(s.horizon).toEqual({ hours: 168, warmup_hours: 24 });
    const profile = s.demand.arrivals.profile_per_hour!;
    expect(profile).toHaveLength(24);
    const total = profile.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2400);
    expect(total).toBeLessThan(2600);
    // quiet night, morning and afternoon peaks
    expect(Math.max(...profile.slice(0, 5))).toBeLessThan(30);
    expect(Math.max(...profile.slice(8, 12))).toBeGreaterThan(200);
    expect(Math.max(...profile.slice(14, 18))).toBeGreaterThan(200);
    expect(s.site.gates.shifts!.length).toBeGreaterThan(1);
    // every hour's utilisation stays below 1 with the lanes open in that hour (mean service 60 s)
    const lanesAt = (h: number) =>
      s.site.gates.shifts!.find((w) => Number(w.from.slice(0, 2)) <= h && h < Number(w.to.slice(0, 2)))?.lanes ??
      s.site.gates.lanes;
    for (let h = 0; h < 24; h++) expect(profile[h] / (lanesAt(h) * 60)).toBeLessThan(0.8);
  });
});

describe('scenarioHash', () => {
  const text = `version: 1
name: h
horizon: { hours: 1 }
site: { gates: { lanes: 1, service_s: { dist: constant, value: 5 } } }
demand: { arrivals: { per_hour: 10 } }
`;
  it('is a sha256 hex digest, stable, independent of key order and of spelled-out defaults', () => {
    const a = parseScenario(text, 'a.yaml');
    const reordered = parseScenario(
      `demand: { arrivals: { per_hour: 10 } }
site: { gates: { service_s: { value: 5, dist: constant }, discipline: fifo, lanes: 1 } }
horizon: { hours: 1 }
name: h
version: 1
`,
      'b.yaml',
    );
    expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(scenarioHash(a)).toBe(scenarioHash(reordered));
    expect(scenarioHash(a)).not.toBe(scenarioHash(parseScenario(text.replace('per_hour: 10', 'per_hour: 11'), 'c.yaml')));
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});

describe('types', () => {
  it('service_s is exactly the kernel DistSpec; horizon and arrivals are exclusive unions', () => {
    expectTypeOf<GateScenario['site']['gates']['service_s']>().toEqualTypeOf<DistSpec>();
    expectTypeOf<GateScenario['site']['gates']['discipline']>().toEqualTypeOf<'fifo' | 'priority'>();
    type H = GateScenario['horizon'];
    expectTypeOf<Extract<H, { hours: number }>['trucks']>().toEqualTypeOf<undefined>();
    // consumers narrow on presence
    const narrow = (h: H, a: GateScenario['demand']['arrivals']) => {
      if (h.hours !== undefined) expectTypeOf(h.trucks).toEqualTypeOf<undefined>();
      else expectTypeOf(h.trucks).toEqualTypeOf<number>();
      if (a.per_hour === undefined) expectTypeOf(a.profile_per_hour).toEqualTypeOf<number[]>();
    };
    expect(typeof narrow).toBe('function');
  });
});
