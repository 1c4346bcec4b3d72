/**
 * Whole runs of the processing-trade zone: runs repeat event for event (and the XState engine
 * agrees with the compiled one), policies on one seed meet the same factories and the same
 * violations, the stream keeps its bookkeeping invariants, the policies differ the way the
 * scenario claims, each mechanism catches what it should, and the summary agrees with the stream.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { parse, stringify } from 'yaml';
import { runZone } from '../../runner/run-zone.js';
import { loadScenario, parseScenario } from '../../scenarios/loader.js';
import { zoneConfigFor } from '../../scenarios/zone-config.js';
import type { ZoneScenario } from '../../scenarios/zone-schema.js';
import type { ZoneRecord } from '../../sim/agents/zone-site.js';

const SUZHOU_FILE = fileURLToPath(new URL('../../scenarios/suzhou-networked-zone.yaml', import.meta.url));
const POLICIES = ['paper-books', 'networked', 'networked-work-order'] as const;
const DAY = 86400;
const EVENING = 18 * 3600;

type Line = { t: number; id: string; e: EventObject & Record<string, any> };
type Rec<T extends ZoneRecord['type']> = Extract<ZoneRecord, { type: T }> & { t: number };

const suzhou = loadScenario(SUZHOU_FILE, 'zone');

/** The Suzhou file with edits applied to its YAML data (comments are lost; the schema still checks it). */
function variant(edit: (doc: any) => void): ZoneScenario {
  const doc = parse(readFileSync(SUZHOU_FILE, 'utf8'));
  edit(doc);
  return parseScenario(stringify(doc), 'variant.yaml', 'zone');
}

function run(s: ZoneScenario, policy: string, seed: number, engine: 'compiled' | 'xstate' = 'compiled') {
  const lines: Line[] = [];
  const r = runZone(zoneConfigFor(s, policy), { seed, engine, sink: (t, id, e) => lines.push({ t, id, e: e as Line['e'] }) });
  const of = <T extends ZoneRecord['type']>(type: T): Rec<T>[] => lines.filter((l) => l.e.type === type).map((l) => ({ ...(l.e as any), t: l.t }));
  return { ...r, lines, of };
}

const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
const groupSum = <R extends { enterprise: number }>(rs: readonly R[], f: (r: R) => number) => {
  const m = new Map<number, number>();
  for (const r of rs) m.set(r.enterprise, (m.get(r.enterprise) ?? 0) + f(r));
  return m;
};

describe('zone site: reproducibility', () => {
  // a smaller world keeps the XState run (the slower engine) short
  const small = variant((d) => {
    d.population.enterprises = 15;
    d.horizon.days = 91;
  });

  it('the same scenario, policy and seed give the identical event stream', () => {
    const a = run(suzhou, 'networked', 7);
    const b = run(suzhou, 'networked', 7);
    expect(a.lines.length).toBeGreaterThan(1000);
    expect(JSON.stringify(b.lines)).toBe(JSON.stringify(a.lines));
    expect(b.metrics).toEqual(a.metrics);
    // and the seed matters: another seed is another world
    expect(JSON.stringify(run(suzhou, 'networked', 8).lines)).not.toBe(JSON.stringify(a.lines));
  });

  it('the xstate engine gives the same stream as the compiled one', () => {
    const c = run(small, 'networked-work-order', 3, 'compiled');
    const x = run(small, 'networked-work-order', 3, 'xstate');
    // the machines must have had something to do, or the comparison says little
    expect(c.lines.some((l) => l.e.type === 'book.change_approved')).toBe(true);
    expect(JSON.stringify(x.lines)).toBe(JSON.stringify(c.lines));
    expect(x.emits).toBe(c.emits);
  });
});

describe('zone site: common random numbers', () => {
  it('every policy on one seed meets the same enterprises and the same violations', () => {
    const runs = POLICIES.map((p) => run(suzhou, p, 2005));
    const enterprises = runs.map((r) => JSON.stringify(r.lines.filter((l) => l.e.type === 'bond.enterprise')));
    // `concealed` depends on the policy's book-keeping (paper vs ERP), the rest must not
    const violations = runs.map((r) =>
      JSON.stringify(r.of('bond.violation_started').map(({ t, enterprise, kind, material, start_day }) => ({ t, enterprise, kind, material, start_day }))),
    );
    expect(runs[0].of('bond.enterprise')).toHaveLength(60);
    expect(runs[0].of('bond.violation_started').length).toBeGreaterThan(0);
    for (const i of [1, 2]) {
      expect(enterprises[i]).toBe(enterprises[0]);
      expect(violations[i]).toBe(violations[0]);
    }
  });
});

describe('zone site: invariants of the stream', () => {
  const SEEDS = [1, 2, 3, 4, 5];
  for (const policy of POLICIES) {
    it(`${policy}: cases, recoveries, diversions and checks add up over ${SEEDS.length} seeds`, () => {
      let nCases = 0;
      for (const seed of SEEDS) {
        const r = run(suzhou, policy, seed);
        const where = `${policy}, seed ${seed}`;
        const violators = new Set(r.of('bond.violation_started').map((v) => v.enterprise));
        const cases = r.of('bond.case');
        const diverted = r.of('bond.diverted');
        nCases += cases.length;

        const firsts = groupSum(cases, (c) => (c.first ? 1 : 0));
        for (const [e, n] of firsts) expect(n, `${where}: first cases of enterprise ${e}`).toBeLessThanOrEqual(1);
        for (const c of cases) {
          expect(violators.has(c.enterprise), `${where}: case at enterprise ${c.enterprise} without a violation`).toBe(true);
          // honest books are exact: a case always has a violation behind it
          expect(c.kind, `${where}: false case at enterprise ${c.enterprise}`).not.toBeNull();
          expect(c.recovered).toBeGreaterThanOrEqual(0);
        }

        const stake = groupSum(diverted, (d) => d.tax);
        for (const [e, rec] of groupSum(cases, (c) => c.recovered)) {
          const s = stake.get(e) ?? 0;
          // sums of the same floats in another order: allow rounding relative to the stake
          expect(rec, `${where}: enterprise ${e} recovered more than it diverted`).toBeLessThanOrEqual(s + 1e-6 * Math.max(1, s));
        }
        for (const d of diverted) {
          expect(Number.isFinite(d.units) && d.units >= 0, `${where}: diverted ${d.units}`).toBe(true);
          expect(violators.has(d.enterprise)).toBe(true);
        }

        // a scheme is only "prevented" once a case stopped it: walk the stream in order
        const caught = new Set<number>();
        for (const l of r.lines) {
          if (l.e.type === 'bond.case' && l.e.first) caught.add(l.e.enterprise);
          if (l.e.type === 'bond.prevented') expect(caught.has(l.e.enterprise), `${where}: prevented before a case at ${l.e.enterprise}`).toBe(true);
        }

        // the physical stock is private to the site, so the write-off of an honest enterprise is
        // read from its checks: every one of them must balance exactly
        const honestChecks = r.of('bond.checked').filter((c) => !violators.has(c.enterprise));
        expect(honestChecks.length).toBeGreaterThan(0);
        for (const c of honestChecks) expect(c.discrepancy, `${where}: honest enterprise ${c.enterprise} at t=${c.t}`).toBe(0);
      }
      // the checks above must have had cases to look at
      expect(nCases).toBeGreaterThan(0);
    });
  }
});

describe('zone site: policy effects (Suzhou, seeds 2005..2014, paired)', () => {
  it('networked books cut admin hours, detection time and change waits; work orders catch inflated consumption', { timeout: 40_000 }, () => {
    const seeds = Array.from({ length: 10 }, (_, i) => 2005 + i);
    const m = Object.fromEntries(POLICIES.map((p) => [p, seeds.map((seed) => runZone(zoneConfigFor(suzhou, p), { seed }).metrics)])) as Record<
      (typeof POLICIES)[number],
      ReturnType<typeof runZone>['metrics'][]
    >;
    const paper = m['paper-books'];
    const net = m.networked;
    seeds.forEach((seed, i) => {
      expect(net[i].enterprise_admin_hours.total, `seed ${seed}`).toBeLessThan(paper[i].enterprise_admin_hours.total);
      expect(net[i].declarations.change_wait_h_mean, `seed ${seed}`).toBeLessThan(paper[i].declarations.change_wait_h_mean);
    });
    const meanDetect = (ms: typeof paper) => {
      const xs = ms.map((x) => x.violations.detection_days_mean).filter((x) => !Number.isNaN(x));
      expect(xs.length).toBeGreaterThan(0);
      return sum(xs) / xs.length;
    };
    expect(meanDetect(net)).toBeLessThan(meanDetect(paper));
    const inflatedCaught = (ms: typeof paper) => sum(ms.map((x) => x.violations.by_kind.inflated_consumption.detected));
    expect(inflatedCaught(m['networked-work-order'])).toBeGreaterThanOrEqual(inflatedCaught(net));
  });
});

describe('zone site: which mechanism catches which (one explicit enterprise)', () => {
  // Nothing but the weekly verification can find anything: no gate checks, no audits, figures
  // never falsified; the quarterly write-off counts the stock itself and lands on the last day.
  const tiny = (violation: string, basis: string) =>
    parseScenario(
      `
version: 1
name: tiny-zone
horizon: { days: 91 }
site: { zone: { name: test } }
population:
  enterprises: 1
  credit_mix: { advanced_aeo: 0, general_aeo: 0, general: 1, dishonest: 0 }
  materials: [1, 1]
  products: [1, 1]
  weekly_output: { dist: constant, value: 700 }
  domestic_share: 0
  model_changes_per_quarter: 0
  stock_weeks: 3
books:
  - enterprise: E01
    credit: general
    items: [{ item: 1, hs: '852852', unit: piece }]
    materials: [{ number: M01, item: 1, stock: 2100, unit_value_rmb: 900 }]
    products: [{ number: P01, weekly_output: 700, bom: { M01: 1 } }]
    violation: ${violation}
truth:
  violation_rate: { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 }
  mix: { domestic_sale: 1, inflated_consumption: 0, unrecorded_outsourcing: 0, stock_shortage: 0 }
  concealment: { self_report: 0, erp: 0 }
policies:
  - name: only-verification
    books: networked
    declaration: { admin_h: 0.05, review_s: { dist: constant, value: 300 } }
    change: { admin_h: 0.25, review_s: { dist: constant, value: 300 } }
    verification: { every_days: 7, admin_h: 0.1 }
    write_off: { every_days: 91, basis: ${basis}, stocktake: 1, tolerance: 0.01, admin_h: 4 }
    tax: { payment: aggregated, admin_h: 2 }
    gate:
      check_rate: { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 }
      detect: 0.5
    audit:
      per_year: { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 }
      detect: 0.7
      on_signal: false
      admin_h: 24
`,
      'tiny.yaml',
      'zone',
    );
  const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
  /** The evening of the first weekly verification on or after `day` (day d verifies when (d + 1) % 7 == 0). */
  const verificationAfter = (day: number) => (Math.ceil((day + 1) / 7) * 7 - 1) * DAY + EVENING;

  it('inflated consumption: caught by verification when the write-off counts work orders', () => {
    const starts: number[] = [];
    for (const seed of SEEDS) {
      const r = run(tiny('inflated_consumption', 'work-order'), 'only-verification', seed);
      const [v] = r.of('bond.violation_started');
      starts.push(v.start_day);
      const first = r.of('bond.case').filter((c) => c.first);
      expect(first, `seed ${seed}`).toHaveLength(1);
      expect(first[0].mechanism).toBe('verification');
      expect(first[0].kind).toBe('inflated_consumption');
      // the surplus of the first day's production already shows at the next verification
      expect(first[0].t, `seed ${seed}, start_day ${v.start_day}`).toBe(verificationAfter(Math.max(0, v.start_day)));
    }
    // the seeds cover schemes begun before the run and during it
    expect(starts.some((s) => s < 0) && starts.some((s) => s >= 0), `start days ${starts}`).toBe(true);
  });

  /** Runs under declared unit consumption must see nothing: the scheme keeps stock and book in step. */
  const neverCaught = (seed: number) => {
    const r = run(tiny('inflated_consumption', 'unit-consumption'), 'only-verification', seed);
    const where = `seed ${seed}, start_day ${r.of('bond.violation_started')[0].start_day}`;
    expect(r.of('bond.diverted').length, where).toBeGreaterThan(0);
    expect(r.of('bond.case'), where).toHaveLength(0);
    expect(r.metrics.violations.detected, where).toBe(0);
    for (const c of r.of('bond.checked')) expect(c.discrepancy, `${where}, check at day ${c.t / DAY}`).toBe(0);
    return r;
  };
  const startDay = (seed: number) => run(tiny('inflated_consumption', 'unit-consumption'), 'only-verification', seed).of('bond.violation_started')[0].start_day;

  it('inflated consumption begun before the run: never caught on declared unit consumption', () => {
    const before = SEEDS.filter((seed) => startDay(seed) < 0);
    expect(before.length).toBeGreaterThan(0);
    for (const seed of before) neverCaught(seed);
  });

  // Seeds 3 and 12 start the scheme on days 34 and 28. Products made before the amendment and
  // still in stock are counted back at the inflated consumption, but their surplus was never taken
  // off the stock: the count shows a surplus and the first verification opens a case.
  it('inflated consumption begun during the run: never caught on declared unit consumption', () => {
    const during = SEEDS.filter((seed) => startDay(seed) >= 0);
    expect(during.length).toBeGreaterThan(0);
    for (const seed of during) neverCaught(seed);
  });

  it('domestic sale without concealment: caught at the first verification after its first act', () => {
    const starts: number[] = [];
    for (const seed of SEEDS) {
      const r = run(tiny('domestic_sale', 'unit-consumption'), 'only-verification', seed);
      const [v] = r.of('bond.violation_started');
      const s = v.start_day;
      starts.push(s);
      // the first day anything leaves the stock: its start day; for a scheme begun before the
      // run, day 0 when it has acted before (every 14 days), else its next act
      const firstAct = s >= 0 ? s : -s >= 14 ? 0 : s + 14;
      const took = r.of('bond.diverted');
      expect(took.length).toBeGreaterThan(0);
      expect(Math.floor(took[0].t / DAY), `seed ${seed}, start_day ${s}`).toBe(firstAct);
      const first = r.of('bond.case').filter((c) => c.first);
      expect(first, `seed ${seed}`).toHaveLength(1);
      expect(first[0].mechanism).toBe('verification');
      expect(first[0].t, `seed ${seed}, start_day ${s}`).toBe(verificationAfter(firstAct));
    }
    expect(starts.some((s) => s < 0) && starts.some((s) => s >= 0), `start days ${starts}`).toBe(true);
  });
});

describe('zone site: the summary agrees with the stream', () => {
  for (const policy of POLICIES) {
    it(`${policy}: revenue and detections`, () => {
      for (const seed of [11, 12, 13]) {
        const r = run(suzhou, policy, seed);
        const m = r.metrics;
        const stake = sum(r.of('bond.diverted').map((d) => d.tax));
        const recovered = sum(r.of('bond.case').map((c) => c.recovered));
        expect(stake).toBeGreaterThan(0);
        expect(m.revenue.at_stake).toBeCloseTo(stake, 6);
        expect(m.revenue.recovered).toBeCloseTo(recovered, 6);
        expect(sum(Object.values(m.write_off.detection_by_mechanism))).toBe(m.violations.detected);
        expect(m.violations.detected).toBe(r.of('bond.case').filter((c) => c.first).length);
        expect(m.violations.count).toBe(r.of('bond.violation_started').length);
      }
    });
  }
});
