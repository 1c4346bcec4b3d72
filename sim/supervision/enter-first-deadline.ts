/**
 * Enter first, declare later (先进区, 后报关), the deadline of the full declaration: landed goods
 * enter the zone on the manifest's brief declaration; the full declaration is due
 * `enter_first.declare_within_s` after entry (the FTZ plan: 14 days). The system knows every
 * entry's deadline and flags an overdue one the moment it passes. An enterprise files one
 * declaration per entry, or, with `aggregate_s`, all its entries of a period together (集中申报),
 * filed after the period closes and never after the first entry's deadline. Whether an enterprise
 * files late is hidden truth, by its credit class (`truth.late_declaration.rate`).
 */
import { CREDIT_CLASSES, type ByCredit } from './vocabulary.js';

/** Does this entry's full declaration come late? `u`: the consignment's own draw. */
export function filesLate(u: number, credit: number, lateRate: ByCredit<number>): boolean {
  return u < lateRate[CREDIT_CLASSES[credit]];
}

/** When a single entry's full declaration is filed: `filingS` after entry, at the latest on its deadline. */
export function singleFilingAt(now: number, dueAt: number, filingS: number): number {
  return Math.min(dueAt, now + filingS);
}

/** The aggregation period an entry at `now` falls in. */
export function aggregationPeriod(now: number, aggregateS: number): number {
  return Math.floor(now / aggregateS);
}

/** When a period's aggregated declaration is filed: `filingS` after the period closes, at the latest on its first entry's deadline. */
export function aggregatedFilingAt(period: number, aggregateS: number, dueAt: number, filingS: number): number {
  return Math.min(dueAt, (period + 1) * aggregateS + filingS);
}
