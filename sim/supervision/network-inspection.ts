/**
 * Inspection of a consignment on the road network, by credit class: every procedure (transfer,
 * regional clearance, factory direct release, enter first) inspects a consignment at its place of
 * inspection with the rate of its enterprise's credit class (`inspection_rate`), and an inspection
 * finds a misdeclaration that is there with `inspection_detect` (the find ends in seizure). The
 * procedure itself is chosen by credit class too (`procedure`): the reform's fast lanes are for the
 * trusted classes.
 */
import type { Procedure } from './network-config.js';
import { CREDIT_CLASSES, type ByCredit } from './vocabulary.js';

/** The clearance procedure of an enterprise of this credit class under the policy. */
export function procedureFor(credit: number, procedure: ByCredit<Procedure>): Procedure {
  return procedure[CREDIT_CLASSES[credit]];
}

/** Is the consignment chosen for this inspection? `u`: its own draw for it. */
export function chosenForInspection(u: number, credit: number, inspectionRate: ByCredit<number>): boolean {
  return u < inspectionRate[CREDIT_CLASSES[credit]];
}

/** Does the inspection find the misdeclaration? Drawn only when there is one. */
export function inspectionFinds(violation: boolean, u: () => number, detect: number): boolean {
  return violation && u() < detect;
}
