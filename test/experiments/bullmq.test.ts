/**
 * Replications through BullMQ on a Redis of the test's own, with `ctwin worker` processes: the
 * results are the local backend's bit for bit, a re-run reuses what is stored, a worker killed
 * mid-job loses nothing, a failing job is retried and then reported.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../scenarios/loader.js';
import { runComparison } from '../../experiments/compare.js';
import { runTasksOnQueue } from '../../experiments/bullmq-backend.js';
import type { ReplicationTask } from '../../experiments/replication.js';
import { decodeResult, encodeResult } from '../../experiments/result-codec.js';
import { CTWIN, startRedis, startWorker, type TestRedis, type TestWorker } from '../../experiments/redis-sandbox.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenario = (name: string) => loadScenario(join(root, 'scenarios', name));

let redis: TestRedis;
const workers: TestWorker[] = [];
let queueNo = 0;
const freshQueue = () => `test-${process.pid}-${++queueNo}`;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
});

async function twoWorkers(queue: string): Promise<[TestWorker, TestWorker]> {
  const ws = await Promise.all([startWorker(redis.url, queue), startWorker(redis.url, queue)]);
  workers.push(...ws);
  return ws as [TestWorker, TestWorker];
}

describe('result codec', () => {
  it('keeps NaN and infinities, which JSON alone would turn into null', () => {
    const r = { policy: 'p', seed: 1, metrics: { a: NaN, b: Infinity, c: -Infinity, d: 0.1 }, charts: { utilisation: { x: NaN } } };
    expect(decodeResult(encodeResult(r))).toEqual(r);
    expect(Object.is(decodeResult(encodeResult(r)).metrics.a, NaN)).toBe(true);
  });
});

describe('bullmq backend', () => {
  it('gives the local comparison bit for bit with two workers; a re-run with no worker returns the stored results', async () => {
    const s = scenario('suzhou-networked-zone.yaml');
    const queue = freshQueue();
    const [a, b] = await twoWorkers(queue);
    const base = { scenario: s, seeds: [2005, 2006, 2007], version: 'test', workers: 0 };
    const local = await runComparison({ ...base, workers: 2 });
    let progress = 0;
    const queued = await runComparison({ ...base, backend: { kind: 'bullmq', redis: redis.url, queue }, onProgress: (d) => (progress = d) });
    expect(JSON.stringify(queued)).toBe(JSON.stringify(local));
    expect(progress).toBe(9);
    // both workers took part
    expect(a.log()).toMatch(/done /);
    expect(b.log()).toMatch(/done /);
    await Promise.all([a.stop(), b.stop()]);
    const again = await runComparison({ ...base, backend: { kind: 'bullmq', redis: redis.url, queue } });
    expect(JSON.stringify(again)).toBe(JSON.stringify(local));
  }, 120_000);

  it('a worker killed mid-job (kill -9) during a sweep loses nothing: the sweep completes with every point, each once, as the local one', async () => {
    const queue = freshQueue();
    const [a, b] = await twoWorkers(queue);
    const dir = mkdtempSync(join(tmpdir(), 'ctwin-bullmq-'));
    try {
      const sweep = ['sweep', join(root, 'scenarios', 'port-reform.yaml'), '--vary', 'policies.reform.gate.smart_lanes=6,8', '--policies', 'baseline,reform', '--replications', '2', '--no-store', '--no-report'];
      const queued = spawn(CTWIN, [...sweep, '--out', join(dir, 'queued'), '--backend', 'bullmq', '--redis', redis.url, '--queue', queue], { stdio: 'pipe' });
      const exited = new Promise<number | null>((resolve) => queued.once('exit', resolve));
      // kill the first worker in the middle of a job, once it has finished one
      const count = (what: string) => a.log().match(new RegExp(`: ${what} `, 'g'))?.length ?? 0;
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (count('done') >= 1 && count('start') > count('done')) {
            clearInterval(t);
            a.child.kill('SIGKILL');
            resolve();
          }
        }, 20);
      });
      expect(await exited).toBe(0);
      execFileSync(CTWIN, [...sweep, '--out', join(dir, 'local')], { stdio: 'pipe' });
      const got = readFileSync(join(dir, 'queued', 'sweep.json'), 'utf8');
      expect(got).toBe(readFileSync(join(dir, 'local', 'sweep.json'), 'utf8'));
      expect((JSON.parse(got) as { points: unknown[] }).points).toHaveLength(2);
      expect(a.child.signalCode).toBe('SIGKILL');
      // the jobs the killed worker had started and not finished were taken up and done by the survivor
      const ids = (log: string, what: string) => [...log.matchAll(new RegExp(`^ctwin worker: ${what} (\\S+)$`, 'gm'))].map((m) => m[1]);
      const cut = ids(a.log(), 'start').filter((id) => !ids(a.log(), 'done').includes(id));
      expect(cut.length).toBeGreaterThan(0);
      for (const id of cut) expect(ids(b.log(), 'done')).toContain(id);
      // and every one of the 8 jobs (2 points x 2 policies x 2 seeds) was done by one of them
      expect(new Set([...ids(a.log(), 'done'), ...ids(b.log(), 'done')]).size).toBe(8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('retries a failing job with backoff, then reports it with its reason', async () => {
    const s = scenario('suzhou-networked-zone.yaml');
    const queue = freshQueue();
    const [w] = await Promise.all([startWorker(redis.url, queue)]);
    workers.push(w);
    const bad: ReplicationTask = { scenario: s, policy: 'no-such-policy', seed: 1 };
    await expect(runTasksOnQueue([bad], { redis: redis.url, queue, attempts: 2, backoffMs: 100 })).rejects.toThrow(/failed after 2 attempts: .*no policy 'no-such-policy'/);
    // the worker logs from its own process, so its second line can arrive after the queue reported the failure
    await vi.waitFor(() => expect(w.log().match(/failed /g)?.length).toBe(2), { timeout: 10_000, interval: 50 });
  }, 60_000);

  it('says which Redis it cannot reach, without hanging', async () => {
    await expect(runTasksOnQueue([{ scenario: scenario('gate-mmc.yaml'), policy: 'as-is', seed: 1 }], { redis: 'redis://127.0.0.1:1', queue: 'x' })).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  }, 30_000);

  it('ctwin compare --backend bullmq, served by `npx ctwin worker` as the README starts it, writes the same compare.json as the local backend; a bad --redis is exit 2', async () => {
    const queue = freshQueue();
    // the only worker, started as users start it: npx, through the shebang and its V8 flags
    const w = await startWorker(redis.url, queue, [], { npx: true });
    workers.push(w);
    const dir = mkdtempSync(join(tmpdir(), 'ctwin-bullmq-'));
    try {
      const file = join(root, 'scenarios', 'gate-mmc.yaml');
      const common = ['compare', file, '--replications', '3', '--no-store', '--no-report'];
      execFileSync(CTWIN, [...common, '--out', join(dir, 'local')], { stdio: 'pipe' });
      const out = execFileSync(CTWIN, [...common, '--out', join(dir, 'queued'), '--backend', 'bullmq', '--redis', redis.url, '--queue', queue], { encoding: 'utf8' });
      expect(out).toContain(`BullMQ queue '${queue}' on ${redis.url}`);
      expect(readFileSync(join(dir, 'queued', 'compare.json'), 'utf8')).toBe(readFileSync(join(dir, 'local', 'compare.json'), 'utf8'));
      // no job failed (a thread refusing the shebang's flags failed every job, which then ran out of attempts)
      // (the worker logs from its own process, so its lines can come after the client saw the results)
      await vi.waitFor(() => expect(w.log()).toMatch(/done /), { timeout: 10_000, interval: 50 });
      expect(w.log()).not.toMatch(/failed |ERR_WORKER_INVALID_EXEC_ARGV/);
      let status = 0;
      let stderr = '';
      try {
        execFileSync(CTWIN, [...common, '--out', join(dir, 'bad'), '--backend', 'bullmq', '--redis', 'http://x'], { stdio: 'pipe' });
      } catch (err) {
        status = (err as { status: number }).status;
        stderr = String((err as { stderr: Buffer }).stderr);
      }
      expect(status).toBe(2);
      expect(stderr).toContain('--redis: expected a redis:// URL, got "http://x"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
