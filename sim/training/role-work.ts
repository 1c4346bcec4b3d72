/**
 * Whether a port policy routes any work to the officer a trainee would replace, read from the
 * policy alone (no run): `ctwin train` picks its default policy with it and names the policies
 * that do when the chosen one gives the role no case. It follows the routing of
 * sim/agents/port-site.ts and sim/supervision/channel-selector.ts (test/training/role-work.test.ts
 * checks it against runs of every policy of the port scenarios):
 * - the image analyst sees the consignments that end in the orange channel (a scan first);
 * - the document reviewer sees those that end in yellow (a document review);
 * - the gate officer sees the trucks a smart lane holds (manual lanes hold none: the officer
 *   there checks by eye).
 */
import type { PolicySpec } from '../supervision/port-config.js';
import type { TrainRole } from './types.js';
import { roleStaffed } from '../supervision/channel-capacity.js';
import { R_DOC, R_IMAGE, R_RISK } from '../supervision/vocabulary.js';

export function routesWorkTo(p: PolicySpec, role: TrainRole): boolean {
  if (role === 'gate-officer') return p.gate.smartLanes > 0;
  const targeted = p.risk.model !== 'random';
  const scanner = p.inspection.scanners > 0;
  const t = p.risk.targets;
  const randomPicks = Object.values(p.risk.randomRate).some((r) => r > 0);
  // random picks go to orange when the scanner comes first, else to red
  const randomToOrange = randomPicks && p.inspection.scannerFirst && scanner;
  const red = (targeted && t.red > 0) || (randomPicks && !randomToOrange);
  const orange = (targeted && t.orange > 0 && scanner) || randomToOrange;
  // a second review that does not confirm the score moves red to orange (with a scanner, else
  // to yellow) and orange to yellow
  const secondReview = targeted && p.risk.secondReviewScore <= 1 && roleStaffed(p, R_RISK);
  if (role === 'image-analyst') return roleStaffed(p, R_IMAGE) && (orange || (secondReview && red && scanner));
  const yellow = p.risk.reviewAll || (targeted && t.yellow > 0) || (secondReview && (orange || (red && !scanner)));
  return roleStaffed(p, R_DOC) && yellow;
}

