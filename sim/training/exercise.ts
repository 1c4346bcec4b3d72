/**
 * A training exercise: the cases one role's officer meets in a seeded port run, the same for
 * every trainee. The scenario's policy runs once with its event stream kept in memory; the first
 * `cases` tasks of the role after the warm-up become the session's cases, in the order they
 * reached the officer, with what the simulated officer decided on each (the baseline a trainee
 * is compared with). A share of the clean cases carries a projected signal (a TIP threat in the
 * image, a swapped container or seal at the gate, documents that disagree), as screener training
 * does; projected signals are scored but never enter the run. `runWithDecisions` runs the same
 * seed again with the trainee's verdicts in place of the simulated officer's.
 *
 * This file holds the exercise's shapes and rules; building one (running the scenario) is the
 * trainer's: train/exercise-run.ts.
 */
import type { PortConfig } from '../supervision/port-config.js';
import type { OfficerCheck } from '../agents/port-site.js';
import type { ScanInput } from '../../hardware-emu/scanner/h986.js';
import type { ExerciseView, RunFigures, TrainRole } from './types.js';

/** `consignment.declared` as written to the stream */
export interface DeclaredRecord {
  ref: number;
  enterprise: number;
  credit: number;
  direction: number;
  plate: string;
  eplate: string;
  container: string;
  seal: string;
  declared_gross_kg: number;
  items: { hs: string; origin: string; qty: number; weight_kg: number; value_usd: number }[];
}

/** `gate.gathered` as written to the stream */
export interface GatheredRecord {
  ref: number;
  lane: string;
  plate: string;
  eplate: string;
  container_front: string;
  container_back: string;
  eseal: string;
  gross_kg: number | null;
  vehicle_kg: number | null;
  release: boolean;
  hold: string;
}

interface CaseBase {
  index: number;
  ref: number;
  /** scenario time the case reached the officer (s) */
  at: number;
  /** the role's work waiting at that time */
  queue: number;
  declared: DeclaredRecord;
  /** the hidden truth: a VIOLATIONS name */
  violation: string;
  /** the simulated officer's verdict on the case as it is in the run ("yes": suspect / hold) */
  simulatedYes: boolean;
  /** how long the simulated officer took over it (s); null at the gate (a hold is resolved as it comes) */
  simulatedS: number | null;
  /** the case's own uniform, for the simulated officer's verdict on a projected signal */
  u: number;
  /** the case's projection draw (which signal, where): fixed per seed, whatever the difficulty */
  projection: number;
  projected: boolean;
}

export interface ImageCase extends CaseBase {
  role: 'image-analyst';
  subject: ScanInput;
}

export interface GateCase extends CaseBase {
  role: 'gate-officer';
  gathered: GatheredRecord;
  weightTolerance: number;
}

export interface DocumentCase extends CaseBase {
  role: 'document-reviewer';
}

export type TrainingCase = ImageCase | GateCase | DocumentCase;

export interface ExerciseSource {
  config: PortConfig;
  scenario: string;
  scenarioHash: string;
  policy: string;
  seed: number;
}

export interface ExerciseOptions {
  role: TrainRole;
  cases: number;
  projectionRate: number;
}

export interface Exercise {
  view: ExerciseView;
  source: ExerciseSource;
  cases: TrainingCase[];
  /** the run with the simulated officers */
  baseline: RunFigures;
  /** cases the run offered after the warm-up (≥ cases.length) */
  available: number;
}

/** The policy's run gives the role no case after the warm-up (the caller knows which policies would). */
export class NoCaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoCaseError';
  }
}

/** The officer check a role takes over in the run. */
export const ROLE_CHECK: Record<TrainRole, OfficerCheck> = { 'image-analyst': 'image', 'gate-officer': 'gate', 'document-reviewer': 'review' };

/** Violations the papers can show (the others are invisible to a document reviewer). */
export const DOCUMENT_VIOLATIONS: ReadonlySet<string> = new Set(['misclassified_hs', 'undervaluation', 'quantity_weight', 'origin_fraud']);

/** Goods weighed off the declaration beyond the tolerance (the weighbridge's divert rule of gate-check.ts). */
export function weightOff(g: { gross_kg: number | null; vehicle_kg: number | null }, d: { declared_gross_kg: number }, tolerance: number): boolean {
  if (g.gross_kg === null) return false;
  return Math.abs(g.gross_kg - (g.vehicle_kg ?? 0) - d.declared_gross_kg) > tolerance * d.declared_gross_kg;
}
