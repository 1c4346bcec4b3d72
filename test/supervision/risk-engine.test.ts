import { describe, expect, it } from 'vitest';
import { RiskTable, declarationFeatures } from '../../sim/supervision/risk-engine.js';
import { DEFAULT_RISK_WEIGHTS, F_BIAS, F_CREDIT_ADVANCED_AEO, F_CREDIT_DISHONEST, F_DOCS_MISMATCH } from '../../sim/supervision/risk-features.js';
import { CREDIT_ADVANCED_AEO, CREDIT_DISHONEST } from '../../sim/supervision/vocabulary.js';
import { drawPort } from './port-fixture-draws.js';

describe('risk engine: profiles and the valuation table', () => {
  const { population, draw } = drawPort();
  const c = draw(0);
  const ent = population.enterprises[c.enterprise];

  it('a declaration hits the bias, its credit class profile and, when the documents disagree, the mismatch profile', () => {
    const saved = ent.credit;
    ent.credit = CREDIT_DISHONEST;
    const bits = declarationFeatures(c, ent, true);
    expect(bits & (1 << F_BIAS)).not.toBe(0);
    expect(bits & (1 << F_CREDIT_DISHONEST)).not.toBe(0);
    expect(bits & (1 << F_DOCS_MISMATCH)).not.toBe(0);
    ent.credit = CREDIT_ADVANCED_AEO;
    const aeo = declarationFeatures(c, ent, false);
    expect(aeo & (1 << F_CREDIT_ADVANCED_AEO)).not.toBe(0);
    expect(aeo & (1 << F_DOCS_MISMATCH)).toBe(0);
    ent.credit = saved;
  });

  it('scores a dishonest declaration above the same from an advanced AEO (default weights)', () => {
    const t = new RiskTable('rules', DEFAULT_RISK_WEIGHTS, 0);
    const base = 1 << F_BIAS;
    expect(t.score(base | (1 << F_CREDIT_DISHONEST))).toBeGreaterThan(t.score(base | (1 << F_CREDIT_ADVANCED_AEO)));
  });

  it('learns from inspection outcomes only under the learning model', () => {
    const bits = (1 << F_BIAS) | (1 << F_CREDIT_DISHONEST);
    const rules = new RiskTable('rules', DEFAULT_RISK_WEIGHTS, 0.5);
    const before = rules.score(bits);
    rules.learn(bits, true);
    expect(rules.score(bits)).toBe(before);
    expect(rules.updates).toBe(0);
    const learning = new RiskTable('learning', DEFAULT_RISK_WEIGHTS, 0.5);
    learning.learn(bits, true);
    expect(learning.score(bits)).toBeGreaterThan(before);
    learning.learn(bits, false);
    learning.learn(bits, false);
    expect(learning.updates).toBe(3);
  });
});
