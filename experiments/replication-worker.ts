/** The piscina worker: one replication per task (see replication.ts). */
import { runReplication, type ReplicationTask } from './replication.js';
import type { ReplicationResult } from '../reports/experiment-results.js';

export default function run(task: ReplicationTask): ReplicationResult {
  return runReplication(task);
}
