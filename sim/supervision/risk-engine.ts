/**
 * The risk valuation table (风险估值表): a weight per rule profile, a score per declaration, and
 * weights that learn from inspection outcomes.
 *
 * The score is logistic(Σ weights of the profiles a declaration hits): a probability that the
 * declaration hides a violation. With the 'learning' model every inspection outcome (found or
 * not) moves the weights of the profiles it hit by one step of online logistic regression, so a
 * profile that keeps finding violations gains weight and one that keeps raising false alarms
 * loses it. The 'rules' model keeps the analyst's weights; 'random' ignores scores.
 */
import type { Enterprise } from './population.js';
import type { Consignment } from './consignment.js';
import { HS_HEADINGS, ORIGINS } from './hs-catalog.js';
import type { RiskModel } from './port-config.js';
import {
  F_CREDIT_ADVANCED_AEO,
  F_CREDIT_DISHONEST,
  F_CREDIT_GENERAL,
  F_CREDIT_GENERAL_AEO,
  F_DOCS_MISMATCH,
  F_HS_MEDIUM,
  F_HS_SENSITIVE,
  F_IPR_BRAND,
  F_NEW_IMPORTER,
  F_ORIGIN_FTA,
  F_ORIGIN_RISK,
  F_PROHIBITED_PRONE,
  F_VALUE_OFF_REF,
  F_WEIGHT_ODD,
  N_FEATURES,
  weightVector,
  type FeatureBits,
} from './risk-features.js';

/** Declared unit value outside [LOW, HIGH] × the reference price hits the value profile. */
const VALUE_LOW = 0.6;
const VALUE_HIGH = 1.8;
/** Declared weight more than this far from quantity × typical unit weight hits the weight profile. */
const WEIGHT_SLACK = 0.25;

// The catalogue's columns the profiles read, as typed arrays: one shape, no property look-ups.
const HEADING_BITS = Int32Array.from(HS_HEADINGS, (h) =>
  (h.risk === 2 ? 1 << F_HS_SENSITIVE : h.risk === 1 ? 1 << F_HS_MEDIUM : 0) | (h.ipr ? 1 << F_IPR_BRAND : 0) | (h.prohibitedProne ? 1 << F_PROHIBITED_PRONE : 0),
);
const HEADING_REF_USD_PER_KG = Float64Array.from(HS_HEADINGS, (h) => h.refUsdPerKg);
const HEADING_KG_PER_UNIT = Float64Array.from(HS_HEADINGS, (h) => h.kgPerUnit);
const ORIGIN_BITS = Int32Array.from(ORIGINS, (o) => (o.risk === 2 ? 1 << F_ORIGIN_RISK : 0) | (o.fta ? 1 << F_ORIGIN_FTA : 0));

/** feature of each credit class, in CREDIT_CLASSES order */
const CREDIT_FEATURE = [F_CREDIT_ADVANCED_AEO, F_CREDIT_GENERAL_AEO, F_CREDIT_GENERAL, F_CREDIT_DISHONEST];

/**
 * The profiles a declaration hits, from what customs can see: the declared items, the
 * enterprise's record and the three-documents check (`docsMismatch`).
 */
export function declarationFeatures(c: Consignment, ent: Enterprise, docsMismatch: boolean): FeatureBits {
  let bits = 1; // bias
  const items = c.items;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const h = it.heading;
    bits |= HEADING_BITS[h] | ORIGIN_BITS[it.origin];
    const ratio = it.valueUsd / (it.weightKg * HEADING_REF_USD_PER_KG[h]);
    if (ratio < VALUE_LOW || ratio > VALUE_HIGH) bits |= 1 << F_VALUE_OFF_REF;
    const expectKg = it.qty * HEADING_KG_PER_UNIT[h];
    if (Math.abs(it.weightKg - expectKg) > WEIGHT_SLACK * expectKg) bits |= 1 << F_WEIGHT_ODD;
  }
  if (ent.isNew) bits |= 1 << F_NEW_IMPORTER;
  bits |= 1 << CREDIT_FEATURE[ent.credit];
  if (docsMismatch) bits |= 1 << F_DOCS_MISMATCH;
  return bits;
}

export class RiskTable {
  readonly weights: Float64Array;
  readonly model: RiskModel;
  private readonly rate: number;
  /** inspection outcomes learnt from */
  updates = 0;

  constructor(model: RiskModel, weights: Readonly<Record<string, number>>, learningRate: number) {
    this.model = model;
    this.weights = weightVector(weights);
    this.rate = model === 'learning' ? learningRate : 0;
  }

  /** Probability-like score in (0, 1). */
  score(bits: FeatureBits): number {
    const w = this.weights;
    let z = 0;
    for (let b = bits, i = 0; b !== 0; b >>>= 1, i++) if (b & 1) z += w[i];
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * Learns from one inspection: `found` is what the inspection found, not the truth (a missed
   * violation teaches the table that the profile was a false alarm, as it does in real life).
   */
  learn(bits: FeatureBits, found: boolean): void {
    if (this.rate === 0) return;
    const g = this.rate * ((found ? 1 : 0) - this.score(bits));
    const w = this.weights;
    for (let b = bits, i = 0; b !== 0 && i < N_FEATURES; b >>>= 1, i++) if (b & 1) w[i] += g;
    this.updates++;
  }
}
