import { afterAll, describe, expect, it } from 'vitest';
import { trainingExercise } from '../training/fixture.js';
import { rerun, type RerunTask } from '../../train/exercise-run.js';
import { rerunPool } from '../../train/rerun-pool.js';

describe("the trainee's run in a worker thread", () => {
  const pool = rerunPool();
  afterAll(() => pool.close());

  it('gives the same figures as in the server thread, and the server thread stays free meanwhile', async () => {
    const ex = trainingExercise('gate-officer', { cases: 10 });
    const task: RerunTask = { config: ex.source.config, seed: ex.source.seed, role: 'gate-officer', verdicts: ex.cases.map((c) => [c.ref, true]) };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const figures = await pool.run(task);
    clearInterval(timer);
    expect(figures).toEqual(rerun(task));
    expect(figures.clearance_mean_min!).toBeGreaterThan(ex.baseline.clearance_mean_min!);
    // the main thread kept turning while the run was computed elsewhere
    expect(ticks).toBeGreaterThan(3);
  }, 120_000);
});
