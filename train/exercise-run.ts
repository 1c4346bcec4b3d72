/**
 * Building a training exercise and re-running it: the scenario's policy runs once with its event
 * stream kept in memory, and the role's first cases after the warm-up become the session's cases
 * (see sim/training/exercise.ts for what an exercise is); a re-run plays the same seed with a
 * trainee's verdicts in place of the simulated officer's.
 */
import { IndexedStreams } from '../sim/kernel/rng.js';
import type { PortConfig } from '../sim/supervision/port-config.js';
import { T_IMAGE, T_REVIEW, VIOLATIONS } from '../sim/supervision/vocabulary.js';
import {
  DOCUMENT_VIOLATIONS,
  NoCaseError,
  ROLE_CHECK,
  weightOff,
  type DeclaredRecord,
  type Exercise,
  type ExerciseOptions,
  type ExerciseSource,
  type GatheredRecord,
  type TrainingCase,
} from '../sim/training/exercise.js';
import type { RunFigures, TrainRole } from '../sim/training/types.js';
import type { ScanInput } from '../hardware-emu/scanner/h986.js';
import type { PortMetricsSummary } from '../reports/port-metrics.js';
import { runPort } from '../runner/run-port.js';

export function buildExercise(src: ExerciseSource, o: ExerciseOptions): Exercise {
  if (!(Number.isInteger(o.cases) && o.cases >= 1 && o.cases <= 1000)) throw new RangeError(`cases must be an integer in [1, 1000], got ${o.cases}`);
  if (!(o.projectionRate >= 0 && o.projectionRate <= 1)) throw new RangeError(`projection rate must be in [0, 1], got ${o.projectionRate}`);
  const warmup = src.config.world.warmupS;
  const declared = new Map<number, DeclaredRecord>();
  const violation = new Map<number, number>();
  const subjects = new Map<number, ScanInput>();
  const verdicts = new Map<number, boolean>();
  const workS = new Map<number, number>();
  const offered: { ref: number; at: number; queue: number; gathered?: GatheredRecord }[] = [];
  const check = ROLE_CHECK[o.role];
  const taskKind = check === 'image' ? T_IMAGE : T_REVIEW;
  // the event that puts a case in the role's queue (the gate's are the held trucks' gate.gathered)
  const needs = check === 'image' ? 'consignment.needs_image' : check === 'review' ? 'consignment.needs_review' : null;
  let waiting = 0;
  const r = runPort(src.config, {
    seed: src.seed,
    sink: (t, _id, e) => {
      const ev = e as unknown as Record<string, unknown> & { type: string; ref: number };
      switch (ev.type) {
        case 'consignment.declared':
          declared.set(ev.ref, ev as unknown as DeclaredRecord);
          break;
        case 'consignment.closed':
          violation.set(ev.ref, ev.violation as number);
          break;
        case 'scan.subject':
          if (check === 'image') subjects.set(ev.ref, { at: t, containerNumber: ev.container as string, sizeType: ev.size_type as string, cargo: ev.cargo as ScanInput['cargo'], ...(ev.anomaly ? { anomaly: ev.anomaly as ScanInput['anomaly'] } : {}) });
          break;
        case 'consignment.needs_image':
        case 'consignment.needs_review':
          if (ev.type === needs) {
            waiting++;
            if (t >= warmup) offered.push({ ref: ev.ref, at: t, queue: waiting });
          }
          break;
        case 'officer.task_started':
          if (ev.kind === taskKind && check !== 'gate') workS.set(ev.ref, ev.work_s as number);
          break;
        case 'officer.task_done':
          if (ev.kind === taskKind && check !== 'gate') {
            waiting--;
            verdicts.set(ev.ref, ev.suspect as boolean);
          }
          break;
        case 'consignment.at_gate':
          if (check === 'gate') waiting++;
          break;
        case 'lane.pass_started':
          if (check === 'gate') waiting--;
          break;
        case 'gate.gathered':
          if (check === 'gate' && ev.release === false && t >= warmup) offered.push({ ref: ev.ref, at: t, queue: Math.max(1, waiting), gathered: ev as unknown as GatheredRecord });
          break;
      }
    },
  });
  const tolerance = src.config.world.weightTolerance;
  const draws = new IndexedStreams(src.seed, `training.${o.role}`);
  const cases: TrainingCase[] = [];
  for (const off of offered) {
    if (cases.length === o.cases) break;
    const d = declared.get(off.ref);
    const v = violation.get(off.ref);
    if (d === undefined || v === undefined) continue; // not ended in the run: cannot be scored against the truth
    const rng = draws.at(off.ref);
    const u = rng.next(), pProject = rng.next(), projection = rng.next();
    const base = { index: cases.length, ref: off.ref, at: off.at, queue: off.queue, declared: d, violation: VIOLATIONS[v], u, projection };
    if (o.role === 'image-analyst') {
      const subject = subjects.get(off.ref);
      const sim = verdicts.get(off.ref);
      if (subject === undefined || sim === undefined) continue;
      // a threat is projected only into an image without a real anomaly
      cases.push({ ...base, role: o.role, subject, simulatedYes: sim, simulatedS: workS.get(off.ref) ?? null, projected: subject.anomaly === undefined && pProject < o.projectionRate });
    } else if (o.role === 'gate-officer') {
      const g = off.gathered!;
      const divert = weightOff(g, d, tolerance);
      // the simulated lane officer follows the weighbridge and resolves every other hold by a check by hand
      cases.push({ ...base, role: o.role, gathered: g, weightTolerance: tolerance, simulatedYes: divert, simulatedS: null, projected: !divert && pProject < o.projectionRate });
    } else {
      const sim = verdicts.get(off.ref);
      if (sim === undefined) continue;
      cases.push({ ...base, role: o.role, simulatedYes: sim, simulatedS: workS.get(off.ref) ?? null, projected: !DOCUMENT_VIOLATIONS.has(VIOLATIONS[v]) && pProject < o.projectionRate });
    }
  }
  if (cases.length === 0) throw new NoCaseError(`policy '${src.policy}' gives the ${o.role} no case after the warm-up`);
  return {
    view: { scenario: src.scenario, scenario_hash: src.scenarioHash, policy: src.policy, seed: src.seed, role: o.role, cases: cases.length, projection_rate: o.projectionRate },
    source: src,
    cases,
    baseline: runFigures(r.metrics!),
    available: offered.length,
  };
}

export function runFigures(m: PortMetricsSummary): RunFigures {
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  const det = m.detection;
  return {
    consignments: m.consignments.counted,
    released: m.consignments.released,
    seized: m.consignments.seized,
    clearance_mean_min: m.consignments.counted > 0 ? num(m.clearance_min.mean) : null,
    clearance_p95_min: m.consignments.counted > 0 ? num(m.clearance_min.p95) : null,
    detection_recall: det.violations > 0 ? num(det.recall) : null,
    false_alarms: det.false_alarms,
    missed: det.violations - det.caught_at_clearance,
  };
}

/**
 * The exercise's run again, with `yes` verdicts of the trainee (by consignment ref) in place of
 * the simulated officer's for the role's check; every other draw is the same (same seed).
 */
export function runWithDecisions(ex: Exercise, verdicts: ReadonlyMap<number, boolean>): RunFigures {
  return rerun({ config: ex.source.config, seed: ex.source.seed, role: ex.view.role, verdicts: [...verdicts] });
}

/** What a re-run needs, as plain data (it crosses to a worker thread). */
export interface RerunTask {
  config: PortConfig;
  seed: number;
  role: TrainRole;
  /** [consignment ref, "suspect"] */
  verdicts: [number, boolean][];
}

export function rerun(t: RerunTask): RunFigures {
  const check = ROLE_CHECK[t.role];
  const verdicts = new Map(t.verdicts);
  const r = runPort(t.config, { seed: t.seed, officerDecision: (c, ref) => (c === check ? verdicts.get(ref) : undefined) });
  return runFigures(r.metrics!);
}
