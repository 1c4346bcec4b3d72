/**
 * Where replications run: on this machine's worker threads (pool.ts), or on a BullMQ queue in
 * Redis for `ctwin worker`s on any number of machines (bullmq-backend.ts, loaded only when used).
 * Both give the results in task order, bit for bit the same.
 */
import { runTasks } from './pool.js';
import type { ReplicationTask } from './replication.js';
import type { ReplicationResult } from '../reports/experiment-results.js';

export type Backend = { kind: 'local'; workers: number } | { kind: 'bullmq'; redis: string; queue?: string };

export async function runReplications(tasks: readonly ReplicationTask[], backend: Backend, onDone?: (done: number, total: number) => void): Promise<ReplicationResult[]> {
  if (backend.kind === 'local') return runTasks(tasks, backend.workers, onDone);
  const { runTasksOnQueue } = await import('./bullmq-backend.js');
  return runTasksOnQueue(tasks, { redis: backend.redis, queue: backend.queue, onDone });
}
