/**
 * A case at a difficulty, and a decision on it judged as screener training does. The trial is a
 * signal when something is truly wrong with what the trainee sees (a threat in the image, a truck
 * that differs from its papers, papers that disagree); "yes" is a mark, a hold, a query or a
 * referral. An image signal is a hit only when a mark lands on the threat.
 *
 * What enters the run: the trainee's verdict on the consignment itself. A projected signal is not
 * in the run, so on a projected case the run takes "suspect" only from a mark away from the
 * projected threat (an image) and nothing otherwise (gate, documents): the simulated officer's
 * verdict stays.
 */
import type { Box, Decision, DocumentCaseContent, GateCaseContent, ImageCaseContent, Outcome, TrainRole, TruthKind } from './types.js';
import { ROLE_DECISIONS } from './types.js';
import type { Exercise, TrainingCase } from './exercise.js';
import { markFinds, renderImageCase } from './image-case.js';
import { detectionProbability } from './image-observer.js';
import { renderGateCase } from './gate-case.js';
import { documentDiscrepancy, renderDocumentCase } from './document-case.js';

export interface RenderedCase {
  /** without the image's URL, which the server sets */
  content: Omit<ImageCaseContent, 'image_url'> | GateCaseContent | DocumentCaseContent;
  png: Uint8Array | null;
  /** image cases: the material-colour image and the material classes (PNGs) */
  layers?: { material: Uint8Array; classes: Uint8Array };
  signal: boolean;
  truth: string;
  truthKind: TruthKind;
  truthBox: Box | null;
  /** the simulated officer's verdict on this case as shown */
  baselineYes: boolean;
}

export const MIN_LEVEL = 1;
export const MAX_LEVEL = 5;

export function renderCase(ex: Exercise, c: TrainingCase, level: number): RenderedCase {
  if (!(Number.isInteger(level) && level >= MIN_LEVEL && level <= MAX_LEVEL)) throw new RangeError(`difficulty must be an integer in [1, 5], got ${level}`);
  const seed = ex.source.seed;
  const skills = ex.source.config.world.skills;
  if (c.role === 'image-analyst') {
    const r = renderImageCase(c, level, seed);
    // a projected threat: the simulated analyst finds it as it finds prohibited goods, but no
    // more often than the reference observer does at this level (image-observer.ts)
    const baselineYes = c.projected ? c.u < Math.min(skills.image.detect.prohibited, detectionProbability(level).hit) : c.simulatedYes;
    return { content: r.content, png: r.png, layers: r.layers, signal: r.truthBox !== null, truth: r.truth, truthKind: r.truthKind, truthBox: r.truthBox, baselineYes };
  }
  if (c.role === 'gate-officer') {
    const r = renderGateCase(c, level, seed);
    // the simulated lane officer resolves a hold by a check by hand, which finds any swap
    return { content: r.content, png: null, signal: r.truthKind !== 'clean', truth: r.truth, truthKind: r.truthKind, truthBox: null, baselineYes: c.projected ? true : c.simulatedYes };
  }
  const r = renderDocumentCase(c, level, seed);
  const kind = documentDiscrepancy(c);
  const baselineYes = c.projected ? c.u < skills.doc.detect[kind as keyof typeof skills.doc.detect] : c.simulatedYes;
  return { content: r.content, png: null, signal: kind !== '', truth: r.truth, truthKind: kind === '' ? 'clean' : (kind as TruthKind), truthBox: null, baselineYes };
}

export interface Judgement {
  yes: boolean;
  outcome: Outcome;
  /** the verdict on the consignment for the run; undefined leaves the simulated officer's */
  runYes: boolean | undefined;
}

export class DecisionError extends Error {}

export function judge(role: TrainRole, c: TrainingCase, shown: RenderedCase, decision: Decision, marks: readonly Box[]): Judgement {
  const allowed = ROLE_DECISIONS[role];
  if (!allowed.includes(decision)) throw new DecisionError(`decision '${decision}' is not one of ${role}'s: ${allowed.join(', ')}`);
  if (role === 'image-analyst' && decision === 'mark' && marks.length === 0) throw new DecisionError(`'mark' needs at least one marked region`);
  if (decision !== 'mark' && marks.length > 0) throw new DecisionError(`marks go with 'mark' only`);
  const said = decision !== allowed[0];
  let yes = said;
  let runYes: boolean | undefined = said;
  if (role === 'image-analyst') {
    const box = shown.truthBox;
    if (box !== null && said) yes = marks.some((m) => markFinds(m, box));
    if (c.projected) runYes = box === null ? said : marks.some((m) => !markFinds(m, box));
  } else if (c.projected) runYes = undefined;
  // a signal trial is a hit only if the answer found it; marks elsewhere on a threat image are a miss
  const outcome: Outcome = shown.signal ? (yes ? 'hit' : 'miss') : said ? 'false_alarm' : 'correct_rejection';
  return { yes: shown.signal ? yes : said, outcome, runYes };
}
