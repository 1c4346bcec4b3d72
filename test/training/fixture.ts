/** The training scenario's exercises, built once per test file (each build runs the 12-hour port day). */
import { loadScenario, scenarioHash } from '../../scenarios/loader.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import type { Exercise } from '../../sim/training/exercise.js';
import { buildExercise } from '../../train/exercise-run.js';
import type { TrainRole } from '../../train/api-types.js';

export const TRAINING_SCENARIO = 'scenarios/training-port.yaml';

export function trainingExercise(role: TrainRole, o: { cases?: number; projectionRate?: number; seed?: number } = {}): Exercise {
  const s = loadScenario(TRAINING_SCENARIO, 'port');
  const policy = s.policies[0].name;
  return buildExercise(
    { config: portConfigFor(s, policy), scenario: s.name, scenarioHash: scenarioHash(s), policy, seed: o.seed ?? s.seed ?? 1 },
    { role, cases: o.cases ?? 20, projectionRate: o.projectionRate ?? 0.4 },
  );
}
