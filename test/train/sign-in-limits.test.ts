import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingExercise } from '../training/fixture.js';
import type { Exercise } from '../../sim/training/exercise.js';
import { TokenBuckets } from '../../train/token-buckets.js';
import { TrainingStore } from '../../train/store.js';
import { TrainingService } from '../../train/training-service.js';
import { createTrainApp, type TrainAppOptions } from '../../train/app.js';

describe('TokenBuckets', () => {
  it('gives `capacity` tokens at once, then one per refill, and says how long to wait', () => {
    const b = new TokenBuckets({ capacity: 3, refillMs: 1000 });
    for (let i = 0; i < 3; i++) expect(b.take('a', 0)).toBe(0);
    expect(b.take('a', 0)).toBe(1000);
    expect(b.take('a', 400)).toBe(600);
    expect(b.take('b', 400)).toBe(0); // keys are separate
    expect(b.take('a', 1000)).toBe(0);
    expect(b.take('a', 1000)).toBe(1000);
    b.forget('a');
    expect(b.take('a', 1000)).toBe(0);
  });

  it('holds no more than maxKeys buckets, and drops those that have refilled', () => {
    const b = new TokenBuckets({ capacity: 2, refillMs: 1000 }, 100);
    for (let i = 0; i < 10_000; i++) b.take(`name-${i}`, i);
    expect(b.size).toBeLessThanOrEqual(100);
    // an hour later the first take forgets every bucket that has refilled meanwhile
    b.take('late', 3_600_000);
    expect(b.size).toBe(1);
  });
});

describe('sign-in limits of the trainer', () => {
  let ex: Exercise;
  let store: TrainingStore;
  const servers: Server[] = [];
  let clock = Date.UTC(2026, 10, 30, 9, 0, 0);

  beforeAll(async () => {
    ex = trainingExercise('gate-officer', { cases: 3 });
    store = TrainingStore.open(':memory:');
    await store.createUser('ana', 'ana-password', 'trainee');
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((ok) => s.close(() => ok()));
    }
    store?.close();
  });

  async function serve(o: Partial<TrainAppOptions>): Promise<string> {
    const service = new TrainingService(ex, store, () => clock);
    const server = createServer(createTrainApp({ service, viewerDir: join(tmpdir(), 'no-pages'), nowMs: () => clock, ...o }));
    servers.push(server);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const signIn = async (base: string, name: string, password: string, forwardedFor?: string) => {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ name, password }),
    });
    const body = (await r.json()) as { error?: string };
    return { status: r.status, retryAfter: r.headers.get('retry-after'), error: body.error, ms: performance.now() - t0 };
  };

  it('an address that used its tries is answered 429 with Retry-After, before any hash, whatever X-Forwarded-For says', async () => {
    const base = await serve({ signInLimits: { address: { capacity: 3, refillMs: 20_000 }, name: { capacity: 5, refillMs: 12_000 } } });
    const hashed: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await signIn(base, `made-up-${i}`, 'guessed-password', `10.0.0.${i}`);
      expect(r.status).toBe(401);
      hashed.push(r.ms);
    }
    const refused = await signIn(base, 'ana', 'ana-password', '10.9.9.9');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('20');
    expect(refused.error).toMatch(/from this address: try again in 20 s/);
    // no hash: far quicker than a wrong password
    expect(refused.ms).toBeLessThan(Math.min(...hashed) / 3);
    clock += 20_000;
    expect((await signIn(base, 'ana', 'ana-password')).status).toBe(200);
  });

  it("behind a trusted proxy the limit is per X-Forwarded-For client", async () => {
    const base = await serve({ trustProxy: 'loopback', signInLimits: { address: { capacity: 2, refillMs: 60_000 }, name: { capacity: 5, refillMs: 12_000 } } });
    for (let i = 0; i < 2; i++) expect((await signIn(base, `made-up-${i}`, 'guessed-password', '192.0.2.7')).status).toBe(401);
    expect((await signIn(base, 'made-up-3', 'guessed-password', '192.0.2.7')).status).toBe(429);
    expect((await signIn(base, 'ana', 'ana-password', '192.0.2.8')).status).toBe(200);
  });
});
