/**
 * A client spraying sign-ins with made-up names must not stall the trainer for the others: the
 * passwords are hashed off the event loop, and the client's address runs out of tries before it
 * can keep the hashing threads busy.
 *
 * A signed-in user's GET /api/me is timed while the same clients send (1) sign-ins that the server
 * refuses without hashing (an empty name), then (2) sign-ins with made-up names. The second spray
 * may cost the user little more than the first (answering many requests takes the thread's time
 * either way): the comparison is between two measures taken a moment apart on the same machine,
 * not against a wall-clock bound, since the machine running the tests may be busy.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingExercise } from '../training/fixture.js';
import { TrainingStore } from '../../train/store.js';
import { TrainingService } from '../../train/training-service.js';
import { SIGN_IN_LIMITS, createTrainApp, type SignInLimits } from '../../train/app.js';

const SPRAYERS = 8;
const SAMPLES = 60;
/** a stalled server answers a request in seconds: timing stops after this, with the samples it has */
const MAX_TIMING_MS = 15_000;
/** how much slower the user's requests may be during the spray of names than during the spray the server refuses outright */
const RATIO = 5;
/** the default per name; per address fewer tries than by default, so that the spray meets the limit early in the test */
const LIMITS: SignInLimits = { ...SIGN_IN_LIMITS, address: { capacity: 4, refillMs: 30_000 } };

let store: TrainingStore;
let server: Server;
let base: string;

beforeAll(async () => {
  store = TrainingStore.open(':memory:');
  await store.createUser('ana', 'ana-password', 'trainee');
  const service = new TrainingService(trainingExercise('gate-officer', { cases: 3 }), store);
  server = createServer(createTrainApp({ service, viewerDir: join(tmpdir(), 'no-pages'), signInLimits: LIMITS }));
  // a stalled server must not drop the clients' kept-alive connections as idle meanwhile
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  store?.close();
});

interface Answers {
  statuses: Record<string, number>;
  retryAfter: (string | null)[];
}

/**
 * SPRAYERS clients each sending sign-ins one after the other, in a worker thread so that building
 * and reading their requests does not take the server's thread. `names`: made-up names; else an
 * empty name, which the server refuses before any limit or hash.
 */
function spray(url: string, names: boolean) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { randomBytes } = require('node:crypto');
     let stop = false, go, answered = 0;
     const started = new Promise((ok) => (go = ok));
     parentPort.on('message', (m) => (m === 'go' ? go() : (stop = true)));
     const seen = { statuses: {}, retryAfter: [] };
     async function client() {
       await started;
       while (!stop) {
         const name = workerData.names ? 'x' + randomBytes(6).toString('hex') : '';
         const r = await fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password: 'guessed-password' }) });
         await r.arrayBuffer();
         seen.statuses[r.status] = (seen.statuses[r.status] ?? 0) + 1;
         if (r.status === 429) seen.retryAfter.push(r.headers.get('retry-after'));
         if (++answered === workerData.clients) parentPort.postMessage('underway');
       }
     }
     // the first request loads the worker's fetch: done before anything is timed
     fetch(workerData.url).then((r) => r.arrayBuffer()).then(() => parentPort.postMessage('ready'));
     Promise.all(Array.from({ length: workerData.clients }, client)).then(() => parentPort.postMessage(seen));`,
    { eval: true, workerData: { url, clients: SPRAYERS, names } },
  );
  const signal = (name: string) => new Promise<void>((ok) => worker.on('message', (m) => m === name && ok()));
  const ready = signal('ready');
  const underway = signal('underway');
  const done = new Promise<Answers>((ok, fail) => {
    worker.on('message', (m: unknown) => typeof m === 'object' && ok(m as Answers));
    worker.once('error', fail);
  });
  return {
    /** starts the clients and waits until each could have had an answer */
    async start(): Promise<void> {
      await ready;
      worker.postMessage('go');
      await Promise.race([underway, new Promise((ok) => setTimeout(ok, MAX_TIMING_MS))]);
    },
    async stop(): Promise<Answers> {
      worker.postMessage('stop');
      const answers = await done;
      await worker.terminate();
      return answers;
    },
  };
}

const signIn = (name: string, password: string) =>
  fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });

/** GET /api/me one after the other, each one's time (ms): `n` of them, none started after MAX_TIMING_MS */
async function meTimes(cookie: string, n: number): Promise<number[]> {
  const out: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n && performance.now() - start < MAX_TIMING_MS; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/me`, { headers: { cookie } });
    await r.arrayBuffer();
    out.push(performance.now() - t0);
    expect(r.status).toBe(200);
  }
  return out;
}

/** /api/me's times while `names` (or refused) sign-ins are sprayed, and what the sprayers were answered */
async function timedDuring(cookie: string, names: boolean): Promise<{ times: number[]; answers: Answers; ms: number }> {
  const s = spray(`${base}/api/login`, names);
  const t0 = performance.now();
  try {
    await s.start();
    const times = await meTimes(cookie, SAMPLES);
    return { times, answers: await s.stop(), ms: performance.now() - t0 };
  } catch (err) {
    await s.stop();
    throw err;
  }
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const summary = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(1)} p90 ${quantile(xs, 0.9).toFixed(1)} (${xs.length})`;

describe('sign-in under a spray of names', () => {
  it("keeps a signed-in user's requests fast, and answers the sprayer 429 with Retry-After", async () => {
    const ok = await signIn('ana', 'ana-password');
    expect(ok.status).toBe(200);
    const cookie = /ctwin_train=[^;]+/.exec(ok.headers.get('set-cookie')!)![0];
    await meTimes(cookie, 10); // the connection and the code paths warmed up
    const quiet = await meTimes(cookie, SAMPLES);
    const refused = await timedDuring(cookie, false);
    const named = await timedDuring(cookie, true);
    const count = (status: number) => named.answers.statuses[status] ?? 0;
    const report = `GET /api/me ms: quiet ${summary(quiet)}; spray refused outright ${summary(refused.times)}; ` +
      `spray of names ${summary(named.times)}, answered 401 ${count(401)}, 429 ${count(429)} in ${named.ms.toFixed(0)} ms`;
    console.log(report);
    expect(refused.answers.statuses, report).toEqual({ 400: expect.any(Number) });

    // when each hash held the one thread (~0.1 s, more on a busy machine), these went up a hundredfold
    expect(quantile(named.times, 0.5), report).toBeLessThan(RATIO * quantile(refused.times, 0.5));
    expect(quantile(named.times, 0.9), report).toBeLessThan(RATIO * quantile(refused.times, 0.9));
    // the address ran out of tries: only so many passwords were hashed, the rest refused at once
    expect(count(401), report).toBeLessThanOrEqual(LIMITS.address.capacity + Math.ceil(named.ms / LIMITS.address.refillMs));
    expect(count(429), report).toBeGreaterThan(0);
    expect(Object.keys(named.answers.statuses).sort(), report).toEqual(['401', '429']);
    for (const h of named.answers.retryAfter) expect(Number(h)).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
