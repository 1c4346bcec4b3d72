/**
 * The re-check of green releases (绿色通道抽查复核): a share `risk.recheck_rate` of green-channel
 * releases (say 3 %) is re-checked by a document reviewer after the goods have gone; the truck
 * does not wait. The re-check loads the day's yellow budget like a review. It can find a violation
 * only once per consignment: one already caught (at the gate, say) is not found again.
 */
import { CH_GREEN, V_NONE } from './vocabulary.js';

/** Is this decision's green release re-checked? `u` is the consignment's own draw (`uRecheck`). */
export function rechecksGreenRelease(channel: number, u: number, recheckRate: number, docReviewersOnDuty: boolean): boolean {
  return channel === CH_GREEN && u < recheckRate && docReviewersOnDuty;
}

/** Does the re-check find a violation? Only a real one, only when the reviewer suspects it, and only if nothing found it before. */
export function recheckFinds(suspect: boolean, violation: number, foundBefore: boolean): boolean {
  return suspect && violation !== V_NONE && !foundBefore;
}
