/**
 * The second review (二次审核) of a high-risk selection: a declaration the risk engine sends to
 * inspection (red or orange) with a score at or above `risk.second_review_score` goes to a risk
 * analyst before the channel is final. A confirmed suspicion upgrades it to a physical
 * inspection (red); a suspicion not confirmed downgrades it one step: red to the scanner (orange)
 * where there is one, otherwise to a document review (yellow). The 'random' model has no scores,
 * hence no second review.
 */
import { CH_ORANGE, CH_RED, CH_YELLOW } from './vocabulary.js';

/** The analyst's verdict as the decision carries it. */
export const SECOND_REVIEW_NONE = 0;
export const SECOND_REVIEW_CONFIRMED = 1;
export const SECOND_REVIEW_NOT_CONFIRMED = -1;

/** The score from which a selection gets a second review (Infinity: never, as under random control only). */
export function secondReviewThreshold(model: string, secondReviewScore: number): number {
  return model === 'random' ? Infinity : secondReviewScore;
}

/** Does this decision wait for a risk analyst's second review? */
export function needsSecondReview(score: number, threshold: number, channel: number, riskAnalystsOnDuty: boolean): boolean {
  return score >= threshold && (channel === CH_RED || channel === CH_ORANGE) && riskAnalystsOnDuty;
}

/**
 * The channel after the second review. `review`: SECOND_REVIEW_CONFIRMED, _NOT_CONFIRMED or _NONE.
 * A confirmation sends it to red only where physical inspectors are ever on duty.
 */
export function channelAfterSecondReview(channel: number, review: number, physicalInspectorsOnDuty: boolean, hasScanner: boolean): number {
  if (review > 0 && physicalInspectorsOnDuty) return CH_RED;
  if (review < 0) return channel === CH_RED && hasScanner ? CH_ORANGE : CH_YELLOW;
  return channel;
}
