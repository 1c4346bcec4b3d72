import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { drawPopulation } from '../../sim/supervision/population.js';
import { CREDIT_CLASSES } from '../../sim/supervision/vocabulary.js';
import { world } from '../agents/port-fixture.js';

describe('port population', () => {
  const w = world();
  const draw = (seed: number) => drawPopulation(w.population, w.truth, new RngStreams(seed).stream('population'));
  it('draws the configured number of enterprises, the same ones for the same seed', () => {
    const a = draw(3);
    const b = draw(3);
    expect(a.enterprises.length).toBe(w.population.enterprises);
    expect(a.enterprises.map((e) => [e.id, e.credit, e.erp, e.propensity])).toEqual(b.enterprises.map((e) => [e.id, e.credit, e.erp, e.propensity]));
  });
  it('gives credit classes near the configured mix and starts each at its initial class', () => {
    const p = drawPopulation({ ...w.population, enterprises: 4000 }, w.truth, new RngStreams(1).stream('population'));
    const general = p.enterprises.filter((e) => CREDIT_CLASSES[e.credit] === 'general').length / 4000;
    expect(general).toBeGreaterThan(w.population.creditMix.general - 0.04);
    expect(general).toBeLessThan(w.population.creditMix.general + 0.04);
    expect(p.enterprises.every((e) => e.credit === e.initialCredit)).toBe(true);
  });
});
