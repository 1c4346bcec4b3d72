/**
 * Verification and write-off of an e-account book (联网核查, 核销): customs compares the stock the
 * enterprise reports (or counts itself, at a write-off with a stocktake) with what the book says
 * should be there after the write-off formula (write-off.ts). A line whose discrepancy is beyond
 * `write_off.tolerance` opens a case; a discrepancy within tolerance is a signal that, under the
 * dumbbell, prompts an audit (zone-audit-calendar.ts).
 */
import { beyondTolerance, type WriteOffLine } from './write-off.js';

/** A write-off takes a physical stocktake with probability `stocktakeShare`; a verification never does. */
export function takesStocktake(mechanism: 'verification' | 'write_off', rng: { next(): number }, stocktakeShare: number): boolean {
  return mechanism === 'write_off' && rng.next() < stocktakeShare;
}

/** What a check shows: any line beyond tolerance, and the total absolute discrepancy. */
export function bookCheckOutcome(lines: readonly WriteOffLine[], tolerance: number): { beyond: boolean; discrepancy: number } {
  const beyond = lines.filter((l) => beyondTolerance(l, tolerance));
  const discrepancy = lines.reduce((a, l) => a + Math.abs(l.discrepancy), 0);
  return { beyond: beyond.length > 0, discrepancy };
}
