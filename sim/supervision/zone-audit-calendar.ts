/**
 * The zone's audit calendar and the dumbbell audit (后续稽查, 哑铃型监管): when customs audits a
 * processing-trade enterprise after the fact.
 * - Calendar audits: a Poisson calendar at `audit.per_year[credit class]`; the gap to the next is
 *   drawn after each audit, so a downgraded enterprise is audited more often from then on. A class
 *   with no audits is looked at again a quarter later (NO_AUDIT_LOOK_AGAIN_S), as its class may change.
 * - The dumbbell ("risk analysis before, audit after", Shanghai FTZ plan): with `audit.on_signal`,
 *   a verification or write-off that shows a discrepancy within tolerance prompts an audit
 *   SIGNAL_AUDIT_DAYS later (one pending at a time per enterprise).
 * - Referrals: a seizure at the zone gate refers the enterprise for an audit REFERRAL_AUDIT_DAYS later.
 * An audit looks at books, stock and unit consumption together: it finds an open scheme with
 * `audit.detect`, falsified figures or not.
 */
import { CREDIT_CLASSES, type ByCredit } from './vocabulary.js';

const DAY = 86400;
/** A class with no calendar audits is looked at again after a quarter (its class may have changed). */
export const NO_AUDIT_LOOK_AGAIN_S = 91 * DAY;
/** Days from a signal (a discrepancy within tolerance) to the audit it prompts: the dumbbell. */
export const SIGNAL_AUDIT_DAYS = 14;
/** Days from a seizure at the gate to the audit of the enterprise it is referred for. */
export const REFERRAL_AUDIT_DAYS = 7;

/** Calendar audits a year for an enterprise of this credit class (0: none). */
export function auditsPerYear(perYear: ByCredit<number>, credit: number): number {
  return perYear[CREDIT_CLASSES[credit]];
}

/** Seconds to the next calendar audit at `perYear` audits a year, from a uniform draw `u` (exponential gap). */
export function calendarAuditGapS(perYear: number, u: number): number {
  return (-Math.log(1 - u) / perYear) * 365 * DAY;
}

/**
 * The dumbbell: does a check's result prompt an audit? Only a discrepancy within tolerance (one
 * beyond it opens a case at once), only with `on_signal`, and not while one is already pending.
 */
export function signalPromptsAudit(beyondTolerance: boolean, discrepancy: number, onSignal: boolean, auditPending: boolean): boolean {
  return !beyondTolerance && discrepancy > 0 && onSignal && !auditPending;
}

/** Does the audit find the scheme? `open`: a violation has started and is not fully recovered. */
export function auditFinds(open: boolean, rng: { next(): number }, detect: number): boolean {
  // drawn only for an open scheme: the stream advances as it always has
  return open && rng.next() < detect;
}
