/**
 * A worker for replications queued on Redis (`ctwin worker`): takes jobs from the queue and runs
 * each in a sandboxed worker thread (bullmq-processor.ts), `concurrency` at a time, until stopped.
 */
import { Worker } from 'bullmq';
import { queueFor, type ReplicationJobData } from './bullmq-backend.js';
import { codeFingerprint } from './code-fingerprint.js';
import { compiledSibling } from './compiled-file.js';
import { DEFAULT_QUEUE, redisConnection } from './redis-url.js';
import { threadExecArgv, WORKER_RESOURCE_LIMITS } from '../runner/node-flags.js';

export interface QueueWorkerOptions {
  redis: string;
  queue?: string;
  concurrency: number;
  /** how long a job's lock lasts without renewal; a killed worker's job is taken up again after about this (default 30 s) */
  lockSeconds?: number;
  log?: (line: string) => void;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<Worker<ReplicationJobData, string>> {
  const lockMs = Math.round((o.lockSeconds ?? 30) * 1000);
  const log = o.log ?? (() => undefined);
  // the queue of this worker's own code: clients running the same code put their jobs there
  const worker = new Worker<ReplicationJobData, string>(queueFor(o.queue ?? DEFAULT_QUEUE, codeFingerprint()), compiledSibling(import.meta.url, 'experiments', 'bullmq-processor.js'), {
    connection: { ...redisConnection(o.redis), maxRetriesPerRequest: null },
    concurrency: o.concurrency,
    useWorkerThreads: true,
    // BullMQ copies process.execArgv into each sandbox thread, and threads refuse V8 flags such as
    // the shebang's --max-semi-space-size: pass only what threads take, the young generation as a limit
    workerThreadsOptions: { execArgv: threadExecArgv(), resourceLimits: WORKER_RESOURCE_LIMITS },
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.round(lockMs / 2)),
    // a job whose worker died is taken up again this many times before it counts as failed
    maxStalledCount: 5,
  });
  worker.on('active', (job) => log(`start ${job.id}`));
  worker.on('completed', (job) => log(`done ${job.id}`));
  worker.on('failed', (job, err) => log(`failed ${job?.id ?? '?'} (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`));
  worker.on('stalled', (id) => log(`stalled ${id}: its worker stopped; queued again`));
  worker.on('error', (err) => log(`error: ${err.message}`));
  await worker.waitUntilReady();
  return worker;
}
