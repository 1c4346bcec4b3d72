/**
 * `ctwin worker`: serves the replication queue (experiments/bullmq-worker.ts) until SIGINT or
 * SIGTERM, then finishes the jobs in hand and leaves. One line per job on stderr.
 */
import { availableParallelism } from 'node:os';
import { BackendError, redisConnection } from '../../experiments/redis-url.js';
import { startQueueWorker } from '../../experiments/bullmq-worker.js';
import { codeFingerprint } from '../../experiments/code-fingerprint.js';
import { UsageError } from '../usage-error.js';

export async function workerCommand(o: { redis: string; queue: string; concurrency?: number; lockSeconds: number }): Promise<void> {
  try {
    redisConnection(o.redis);
  } catch (err) {
    if (err instanceof BackendError) throw new UsageError(err.message);
    throw err;
  }
  const concurrency = o.concurrency ?? Math.max(1, availableParallelism());
  const log = (line: string) => process.stderr.write(`ctwin worker: ${line}\n`);
  const worker = await startQueueWorker({ redis: o.redis, queue: o.queue, concurrency, lockSeconds: o.lockSeconds, log });
  log(`serving queue '${o.queue}' on ${o.redis} for code ${codeFingerprint()}, ${concurrency} at a time`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log('stopping: finishing the jobs in hand');
      void worker.close().then(resolve, (err: unknown) => {
        log(`while stopping: ${err instanceof Error ? err.message : String(err)}`);
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
