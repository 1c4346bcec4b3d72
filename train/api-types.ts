/**
 * The officer trainer's HTTP contract: what `ctwin train`'s server sends and accepts, shared by
 * the server (train/) and the browser (viewer/src/train/). Types only, no runtime code, so the
 * viewer can import it without pulling in Node modules.
 *
 * Signal detection terms: a case is a *signal* trial when something is truly wrong with it (a
 * threat in the image, a truck that differs from its papers, documents that disagree) and a
 * *noise* trial otherwise. A "yes" answer is a mark / hold / query or refer.
 */

export type TrainRole = 'image-analyst' | 'gate-officer' | 'document-reviewer';
export const TRAIN_ROLES: readonly TrainRole[] = ['image-analyst', 'gate-officer', 'document-reviewer'];

export type AccountRole = 'trainer' | 'trainee';

export interface UserView {
  id: number;
  name: string;
  role: AccountRole;
}

/** What `ctwin train` was started with: every session on this server plays these cases. */
export interface ExerciseView {
  scenario: string;
  scenario_hash: string;
  policy: string;
  seed: number;
  role: TrainRole;
  /** cases in one session */
  cases: number;
  /** share of image cases with a projected threat (TIP), or of gate / document cases with a projected discrepancy */
  projection_rate: number;
}

/** GET /api/me */
export interface MeView {
  user: UserView;
  exercise: ExerciseView;
}

/** GET /api/session: 200 whether signed in or not (the page asks on load; not signed in is no error). */
export type SignInState = { signed_in: false } | ({ signed_in: true } & MeView);

/** Signal-detection scores of a set of decisions (sim/training/scoring.ts). */
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

export interface RunFigures {
  consignments: number;
  released: number;
  seized: number;
  /** mean and p95 clearance time (minutes), null when none */
  clearance_mean_min: number | null;
  clearance_p95_min: number | null;
  /** share of violating consignments found, null when there were none */
  detection_recall: number | null;
  /** physical inspections of consignments with no violation */
  false_alarms: number;
  /** violating consignments released unfound */
  missed: number;
}

export type SessionState = 'open' | 'finished';

/** A session in full: its summary, who plays it, the exercise, and the run's outcome once finished. */
export interface SessionView extends SessionSummary {
  user: UserView;
  exercise: ExerciseView;
  /** set when finished */
  outcome: RunOutcome | null;
}

/** A pixel box on a scan image, [x0, x1) × [y0, y1). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface ImageCaseContent {
  kind: 'image';
  /** GET this for the PNG (8-bit greyscale, side view, dark = dense) */
  image_url: string;
  width: number;
  height: number;
  container: string;
  /** what the declaration says is inside */
  declared: { description: string; hs: string; qty: number; unit: string; gross_kg: number };
}

export interface GateCaseContent {
  kind: 'gate';
  lane: string;
  /** what the release covers */
  declared: { plate: string; eplate: string; container: string; seal: string; gross_kg: number };
  /** what the lane's devices read ('' = nothing read; null weight = no weight) */
  reads: { plate: string; eplate: string; container_front: string; container_back: string; seal: string; gross_kg: number | null; vehicle_kg: number | null };
  /** relative tolerance of declared against weighed goods */
  weight_tolerance: number;
}

export interface DocLine {
  description: string;
  hs: string;
  origin: string;
  qty: number;
  unit: string;
  weight_kg: number;
  value_usd: number;
}

export interface DocumentCaseContent {
  kind: 'documents';
  declaration: { entry_no: string; consignee: string; container: string; gross_kg: number; packages: number; lines: DocLine[] };
  invoice: { invoice_no: string; seller: string; currency: string; lines: DocLine[]; total_usd: number };
  packing_list: { packages: number; gross_kg: number; net_kg: number; lines: { description: string; qty: number; unit: string; weight_kg: number; marks: string }[] };
  manifest: { bill_of_lading: string; vessel: string; container: string; seal: string; gross_kg: number; packages: number; description: string };
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

export type Decision = 'clear' | 'mark' | 'release' | 'hold' | 'accept' | 'query' | 'refer';
/** the answers each role may give; the first is the "no" answer */
export const ROLE_DECISIONS: Record<TrainRole, readonly Decision[]> = {
  'image-analyst': ['clear', 'mark'],
  'gate-officer': ['release', 'hold'],
  'document-reviewer': ['accept', 'query', 'refer'],
};

/** POST /api/sessions/:id/decisions */
export interface DecisionRequest {
  index: number;
  decision: Decision;
  /** image analyst marking regions: pixel boxes on the image (at least one with `mark`) */
  marks?: Box[];
}

export type Outcome = 'hit' | 'miss' | 'false_alarm' | 'correct_rejection';

/** What was wrong with a case, as a code the page translates ('clean' when nothing was). */
export type TruthKind =
  | 'clean'
  | 'projected-threat' | 'hidden-compartment' | 'wall-concealment' | 'mismatched-cargo'
  | 'container-swap' | 'seal-replaced' | 'truck-swap' | 'overweight'
  | 'misclassified_hs' | 'undervaluation' | 'quantity_weight' | 'origin_fraud';
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
