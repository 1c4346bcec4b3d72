/**
 * The sandboxed processor `ctwin worker` gives BullMQ: one replication per job, in a worker thread
 * of its own, so that the worker's event loop stays free to renew the job's lock while the
 * simulation runs (a lock left to expire would have the job taken for stalled and run again).
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import type { ReplicationJobData } from './bullmq-backend.js';
import { codeFingerprint } from './code-fingerprint.js';
import { runReplication } from './replication.js';
import { encodeResult } from './result-codec.js';

export default async function processReplication(job: SandboxedJob<ReplicationJobData, string>): Promise<string> {
  const code = codeFingerprint();
  if (job.data.code !== code) {
    // not worth a retry: the queue is per code fingerprint, so this is a bug or a hand-made job
    throw new UnrecoverableError(`this worker runs other code (fingerprint ${code}) than the client that queued the job (${job.data.code}): install the same version on both`);
  }
  return encodeResult(runReplication(job.data.task));
}
