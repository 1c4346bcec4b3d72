import { describe, expect, it } from 'vitest';
import { drawPort } from './port-fixture-draws.js';

describe('consignment factory', () => {
  it('draws the same consignment for the same number, whatever was drawn before (common random numbers)', () => {
    const a = drawPort(11);
    const b = drawPort(11);
    const first = a.draw(5);
    const snap = { enterprise: first.enterprise, violation: first.violation, items: first.items.length, declared: first.declaredGrossKg, uRandom: first.uRandom };
    for (let i = 0; i < 5; i++) b.draw(i);
    const again = b.draw(5);
    expect({ enterprise: again.enterprise, violation: again.violation, items: again.items.length, declared: again.declaredGrossKg, uRandom: again.uRandom }).toEqual(snap);
  });
  it('declares at least one item with positive quantity, weight and value', () => {
    const { draw } = drawPort(2);
    for (let i = 0; i < 50; i++) {
      const c = draw(i);
      expect(c.items.length).toBeGreaterThan(0);
      for (const it of c.items) {
        expect(it.qty).toBeGreaterThan(0);
        expect(it.weightKg).toBeGreaterThan(0);
        expect(it.valueUsd).toBeGreaterThan(0);
      }
    }
  });
});
