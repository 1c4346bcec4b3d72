/**
 * The words of an officer-training exercise, shared by the simulation's training code
 * (sim/training/) and the trainer's HTTP contract (train/api-types.ts, which repeats them for the
 * browser): the roles a trainee plays, the cases' contents, decisions and their outcomes, and the
 * figures of a run. Types and one table, no Node modules.
 */

export type TrainRole = 'image-analyst' | 'gate-officer' | 'document-reviewer';

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

export type Decision = 'clear' | 'mark' | 'release' | 'hold' | 'accept' | 'query' | 'refer';
/** the answers each role may give; the first is the "no" answer */
export const ROLE_DECISIONS: Record<TrainRole, readonly Decision[]> = {
  'image-analyst': ['clear', 'mark'],
  'gate-officer': ['release', 'hold'],
  'document-reviewer': ['accept', 'query', 'refer'],
};

export type Outcome = 'hit' | 'miss' | 'false_alarm' | 'correct_rejection';

/** What was wrong with a case, as a code the page translates ('clean' when nothing was). */
export type TruthKind =
  | 'clean'
  | 'projected-threat' | 'hidden-compartment' | 'wall-concealment' | 'mismatched-cargo'
  | 'container-swap' | 'seal-replaced' | 'truck-swap' | 'overweight'
  | 'misclassified_hs' | 'undervaluation' | 'quantity_weight' | 'origin_fraud';
