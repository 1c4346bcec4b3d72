/**
 * Rule profiles of the risk engine: what the officers can see of a declaration, turned into
 * binary features. Each feature is one profile (HS code, origin, value against a reference price,
 * weight against the declared quantity, new importer, credit class, the three-documents check);
 * the risk valuation table gives each a weight, and the score is the logistic of the sum.
 *
 * Features read only declared data and the enterprise's record, never the hidden truth.
 */

export const RISK_FEATURE_NAMES = [
  'bias',
  'hs_sensitive',
  'hs_medium',
  'origin_risk',
  'origin_fta',
  'value_off_ref',
  'weight_odd',
  'new_importer',
  'credit_dishonest',
  'credit_general',
  'credit_general_aeo',
  'credit_advanced_aeo',
  'docs_mismatch',
  'ipr_brand',
  'prohibited_prone',
] as const;
export type RiskFeatureName = (typeof RISK_FEATURE_NAMES)[number];
export const N_FEATURES = RISK_FEATURE_NAMES.length;

export const F_BIAS = 0;
export const F_HS_SENSITIVE = 1;
export const F_HS_MEDIUM = 2;
export const F_ORIGIN_RISK = 3;
export const F_ORIGIN_FTA = 4;
export const F_VALUE_OFF_REF = 5;
export const F_WEIGHT_ODD = 6;
export const F_NEW_IMPORTER = 7;
export const F_CREDIT_DISHONEST = 8;
export const F_CREDIT_GENERAL = 9;
export const F_CREDIT_GENERAL_AEO = 10;
export const F_CREDIT_ADVANCED_AEO = 11;
export const F_DOCS_MISMATCH = 12;
export const F_IPR_BRAND = 13;
export const F_PROHIBITED_PRONE = 14;

/**
 * The rule profiles' weights before any learning: a risk analyst's judgement, in log-odds. The
 * bias puts a declaration with no hit at about 1 % (logistic(−4.6)).
 */
export const DEFAULT_RISK_WEIGHTS: Readonly<Record<RiskFeatureName, number>> = {
  bias: -4.6,
  hs_sensitive: 1.0,
  hs_medium: 0.4,
  origin_risk: 0.8,
  origin_fta: 0.3,
  value_off_ref: 1.0,
  weight_odd: 0.8,
  new_importer: 0.7,
  credit_dishonest: 1.5,
  credit_general: 0.3,
  credit_general_aeo: -0.5,
  credit_advanced_aeo: -1.2,
  docs_mismatch: 0.8,
  ipr_brand: 0.5,
  prohibited_prone: 0.6,
};

/** Feature bits as an integer (bit i = feature i); bias is always set. */
export type FeatureBits = number;


/** Weight vector in feature order from a name → weight record (missing names: the default). */
export function weightVector(weights: Readonly<Record<string, number>>): Float64Array {
  const w = new Float64Array(N_FEATURES);
  for (let i = 0; i < N_FEATURES; i++) {
    const name = RISK_FEATURE_NAMES[i];
    w[i] = weights[name] ?? DEFAULT_RISK_WEIGHTS[name];
  }
  return w;
}
