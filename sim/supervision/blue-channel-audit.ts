/**
 * The blue-channel audit (蓝色通道, 后续稽查): a blue release leaves the port at once and is
 * audited after clearance with a probability set by the enterprise's credit class
 * (`audit_rate`); the auditor finds a violation with the audit skill's detection rate for its
 * type. The outcome rides on the risk decision, so the consignment machine books it when the
 * goods are released.
 */
import { CH_BLUE, V_NONE, VIOLATIONS, type ByCredit, type ByViolation, type ViolationType, CREDIT_CLASSES } from './vocabulary.js';

/** Not audited. */
export const AUDIT_NONE = 0;
/** Audited, nothing found. */
export const AUDIT_NOTHING_FOUND = 1;
/** Audited, the violation found. */
export const AUDIT_FINDS = 2;

/**
 * The audit outcome of a decision: AUDIT_NONE unless the channel is blue and the consignment's own
 * draw `uSelect` falls under its class's rate; then AUDIT_FINDS when it carries a violation and
 * `uFind` falls under the audit's detection rate for it.
 */
export function blueChannelAudit(
  channel: number,
  credit: number,
  violation: number,
  uSelect: number,
  uFind: number,
  auditRate: ByCredit<number>,
  detect: ByViolation<number>,
): number {
  if (channel !== CH_BLUE || !(uSelect < auditRate[CREDIT_CLASSES[credit]])) return AUDIT_NONE;
  return violation !== V_NONE && uFind < detect[VIOLATIONS[violation] as ViolationType] ? AUDIT_FINDS : AUDIT_NOTHING_FOUND;
}
