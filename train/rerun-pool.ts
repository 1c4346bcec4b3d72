/**
 * The trainer's re-runs in a worker thread (piscina): finishing a session re-runs the scenario,
 * seconds for a long one, and the server's one thread must keep answering meanwhile. One thread:
 * finishes are rare and a second would only compete for the same cores.
 */
import { Piscina } from 'piscina';
import { compiledSibling } from '../experiments/compiled-file.js';
import { WORKER_RESOURCE_LIMITS } from '../runner/node-flags.js';
import type { RerunTask } from './exercise-run.js';
import type { RunFigures } from './api-types.js';

export interface RerunPool {
  run(t: RerunTask): Promise<RunFigures>;
  close(): Promise<void>;
}

export function rerunPool(): RerunPool {
  const pool = new Piscina<RerunTask, RunFigures>({ filename: compiledSibling(import.meta.url, 'train', 'rerun-worker.js'), minThreads: 0, maxThreads: 1, idleTimeout: 30_000, resourceLimits: WORKER_RESOURCE_LIMITS });
  return { run: (t) => pool.run(t), close: () => pool.destroy() };
}
