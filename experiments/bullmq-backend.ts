/**
 * Replications on many machines through BullMQ on Redis: the client enqueues one job per
 * (code, scenario, policy, seed) and collects the results in task order; `ctwin worker` processes
 * (bullmq-worker.ts) run them anywhere the project is installed.
 *
 * - Idempotent: a job's id is its key, so enqueuing it again is a no-op and a finished job's stored
 *   result is returned without running anything. A job that failed for good is retried afresh.
 * - Retried with exponential backoff when a run throws; a worker killed mid-job loses its lock and
 *   the job goes back to the queue (BullMQ's stalled-job check), to be run again elsewhere.
 * - Every result is counted once: results are keyed by job, whatever ran twice.
 * - Results travel as text that keeps NaN (result-codec.ts): the aggregate is the local one, bit
 *   for bit.
 */
import { connect } from 'node:net';
import { Job, Queue, QueueEvents } from 'bullmq';
import { scenarioHash } from '../scenarios/loader.js';
import { codeFingerprint } from './code-fingerprint.js';
import type { ReplicationTask } from './replication.js';
import { decodeResult } from './result-codec.js';
import { BackendError, DEFAULT_QUEUE, redisConnection } from './redis-url.js';
import type { ReplicationResult } from '../reports/experiment-results.js';

/** Finished jobs (and their results) are kept this long for re-runs to reuse. */
export const KEEP_FINISHED_S = 7 * 86400;

export interface ReplicationJobData {
  task: ReplicationTask;
  /** the client's code fingerprint: a worker with other code refuses the job */
  code: string;
}

export interface BullmqBackendOptions {
  /** redis://host:port[/db] */
  redis: string;
  queue?: string;
  /** tries per job (default 3) and the first backoff delay (ms, doubling; default 1000) */
  attempts?: number;
  backoffMs?: number;
  onDone?: (done: number, total: number) => void;
}

/**
 * The queue a client and its workers share: the name given, per code fingerprint, so that a worker
 * running other code never sees the job (it serves its own code's queue) rather than refusing it.
 */
export function queueFor(name: string, code: string): string {
  return `${name}.${code}`;
}

/** A job that failed for good: exit 1 at the command line (a run that failed, not bad input). */
export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
}

/** The job's key: code, scenario (hash of the validated scenario), policy and seed. BullMQ ids may not hold ':'. */
export function jobIdOf(task: ReplicationTask, code: string): string {
  return `${code}.${scenarioHash(task.scenario).slice(0, 32)}.${task.policy}.${task.seed}`;
}

/**
 * Fails fast, with the URL named, when nothing listens there: a BullMQ client would retry the
 * connection for a long while, and its teardown throws the refusal again.
 */
export function probeRedis(url: string, ms = 3000): Promise<void> {
  const { host, port } = redisConnection(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(new BackendError(`cannot reach Redis at ${url}: ${err.message}; start one, or give --redis`));
      else resolve();
    };
    socket.setTimeout(ms, () => done(new Error(`no answer in ${ms / 1000} s`)));
    socket.once('connect', () => done());
    socket.once('error', (e) => done(e));
  });
}

/** Then checks that what answers is a Redis that takes commands. */
async function reachable(queue: Queue, url: string): Promise<void> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new BackendError(`cannot reach Redis at ${url} (no answer in 5 s); start one, or give --redis`)), 5000).unref());
  try {
    await Promise.race([queue.waitUntilReady().then(() => queue.getJobCounts()), timeout]);
  } catch (err) {
    if (err instanceof BackendError) throw err;
    throw new BackendError(`cannot reach Redis at ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function runTasksOnQueue(tasks: readonly ReplicationTask[], o: BullmqBackendOptions): Promise<ReplicationResult[]> {
  const connection = { ...redisConnection(o.redis), maxRetriesPerRequest: null, retryStrategy: (n: number) => (n > 20 ? null : Math.min(n * 200, 2000)) };
  const code = codeFingerprint();
  const name = queueFor(o.queue ?? DEFAULT_QUEUE, code);
  await probeRedis(o.redis);
  const queue = new Queue<ReplicationJobData, string>(name, { connection });
  // a connection error is reported by the operations that fail; without a listener it would also be thrown as unhandled
  queue.on('error', () => undefined);
  try {
    await reachable(queue, o.redis);
  } catch (err) {
    void queue.disconnect().catch(() => undefined); // close() would wait for a connection that is not coming
    throw err;
  }
  const events = new QueueEvents(name, { connection });
  events.on('error', () => undefined);
  try {
    const ids = tasks.map((t) => jobIdOf(t, code));
    const byId = new Map<string, number[]>();
    ids.forEach((id, i) => byId.set(id, [...(byId.get(id) ?? []), i]));
    const results = new Array<ReplicationResult>(tasks.length);
    let done = 0;
    let settle!: () => void;
    let reject!: (e: Error) => void;
    let failure: Error | null = null;
    const finished = new Promise<void>((res, rej) => {
      settle = res;
      reject = rej;
    });
    finished.catch(() => undefined); // awaited below; a failure while enqueuing must not go unhandled meanwhile
    const fail = (e: Error) => {
      failure ??= e;
      reject(e);
    };
    const pending = new Set(byId.keys());
    const attempts = o.attempts ?? 3;
    const backoff = { type: 'exponential' as const, delay: o.backoffMs ?? 1000 };
    const opts = (id: string) => ({ jobId: id, attempts, backoff, removeOnComplete: { age: KEEP_FINISHED_S }, removeOnFail: { age: KEEP_FINISHED_S } });
    const collect = async (id: string): Promise<void> => {
      if (!pending.has(id)) return;
      // the state first, then the job: a job read before its state turned 'completed' has no result yet
      const state = await queue.getJobState(id);
      if (state === 'unknown') {
        // gone: removed by the age limit between our add and now, or by someone clearing the queue
        await queue.add('replication', { task: tasks[byId.get(id)![0]], code }, opts(id));
        return;
      }
      if (state !== 'completed' && state !== 'failed') return;
      const job = await Job.fromId<ReplicationJobData, string>(queue, id);
      if (job === undefined || !pending.has(id)) return;
      if (state === 'completed') {
        if (typeof job.returnvalue !== 'string') return; // not written yet: the next sweep takes it
        pending.delete(id);
        const r = decodeResult(job.returnvalue);
        for (const i of byId.get(id)!) {
          results[i] = r;
          o.onDone?.(++done, tasks.length);
        }
        if (pending.size === 0) settle();
      } else {
        pending.delete(id);
        const t = tasks[byId.get(id)![0]];
        fail(new JobFailedError(`job ${id} (policy '${t.policy}', seed ${t.seed}) failed after ${job.attemptsMade} attempts: ${job.failedReason}`));
      }
    };
    const poke = (id: string) => void collect(id).catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
    // events make it quick; the sweep below makes it sure (an event can be missed across a reconnect)
    events.on('completed', ({ jobId }) => poke(jobId));
    events.on('failed', ({ jobId }) => poke(jobId));
    await events.waitUntilReady();

    const unique = [...byId.keys()];
    // a job that failed for good in an earlier run is tried afresh; one that completed is reused
    for (const id of unique) {
      const old = await Job.fromId(queue, id);
      if (old !== undefined && (await old.getState()) === 'failed') await old.retry('failed');
    }
    for (let i = 0; i < unique.length; i += 500) {
      await queue.addBulk(unique.slice(i, i + 500).map((id) => ({ name: 'replication', data: { task: tasks[byId.get(id)![0]], code }, opts: opts(id) })));
    }
    for (const id of unique) poke(id);
    // one pass at a time: with many jobs a pass can take longer than the interval
    let sweeping = false;
    const sweep = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      void Promise.allSettled([...pending].map((id) => collect(id))).then((rs) => {
        sweeping = false;
        for (const r of rs) if (r.status === 'rejected') fail(r.reason instanceof Error ? r.reason : new Error(String(r.reason)));
      });
    }, 1000);
    try {
      if (failure === null && pending.size > 0) await finished;
    } finally {
      clearInterval(sweep);
    }
    if (failure !== null) throw failure;
    return results;
  } finally {
    await Promise.allSettled([events.close(), queue.close()]);
  }
}
