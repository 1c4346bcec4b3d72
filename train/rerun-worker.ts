/**
 * A worker thread's task for the trainer: a session's run again with the trainee's verdicts, so
 * that a long scenario does not stop the server answering other trainees while it runs.
 */
import { rerun, type RerunTask } from './exercise-run.js';
import type { RunFigures } from './api-types.js';

export default function rerunTask(t: RerunTask): RunFigures {
  return rerun(t);
}
