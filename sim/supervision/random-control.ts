/**
 * Random control (随机布控) by credit class: besides the consignments the risk engine targets, each
 * one is picked at random with a minimum rate set by its enterprise's credit class (advanced AEO
 * rarely, dishonest often), so that no enterprise can count on never being inspected. The pick goes
 * to the physical inspection, or to the H986 scanner first where the policy sends random picks
 * there (`inspection.scanner_first`); the channel selector makes room for it.
 */
import type { PolicySpec } from './port-config.js';
import { CH_ORANGE, CH_RED, CREDIT_CLASSES } from './vocabulary.js';

/** The random-control rate of each credit class, indexed by class number (the hot path's form). */
export function randomControlRates(risk: Pick<PolicySpec['risk'], 'randomRate'>): number[] {
  return CREDIT_CLASSES.map((k) => risk.randomRate[k]);
}

/** Is this consignment picked at random? `u` is its own uniform draw (`uRandom`), `credit` its enterprise's class. */
export function pickedForRandomControl(u: number, credit: number, rates: readonly number[]): boolean {
  return u < rates[credit];
}

/** Where a random pick goes: the scanner when the policy puts it first (and has one), else the physical inspection. */
export function randomControlChannel(scannerFirst: boolean, hasScanner: boolean): number {
  return scannerFirst && hasScanner ? CH_ORANGE : CH_RED;
}
