/**
 * Runs replication tasks on a piscina pool of worker threads (or, with 0 workers, in this thread:
 * for tests and library callers). Results come back in task order whatever the order they finish
 * in, so the output is the same bit for bit for any number of workers.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { runReplication, type ReplicationTask } from './replication.js';
import { compiledSibling } from './compiled-file.js';
import type { ReplicationResult } from '../reports/experiment-results.js';
import { WORKER_RESOURCE_LIMITS } from '../runner/node-flags.js';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export async function runTasks(
  tasks: readonly ReplicationTask[],
  workers: number,
  onDone?: (done: number, total: number) => void,
): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(tasks.length);
  let done = 0;
  if (workers <= 0 || tasks.length === 0) {
    for (let i = 0; i < tasks.length; i++) {
      results[i] = runReplication(tasks[i]);
      onDone?.(++done, tasks.length);
    }
    return results;
  }
  const threads = Math.min(workers, tasks.length);
  const pool = new Piscina<ReplicationTask, ReplicationResult>({
    filename: compiledSibling(import.meta.url, 'experiments', 'replication-worker.js'),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    resourceLimits: WORKER_RESOURCE_LIMITS,
  });
  try {
    await Promise.all(
      tasks.map((t, i) =>
        pool.run(t).then((r) => {
          results[i] = r;
          onDone?.(++done, tasks.length);
        }),
      ),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
