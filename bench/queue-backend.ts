/**
 * The BullMQ backend against the local pool: the same replications (short gate-mmc runs, so that
 * the queue's own cost shows) through local worker threads and through a throwaway Redis with two
 * `ctwin worker` processes. Jobs per second, overhead per job, and whether the results are the
 * same bit for bit. Needs redis-server (scripts/ensure-redis.sh).
 *
 *   node dist/bench/queue-backend.js [--jobs 200] [--scenario FILE]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../scenarios/loader.js';
import { runComparison, seedList } from '../experiments/compare.js';
import { startRedis, startWorker } from '../experiments/redis-sandbox.js';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    scenario: { type: 'string', default: join(root, 'scenarios', 'gate-mmc.yaml') },
  },
});
const scenario = loadScenario(values.scenario!);
const jobs = Number(values.jobs);
const base = { scenario, seeds: seedList(1, jobs), version: 'bench' };

const t0 = performance.now();
const local = await runComparison({ ...base, workers: 2 });
const localS = (performance.now() - t0) / 1000;

const redis = await startRedis();
const queue = `bench-${process.pid}`;
const workers = await Promise.all([startWorker(redis.url, queue), startWorker(redis.url, queue)]);
try {
  const t1 = performance.now();
  const queued = await runComparison({ ...base, workers: 0, backend: { kind: 'bullmq', redis: redis.url, queue } });
  const queuedS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  await runComparison({ ...base, workers: 0, backend: { kind: 'bullmq', redis: redis.url, queue } });
  const rerunS = (performance.now() - t2) / 1000;
  process.stdout.write(
    JSON.stringify({
      bench: 'queue-backend',
      scenario: scenario.name,
      jobs,
      local_2_threads: { wall_s: localS, jobs_per_s: jobs / localS },
      bullmq_2_workers: { wall_s: queuedS, jobs_per_s: jobs / queuedS, overhead_ms_per_job: ((queuedS - localS) / jobs) * 1000 * 2 },
      bullmq_rerun_stored: { wall_s: rerunS, jobs_per_s: jobs / rerunS },
      identical: JSON.stringify(queued) === JSON.stringify(local),
    }) + '\n',
  );
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await redis.stop();
}
