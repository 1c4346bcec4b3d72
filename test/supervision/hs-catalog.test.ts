import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, RngStreams, type RandomSource } from '../../sim/kernel/rng.js';
import {
  HS_HEADINGS,
  ORIGINS,
  headingIndexByCode,
  headingSampler,
  originIndexByCode,
  originSampler,
} from '../../sim/supervision/hs-catalog.js';
import { gammaP } from '../kernel/helpers.js';

const byCode = (code: string) => HS_HEADINGS[headingIndexByCode(code)];

describe('HS_HEADINGS', () => {
  it('has about 40 headings with unique six-digit codes and the chapter of their code', () => {
    expect(HS_HEADINGS.length).toBeGreaterThanOrEqual(35);
    expect(HS_HEADINGS.length).toBeLessThanOrEqual(50);
    expect(new Set(HS_HEADINGS.map((x) => x.code)).size).toBe(HS_HEADINGS.length);
    for (const x of HS_HEADINGS) {
      expect(x.code).toMatch(/^\d{6}$/);
      expect(x.chapter).toBe(Number(x.code.slice(0, 2)));
      expect(x.chapter).toBeGreaterThanOrEqual(1);
      expect(x.chapter).toBeLessThanOrEqual(97);
      expect(x.description.length).toBeGreaterThan(0);
    }
  });

  it('has sane numbers', () => {
    for (const x of HS_HEADINGS) {
      expect(x.weight, x.code).toBeGreaterThan(0);
      expect(x.refUsdPerKg, x.code).toBeGreaterThan(0);
      expect(x.kgPerUnit, x.code).toBeGreaterThan(0);
      expect(x.dutyRate, x.code).toBeGreaterThanOrEqual(0);
      expect(x.dutyRate, x.code).toBeLessThanOrEqual(0.5);
      expect([0, 1, 2]).toContain(x.risk);
      expect(typeof x.ipr).toBe('boolean');
      expect(typeof x.prohibitedProne).toBe('boolean');
      expect(['kg', 'l', 'piece', 'pair', 'thousand']).toContain(x.unit);
      if (x.unit === 'kg') expect(x.kgPerUnit, x.code).toBe(1);
    }
  });

  it('spans the chapters a port sees', () => {
    const chapters = new Set(HS_HEADINGS.map((x) => x.chapter));
    for (const c of [3, 8, 22, 24, 27, 30, 33, 39, 40, 42, 44, 61, 62, 64, 71, 72, 73, 84, 85, 87, 90, 91, 94, 95]) {
      expect(chapters.has(c), `chapter ${c}`).toBe(true);
    }
  });

  it('flags sensitive, IPR and prohibited-prone goods where expected', () => {
    for (const code of ['240220', '220421', '910221', '420221', '300490', '851713']) expect(byCode(code).risk, code).toBe(2);
    for (const code of ['420221', '851713', '640399', '910221']) expect(byCode(code).ipr, code).toBe(true);
    for (const code of ['050790', '293941', '391590', '440799']) expect(byCode(code).prohibitedProne, code).toBe(true);
    // prohibited-prone goods are rare, common goods are common
    const w = (code: string) => byCode(code).weight;
    for (const code of ['050790', '293941', '391590']) expect(w(code)).toBeLessThan(w('390110') / 10);
    // every risk level, and at least a few of each flag, so every rule profile can fire
    for (const r of [0, 1, 2]) expect(HS_HEADINGS.some((x) => x.risk === r)).toBe(true);
    expect(HS_HEADINGS.filter((x) => x.ipr).length).toBeGreaterThanOrEqual(5);
    expect(HS_HEADINGS.filter((x) => x.prohibitedProne).length).toBeGreaterThanOrEqual(3);
  });

  it('misclassAs names a heading in the table with a duty no higher', () => {
    for (const x of HS_HEADINGS) {
      const i = headingIndexByCode(x.misclassAs);
      expect(i, `${x.code} → ${x.misclassAs}`).toBeGreaterThanOrEqual(0);
      const t = HS_HEADINGS[i];
      expect(t.dutyRate, `${x.code} → ${t.code}`).toBeLessThanOrEqual(x.dutyRate);
      if (x.prohibitedProne) {
        // the benign cover the goods are declared under
        expect(t.code, x.code).not.toBe(x.code);
        expect(t.prohibitedProne, `${x.code} → ${t.code}`).toBe(false);
      } else if (t.code !== x.code) {
        // a misclassification that pays
        expect(t.dutyRate, `${x.code} → ${t.code}`).toBeLessThan(x.dutyRate);
      }
      // a target is itself a plain heading: misclassifying does not chain
      expect(t.misclassAs === t.code || !t.prohibitedProne).toBe(true);
    }
  });

  it('points a heading to itself only when nothing in its chapter has a lower duty (one reasoned exception)', () => {
    // valves (8481) share chapter 84 with duty-free laptops, which no one could declare them as
    const implausible = new Set(['848180']);
    for (const x of HS_HEADINGS) {
      if (x.misclassAs !== x.code || implausible.has(x.code)) continue;
      const lower = HS_HEADINGS.filter((y) => y.chapter === x.chapter && y.dutyRate < x.dutyRate);
      expect(lower.map((y) => y.code), x.code).toEqual([]);
    }
    // and misclassification pays for a fair share of the dutiable trade
    const dutiable = HS_HEADINGS.filter((x) => x.dutyRate > 0 && !x.prohibitedProne);
    const paying = dutiable.filter((x) => byCode(x.misclassAs).dutyRate < x.dutyRate);
    expect(paying.length).toBeGreaterThanOrEqual(12);
  });

  it('headingIndexByCode finds every code and returns -1 for others', () => {
    HS_HEADINGS.forEach((x, i) => expect(headingIndexByCode(x.code)).toBe(i));
    for (const bad of ['', '000000', '8517', '8517130', 'abcdef']) expect(headingIndexByCode(bad)).toBe(-1);
  });
});

describe('ORIGINS', () => {
  it('has about 20 origins with unique ISO alpha-2 codes and sane fields', () => {
    expect(ORIGINS.length).toBeGreaterThanOrEqual(15);
    expect(ORIGINS.length).toBeLessThanOrEqual(30);
    expect(new Set(ORIGINS.map((x) => x.code)).size).toBe(ORIGINS.length);
    for (const x of ORIGINS) {
      expect(x.code).toMatch(/^[A-Z]{2}$/);
      expect(x.code).not.toBe('CN');
      expect(x.name.length).toBeGreaterThan(0);
      expect(x.weight).toBeGreaterThan(0);
      expect([0, 1, 2]).toContain(x.risk);
    }
    ORIGINS.forEach((x, i) => expect(originIndexByCode(x.code)).toBe(i));
    expect(originIndexByCode('XX')).toBe(-1);
  });

  it('marks China’s FTA partners, and leaves room for origin fraud both ways', () => {
    const fta = new Set(ORIGINS.filter((x) => x.fta).map((x) => x.code));
    for (const c of ['KR', 'AU', 'NZ', 'CL', 'PE', 'CH', 'SG', 'TH', 'MY', 'VN', 'ID', 'PH', 'PK']) expect(fta.has(c), c).toBe(true);
    for (const c of ['US', 'DE', 'BR', 'IN', 'RU', 'GB']) expect(fta.has(c), c).toBe(false);
    expect(ORIGINS.some((x) => x.risk === 2)).toBe(true);
    // a consignment's true origin is non-FTA often enough for origin fraud to happen
    const total = ORIGINS.reduce((s, x) => s + x.weight, 0);
    const nonFta = ORIGINS.filter((x) => !x.fta).reduce((s, x) => s + x.weight, 0);
    expect(nonFta / total).toBeGreaterThan(0.2);
  });
});

/**
 * Pearson's chi-square of the counts against the weights. With k cells the statistic is
 * asymptotically χ²(k − 1) when the sampler is right; every expected count here is ≥ 50
 * (smallest weight share × 200k), well above the usual 5 for the approximation. The p-value bound
 * 1e-4 makes a false failure 1 in 10,000 per seed (the seed is fixed, so the test is
 * deterministic anyway); a sampler that drops or doubles one cell of share p shifts the statistic
 * by about n·p, i.e. ≥ 50 for the rarest cell, far beyond the ~df + 4√(2 df) a correct one gives.
 */
function chiSquareP(counts: number[], weights: readonly number[]): { p: number; stat: number; minExpected: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  let stat = 0;
  let minExpected = Infinity;
  counts.forEach((c, i) => {
    const e = (n * weights[i]) / total;
    minExpected = Math.min(minExpected, e);
    stat += ((c - e) * (c - e)) / e;
  });
  return { p: 1 - gammaP((counts.length - 1) / 2, stat / 2), stat, minExpected };
}

describe('samplers', () => {
  const N = 200_000;

  it.each([
    ['heading', headingSampler, HS_HEADINGS.map((x) => x.weight)],
    ['origin', originSampler, ORIGINS.map((x) => x.weight)],
  ] as const)('%s sampler: frequencies match the weights (200k draws, chi-square)', (name, make, weights) => {
    const draw = make();
    const rng = new RngStreams('hs-catalog').stream(name);
    const counts = new Array<number>(weights.length).fill(0);
    for (let k = 0; k < N; k++) counts[draw(rng)]++;
    const { p, minExpected } = chiSquareP(counts, weights);
    expect(minExpected).toBeGreaterThanOrEqual(50);
    expect(p).toBeGreaterThan(1e-4);
    // and cell by cell: within 5 binomial standard deviations
    const total = weights.reduce((a, b) => a + b, 0);
    counts.forEach((c, i) => {
      const q = weights[i] / total;
      expect(Math.abs(c - N * q), `${name} ${i}`).toBeLessThan(5 * Math.sqrt(N * q * (1 - q)));
    });
  });

  it('maps the unit interval onto the cumulative table at its edges', () => {
    const at = (u: number): RandomSource => ({ next: () => u });
    const draw = headingSampler();
    expect(draw(at(0))).toBe(0);
    expect(draw(at(1 - 2 ** -53))).toBe(HS_HEADINGS.length - 1);
    const total = HS_HEADINGS.reduce((s, x) => s + x.weight, 0);
    // just below and at the first boundary
    const b = HS_HEADINGS[0].weight / total;
    expect(draw(at(b * (1 - 1e-9)))).toBe(0);
    expect(draw(at(b * (1 + 1e-9)))).toBe(1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u) => {
        const i = draw(at(u));
        expect(i).toBeGreaterThanOrEqual(0);
        expect(i).toBeLessThan(HS_HEADINGS.length);
        let cumBefore = 0;
        for (let j = 0; j < i; j++) cumBefore += HS_HEADINGS[j].weight;
        // u·total falls in [cum before i, cum through i) up to rounding
        expect(u * total).toBeGreaterThanOrEqual(cumBefore - 1e-9);
        expect(u * total).toBeLessThan(cumBefore + HS_HEADINGS[i].weight + 1e-9);
      }),
    );
  });

  it('uses exactly one uniform per draw and the same state gives the same draws', () => {
    let calls = 0;
    const counting: RandomSource = { next: () => (calls++, 0.5) };
    const draw = originSampler();
    for (let k = 0; k < 10; k++) draw(counting);
    expect(calls).toBe(10);
    const state = new RngStreams(1).stream('x').state();
    const a = new Rng('a', state);
    const b = new Rng('b', state);
    const h1 = headingSampler();
    const h2 = headingSampler();
    for (let k = 0; k < 1000; k++) expect(h1(a)).toBe(h2(b));
  });
});
