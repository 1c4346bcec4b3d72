/**
 * Words for the truck panel's risk section: a name and a one-line reason for each rule profile of
 * the risk engine (sim/supervision/risk-features.ts, read by risk-engine.ts), and why the
 * consignment got its channel. The stream carries rule ids (`value_off_ref`) and numbers; a
 * planner reads "value off the reference price".
 */
import type { RiskFeatureName } from '../../sim/supervision/risk-features.js';
import { CHANNELS, SELECTIONS } from '../../sim/supervision/vocabulary.js';

export interface RuleText {
  label: string;
  /** one line: what the profile looks at */
  why: string;
}

/** Every profile of the engine (the type makes a new profile without words a compile error). */
export const RULE_TEXT: Record<RiskFeatureName, RuleText> = {
  bias: { label: 'base rate', why: 'every declaration starts at about 1 % before any profile is hit' },
  hs_sensitive: { label: 'sensitive HS code', why: 'the tariff heading is on the high-risk list' },
  hs_medium: { label: 'medium-risk HS code', why: 'the tariff heading is on the medium-risk list' },
  origin_risk: { label: 'high-risk origin', why: 'an item’s declared origin is on the high-risk list' },
  origin_fta: { label: 'FTA origin claimed', why: 'a free-trade-agreement origin lowers the duty, so a false origin pays' },
  value_off_ref: { label: 'value off the reference price', why: 'declared value per kg below 0.6× or above 1.8× the heading’s reference price' },
  weight_odd: { label: 'weight does not fit the quantity', why: 'declared weight more than 25 % from quantity × the typical unit weight' },
  new_importer: { label: 'new importer', why: 'the enterprise has no record with customs yet' },
  credit_dishonest: { label: 'dishonest enterprise', why: 'credit class “dishonest”: raises the score most' },
  credit_general: { label: 'general-credit enterprise', why: 'credit class “general”: raises the score a little' },
  credit_general_aeo: { label: 'general AEO', why: 'credit class “general AEO”: lowers the score' },
  credit_advanced_aeo: { label: 'advanced AEO', why: 'credit class “advanced AEO”: lowers the score most' },
  docs_mismatch: { label: 'documents disagree', why: 'declaration, manifest and invoice disagree, or the entry has a typing error' },
  ipr_brand: { label: 'brand goods (IPR)', why: 'the heading holds branded goods often counterfeited' },
  prohibited_prone: { label: 'prohibited-prone goods', why: 'the heading is often used to hide prohibited goods' },
};

/** A rule id as the panel shows it; an id this build does not know is shown as it came. */
export function ruleText(id: unknown): RuleText {
  const key = String(id);
  return (RULE_TEXT as Record<string, RuleText | undefined>)[key] ?? { label: key, why: 'a rule profile this viewer does not know' };
}

/** What each channel does to the consignment. */
const CHANNEL_ACTION = ['physical examination', 'H986 scan', 'document review', 'release, then possible audit', 'release by the system'] as const;

/**
 * Why the consignment got its channel, in one line: "orange (H986 scan): random control — …".
 * `rules`: the profiles hit (ids, bias included or not).
 */
export function channelReason(channel: number, selection: number, rules: readonly unknown[]): string {
  const ch = CHANNELS[channel];
  if (ch === undefined) return 'not decided yet';
  const head = `${ch} (${CHANNEL_ACTION[channel]})`;
  const hits = rules.map(String).filter((r) => r !== 'bias').map((r) => ruleText(r).label);
  const sel = SELECTIONS[selection];
  switch (sel) {
    case 'random':
      return `${head}: random control, drawn by chance whatever the score`;
    case 'all':
      return `${head}: this policy reviews every declaration’s documents`;
    case 'targeted':
      // the selector fills each channel to a share of the declarations, by rank of score
      return `${head}: targeted, its score ranked among the day’s highest (each channel takes a fixed share of declarations, so the cut-off is a rank, not a fixed score)${hits.length ? `; profiles hit: ${hits.join(', ')}` : ''}`;
    default:
      return channel >= 3 ? `${head}: score below the inspection channels’ cut-offs` : head;
  }
}
