/**
 * The officer trainer's costs, as a trainee feels them: building an exercise (the run once, per
 * role), showing a case (rendering an H986 image at difficulty 1 and 5, gate and document cases),
 * and finishing a session (the run again with the trainee's verdicts). Median of a few repeats,
 * milliseconds; one JSON line.
 */
import { loadScenario, scenarioHash } from '../scenarios/loader.js';
import { portConfigFor } from '../scenarios/port-config.js';
import type { Exercise } from '../sim/training/exercise.js';
import { buildExercise, runWithDecisions } from '../train/exercise-run.js';
import { renderCase } from '../sim/training/judge.js';
import type { TrainRole } from '../train/api-types.js';

const file = process.argv[2] ?? 'scenarios/training-port.yaml';
const s = loadScenario(file, 'port');
const policy = s.policies[0].name;
const src = { config: portConfigFor(s, policy), scenario: s.name, scenarioHash: scenarioHash(s), policy, seed: s.seed ?? 1 };

function median(f: () => void, reps: number): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return Math.round(t[Math.floor(reps / 2)] * 10) / 10;
}

const per = (ms: number, n: number) => Math.round((ms / n) * 1000) / 1000;
const out: Record<string, unknown> = { bench: 'training', scenario: s.name, cases: 20 };
const ex = {} as Record<TrainRole, Exercise>;
for (const role of ['image-analyst', 'gate-officer', 'document-reviewer'] as const) {
  out[`build_${role}_ms`] = median(() => (ex[role] = buildExercise(src, { role, cases: 20, projectionRate: 0.4 })), 3);
}
const img = ex['image-analyst'];
for (const level of [1, 5]) out[`render_image_level${level}_ms`] = per(median(() => img.cases.slice(0, 10).forEach((c) => renderCase(img, c, level)), 3), 10);
out.render_gate_ms = per(median(() => ex['gate-officer'].cases.forEach((c) => renderCase(ex['gate-officer'], c, 3)), 3), 20);
out.render_documents_ms = per(median(() => ex['document-reviewer'].cases.forEach((c) => renderCase(ex['document-reviewer'], c, 3)), 3), 20);
out.finish_rerun_ms = median(() => runWithDecisions(img, new Map(img.cases.map((c) => [c.ref, true]))), 3);
out.consignments_in_run = img.baseline.consignments;
process.stdout.write(JSON.stringify(out) + '\n');
