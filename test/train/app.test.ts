import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingExercise } from '../training/fixture.js';
import { renderCase } from '../../sim/training/judge.js';
import { dPrime } from '../../train/scoring.js';
import type { Exercise } from '../../sim/training/exercise.js';
import { TrainingStore } from '../../train/store.js';
import { TrainingService } from '../../train/training-service.js';
import { createTrainApp } from '../../train/app.js';
import type { DecisionResult, MeView, NextCase, SessionSummary, SessionView, TraineeProgress } from '../../train/api-types.js';

let ex: Exercise;
let store: TrainingStore;
let server: Server;
let base: string;
let dir: string;
let clock = Date.UTC(2026, 10, 30, 9, 0, 0);

beforeAll(async () => {
  ex = trainingExercise('image-analyst', { cases: 8, projectionRate: 0.5 });
  dir = mkdtempSync(join(tmpdir(), 'ctwin-train-'));
  store = TrainingStore.open(join(dir, 'training.sqlite'));
  await store.createUser('coach', 'coach-password', 'trainer');
  await store.createUser('ana', 'ana-password', 'trainee');
  await store.createUser('李明', 'li-password', 'trainee');
  const service = new TrainingService(ex, store, () => clock);
  server = createServer(createTrainApp({ service, viewerDir: join(dir, 'no-pages'), nowMs: () => clock }));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, o: { token?: string; body?: unknown; method?: string; raw?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (o.token) headers.cookie = `ctwin_train=${o.token}`;
  let body: string | undefined;
  if (o.body !== undefined || o.raw !== undefined) {
    headers['content-type'] = o.type ?? 'application/json';
    body = o.raw ?? JSON.stringify(o.body);
  }
  const res = await fetch(base + path, { method: o.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

async function login(name: string, password: string): Promise<string> {
  const r = await call('/api/login', { body: { name, password } });
  expect(r.status, r.text).toBe(200);
  const cookie = r.headers.get('set-cookie')!;
  return /ctwin_train=([^;]+)/.exec(cookie)![1];
}

describe('ctwin train server', () => {
  it('asks for a sign-in; a wrong password is refused; the token is an HttpOnly SameSite=Strict cookie', async () => {
    expect((await call('/api/me')).status).toBe(401);
    expect((await call('/api/sessions')).status).toBe(401);
    expect((await call('/api/login', { body: { name: 'ana', password: 'wrong-password' } })).status).toBe(401);
    expect((await call('/api/login', { body: { name: 'nobody', password: 'whatever1' } })).status).toBe(401);
    const r = await call('/api/login', { body: { name: 'ana', password: 'ana-password' } });
    expect(r.status).toBe(200);
    expect((r.json as MeView).user).toMatchObject({ name: 'ana', role: 'trainee' });
    expect((r.json as MeView).exercise).toMatchObject({ role: 'image-analyst', cases: 8, scenario: 'training-port' });
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const token = /ctwin_train=([^;]+)/.exec(cookie)![1];
    expect((await call('/api/me', { token })).json.user.name).toBe('ana');
    await call('/api/logout', { token, body: {} });
    expect((await call('/api/me', { token })).status).toBe(401);
    // a mangled cookie is no sign-in, not a server error
    expect((await call('/api/me', { token: '%E0%A4%A' })).status).toBe(401);
  });

  it('after five failed sign-ins a name waits, even with the right password, and is told how long', async () => {
    for (let i = 0; i < 5; i++) expect((await call('/api/login', { body: { name: '李明', password: `wrong-${i}-password` } })).status).toBe(401);
    const r = await call('/api/login', { body: { name: '李明', password: 'li-password' } });
    expect(r.status).toBe(429);
    expect(r.json.error).toMatch(/failed for this name: try again in 12 s/);
    expect(r.headers.get('retry-after')).toBe('12');
    // other names are not held up
    expect((await call('/api/login', { body: { name: 'ana', password: 'ana-password' } })).status).toBe(200);
    clock += 61_000;
    expect((await call('/api/login', { body: { name: '李明', password: 'li-password' } })).status).toBe(200);
  });

  it('refuses a state change not sent as JSON, bad JSON and unknown fields, naming what is wrong', async () => {
    const token = await login('ana', 'ana-password');
    expect((await call('/api/sessions', { token, raw: 'x=1', type: 'application/x-www-form-urlencoded' })).status).toBe(415);
    const bad = await call('/api/login', { raw: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/not valid JSON/);
    const extra = await call('/api/login', { body: { name: 'ana', password: 'ana-password', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.json.error).toMatch(/admin|unrecognized/i);
    const s = (await call('/api/sessions', { token, body: {} })).json as SessionView;
    expect((await call(`/api/sessions/${s.id}/decisions`, { token, body: { index: 0, decision: 'clear' } })).json.error).toMatch(/not been shown/);
    await call(`/api/sessions/${s.id}/case`, { token });
    expect((await call(`/api/sessions/${s.id}/decisions`, { token, body: { index: 1, decision: 'clear' } })).json.error).toMatch(/not the next case/);
    const wrong = await call(`/api/sessions/${s.id}/decisions`, { token, body: { index: 0, decision: 'hold' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatch(/decision/);
    expect((await call('/api/sessions/abc', { token })).status).toBe(400);
  });

  it("plays a session: each case decided once, in order, judged against the truth, timed from when it was first shown", async () => {
    const token = await login('ana', 'ana-password');
    const s = (await call('/api/sessions', { token, body: {} })).json as SessionView;
    expect(s.state).toBe('open');
    let signals = 0, noises = 0;
    for (let i = 0; i < ex.cases.length; i++) {
      const next = (await call(`/api/sessions/${s.id}/case`, { token })).json as NextCase;
      expect(next.done).toBe(false);
      if (next.done) return;
      const c = next.case;
      expect(c.index).toBe(i);
      expect(c.content.kind).toBe('image');
      // a reload shows the same case and does not restart its clock
      clock += 2000;
      expect(((await call(`/api/sessions/${s.id}/case`, { token })).json as NextCase & { done: false }).case).toEqual(c);
      const png = await fetch(base + (c.content as { image_url: string }).image_url, { headers: { cookie: `ctwin_train=${token}` } });
      expect(png.headers.get('content-type')).toBe('image/png');
      const grey = Buffer.from(await png.arrayBuffer());
      expect(grey.subarray(1, 4).toString()).toBe('PNG');
      if (i === 0) {
        // the material colours (RGB, colour type 2) and the material classes (grey), the same size; no other layer
        const url = base + (c.content as { image_url: string }).image_url;
        const layer = async (l: string) => Buffer.from(await (await fetch(`${url}?layer=${l}`, { headers: { cookie: `ctwin_train=${token}` } })).arrayBuffer());
        const [mat, cls] = [await layer('material'), await layer('classes')];
        expect([mat[25], cls[25], grey[25]]).toEqual([2, 0, 0]);
        expect(mat.readUInt32BE(16)).toBe(grey.readUInt32BE(16));
        expect(cls.readUInt32BE(20)).toBe(grey.readUInt32BE(20));
        expect((await call(`/api/sessions/${s.id}/cases/${i}/image.png?layer=xray`, { token })).status).toBe(400);
      }
      // the next case's image is not served ahead
      expect((await call(`/api/sessions/${s.id}/cases/${i + 1}/image.png`, { token })).status).toBe(404);
      const shown = renderCase(ex, ex.cases[i], c.difficulty);
      shown.signal ? signals++ : noises++;
      clock += 1000;
      const body = shown.signal ? { index: i, decision: 'mark', marks: [shown.truthBox] } : { index: i, decision: 'clear' };
      const r = await call(`/api/sessions/${s.id}/decisions`, { token, body });
      expect(r.status, r.text).toBe(200);
      const d = r.json as DecisionResult;
      expect(d.outcome).toBe(shown.signal ? 'hit' : 'correct_rejection');
      expect(d.truth_kind).toBe(shown.signal ? shown.truthKind : 'clean');
      if (shown.signal) expect(d.truth_kind).not.toBe('clean');
      expect(d.decision_s).toBe(3);
      if (shown.signal) expect(d.truth_box).toEqual(shown.truthBox);
      // twice is refused, and nothing changes
      expect((await call(`/api/sessions/${s.id}/decisions`, { token, body })).status).toBe(400);
    }
    expect(((await call(`/api/sessions/${s.id}/case`, { token })).json as NextCase).done).toBe(true);
    const v = (await call(`/api/sessions/${s.id}`, { token })).json as SessionView;
    expect(v.decided).toBe(ex.cases.length);
    expect(v.scores).toMatchObject({ hits: signals, misses: 0, false_alarms: 0, correct_rejections: noises, hit_rate: 1, false_alarm_rate: 0, mean_decision_s: 3, p90_decision_s: 3 });
    expect(v.scores.d_prime).toBeCloseTo(dPrime(signals, signals, 0, noises)!, 12);
    expect(v.baseline.n).toBe(ex.cases.length);
    const f = await call(`/api/sessions/${s.id}/finish`, { token, body: {} });
    expect(f.status, f.text).toBe(200);
    const done = f.json as SessionView;
    expect(done.state).toBe('finished');
    expect(done.outcome!.baseline).toEqual(ex.baseline);
    expect(done.outcome!.decisions_applied).toBe(ex.cases.length);
    expect(done.outcome!.trainee.consignments).toBe(ex.baseline.consignments);
    expect((await call(`/api/sessions/${s.id}/finish`, { token, body: {} })).status).toBe(400);
    // a new session starts at case 0 again
    const again = (await call('/api/sessions', { token, body: {} })).json as SessionView;
    expect(again.id).not.toBe(s.id);
    expect(again.decided).toBe(0);
  }, 60_000);

  it("a trainee cannot read, play or export another trainee's sessions; a trainer sees everyone's", async () => {
    const ana = await login('ana', 'ana-password');
    const li = await login('李明', 'li-password');
    const anaSessions = (await call('/api/sessions', { token: ana })).json as SessionSummary[];
    const finished = anaSessions.find((s) => s.state === 'finished')!;
    const open = anaSessions.find((s) => s.state === 'open')!;
    expect((await call(`/api/sessions/${finished.id}`, { token: li })).status).toBe(404);
    expect((await call(`/api/sessions/${open.id}/case`, { token: li })).status).toBe(404);
    expect((await call(`/api/sessions/${open.id}/decisions`, { token: li, body: { index: 0, decision: 'clear' } })).status).toBe(404);
    expect((await call(`/api/sessions/${finished.id}/cases/0/image.png`, { token: li })).status).toBe(404);
    expect((await call('/api/sessions', { token: li })).json).toEqual([]);
    expect((await call('/api/trainees', { token: li })).status).toBe(403);
    expect((await call('/api/trainees', { token: li, body: { name: 'eve', password: 'eve-password' } })).status).toBe(403);
    const liCsv = await call('/api/export.csv', { token: li });
    expect(liCsv.text).not.toMatch(/ana/);

    const coach = await login('coach', 'coach-password');
    expect((await call('/api/sessions', { token: coach, body: {} })).status).toBe(400);
    const progress = (await call('/api/trainees', { token: coach })).json as TraineeProgress[];
    expect(progress.map((p) => p.user.name)).toEqual(['ana', '李明']);
    const a = progress[0].sessions.find((s) => s.id === finished.id)!;
    expect(a.scores).toEqual(finished.scores);
    expect((await call(`/api/sessions/${finished.id}`, { token: coach })).status).toBe(200);
    const csv = await call('/api/export.csv', { token: coach });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toMatch(/ana/);
    const added = await call('/api/trainees', { token: coach, body: { name: 'wang', password: 'wang-password' } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: 'wang', role: 'trainee' });
    expect((await call('/api/trainees', { token: coach, body: { name: 'WANG', password: 'wang-password' } })).status).toBe(400);
  });
});
