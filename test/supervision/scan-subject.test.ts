import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { SIM_SIZE_TYPE, scanSubject, trueGoodsOf } from '../../sim/supervision/scan-subject.js';
import { goodsOfHs } from '../../hardware-emu/scanner/xray/goods.js';
import { HS_HEADINGS } from '../../sim/supervision/hs-catalog.js';
import { V_MISCLASSIFIED, V_NONE, V_PROHIBITED } from '../../sim/supervision/vocabulary.js';
import { drawPort } from './port-fixture-draws.js';

describe('scan subject: what an H986 picture shows', () => {
  const { draw } = drawPort(4);
  const c = draw(0);
  const subject = (violation: number) => {
    const saved = c.violation;
    c.violation = violation;
    const s = scanSubject(c, 'MSKU1234565', 10, new RngStreams(1).stream('scan'));
    c.violation = saved;
    return s;
  };
  it('a clean load shows no anomaly; prohibited goods a concealment; misclassified goods mismatched cargo', () => {
    expect(subject(V_NONE).anomaly).toBeUndefined();
    expect(['hidden-compartment', 'wall-concealment']).toContain(subject(V_PROHIBITED).anomaly?.kind);
    expect(subject(V_MISCLASSIFIED).anomaly?.kind).toBe('mismatched-cargo');
  });
  it('names the container and size type, with a density in (0, 1]', () => {
    const s = subject(V_NONE);
    expect(s.containerNumber).toBe('MSKU1234565');
    expect(s.sizeType).toBe(SIM_SIZE_TYPE);
    expect(s.cargo.density).toBeGreaterThan(0);
    expect(s.cargo.density).toBeLessThanOrEqual(1);
  });
  it('the load looks like the heaviest declared goods; misclassified goods show a stretch of what they really are', () => {
    let main = c.items[0];
    for (const it of c.items) if (it.weightKg > main.weightKg) main = it;
    expect(subject(V_NONE).cargo.kind).toBe(goodsOfHs(HS_HEADINGS[main.heading].code));
    const m = subject(V_MISCLASSIFIED).anomaly as { goods?: string } | undefined;
    expect(m?.goods).toBeDefined();
    // cigarettes are the goods declared as leaf tobacco (hs-catalog: 240220 misclassified as 240120)
    expect(trueGoodsOf('240120', 0)).toBe('cigarettes');
    expect(trueGoodsOf('240120', 0.99)).toBe('cigarettes');
    // frozen shrimps are declared as 230120 (meal): the image shows what they are, not the fallback
    expect(trueGoodsOf('230120', 0)).toBe(goodsOfHs('030617'));
    expect(goodsOfHs('030617')).not.toBe('cigarettes');
  });
});
