/**
 * The officer trainer's HTTP contract: what `ctwin train`'s server sends and accepts, shared by
 * the server (train/) and the browser (viewer/src/train/). Types only, no runtime code, so the
 * viewer can import it without pulling in Node modules.
 *
 * Signal detection terms: a case is a *signal* trial when something is truly wrong with it (a
 * threat in the image, a truck that differs from its papers, documents that disagree) and a
 * *noise* trial otherwise. A "yes" answer is a mark / hold / query or refer.
 */

import type { TrainRole, ExerciseView, RunFigures, Box, ImageCaseContent, GateCaseContent, DocumentCaseContent, Decision, Outcome, TruthKind } from '../sim/training/types.js';
// the exercise's domain types live with the simulation's training code; the contract re-exports them
export type { TrainRole, ExerciseView, RunFigures, Box, ImageCaseContent, GateCaseContent, DocLine, DocumentCaseContent, Decision, Outcome, TruthKind } from '../sim/training/types.js';
export { ROLE_DECISIONS } from '../sim/training/types.js';

export const TRAIN_ROLES: readonly TrainRole[] = ['image-analyst', 'gate-officer', 'document-reviewer'];

export type AccountRole = 'trainer' | 'trainee';

export interface UserView {
  id: number;
  name: string;
  role: AccountRole;
}

/** GET /api/me */
export interface MeView {
  user: UserView;
  exercise: ExerciseView;
}

/** GET /api/session: 200 whether signed in or not (the page asks on load; not signed in is no error). */
export type SignInState = { signed_in: false } | ({ signed_in: true } & MeView);

/** Signal-detection scores of a set of decisions (train/scoring.ts). */
export interface Scores {
  n: number;
  signals: number;
  noises: number;
  hits: number;
  misses: number;
  false_alarms: number;
  correct_rejections: number;
  /** raw proportions; null when there was no trial of that kind */
  hit_rate: number | null;
  false_alarm_rate: number | null;
  /** z(H) − z(FA) with the log-linear correction (Hautus 1995); null with no signal or no noise trial */
  d_prime: number | null;
  /** non-parametric sensitivity (Grier 1971; the symmetric form when H < FA); null as d′ */
  a_prime: number | null;
  /** decision times in seconds; null with no decision */
  mean_decision_s: number | null;
  p90_decision_s: number | null;
}

/** How the trainee's decisions changed the scenario's run, against the simulated officers' run on the same seed. */
export interface RunOutcome {
  /** the simulated officers' run */
  baseline: RunFigures;
  /** the same run with the trainee's decisions in place of the simulated officer's on the cases decided */
  trainee: RunFigures;
  /** decisions of the session that replaced a simulated officer's (projected cases do not enter the run) */
  decisions_applied: number;
}

export type SessionState = 'open' | 'finished';

/** A session in full: its summary, who plays it, the exercise, and the run's outcome once finished. */
export interface SessionView extends SessionSummary {
  user: UserView;
  exercise: ExerciseView;
  /** set when finished */
  outcome: RunOutcome | null;
}

export type CaseContent = ImageCaseContent | GateCaseContent | DocumentCaseContent;

export interface CaseView {
  session: number;
  /** 0-based position in the session */
  index: number;
  total: number;
  /** the consignment's reference in the run */
  ref: number;
  /** scenario clock when the case reached the officer (s since the run's start) */
  scenario_time_s: number;
  /** cases of this role waiting in the run at that time, the trainee's own queue included */
  queue: number;
  difficulty: number;
  content: CaseContent;
}

/** GET /api/sessions/:id/case */
export type NextCase = { done: false; case: CaseView } | { done: true };

/** POST /api/sessions/:id/decisions */
export interface DecisionRequest {
  index: number;
  decision: Decision;
  /** image analyst marking regions: pixel boxes on the image (at least one with `mark`) */
  marks?: Box[];
}


export const TRUTH_KINDS: readonly TruthKind[] = [
  'clean', 'projected-threat', 'hidden-compartment', 'wall-concealment', 'mismatched-cargo', 'container-swap', 'seal-replaced',
  'truck-swap', 'overweight', 'misclassified_hs', 'undervaluation', 'quantity_weight', 'origin_fraud',
];

/** Answer to a decision: feedback as screener training gives it, after the decision. */
export interface DecisionResult {
  outcome: Outcome;
  signal: boolean;
  /** what was wrong, as a code to translate */
  truth_kind: TruthKind;
  /** the details, with the values (e.g. "seal replaced: read …, released …"), in English; '' on a clean case */
  truth: string;
  /** where the threat was, for image cases with one */
  truth_box: Box | null;
  decision_s: number;
  session: SessionView;
}

/** GET /api/trainees (trainer): each trainee and their sessions, oldest first. */
export interface TraineeProgress {
  user: UserView;
  sessions: SessionSummary[];
}

export interface SessionSummary {
  id: number;
  role: TrainRole;
  scenario: string;
  seed: number;
  state: SessionState;
  /** ISO times (wall clock) */
  started_at: string;
  finished_at: string | null;
  /** cases decided so far */
  decided: number;
  /** difficulty the next case is shown at (1 easiest … 5 hardest) */
  difficulty: number;
  scores: Scores;
  /** the simulated officer on the same cases (decided so far) */
  baseline: Scores;
}
