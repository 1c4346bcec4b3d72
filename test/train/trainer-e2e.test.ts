/**
 * The trainer end to end in Chromium: a trainee signs in, plays a short image-analyst session with
 * scripted decisions (marks dragged on the canvas with the mouse, keys pressed), finishes it; the
 * stored session and the trainer's dashboard show the scores the script implies; another trainee
 * cannot read the session.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { chromiumAvailable, launchBrowser } from '../browser.js';
import { trainingExercise } from '../training/fixture.js';
import { renderCase } from '../../sim/training/judge.js';
import { score } from '../../train/scoring.js';
import type { Exercise } from '../../sim/training/exercise.js';
import { TrainingStore } from '../../train/store.js';
import { TrainingService } from '../../train/training-service.js';
import { createTrainApp } from '../../train/app.js';
import type { CaseView, DecisionResult, Outcome } from '../../train/api-types.js';

declare global {
  interface Window {
    __train?: { screen: string; ready: boolean; case: CaseView | null; last: DecisionResult | null; imageRect: { left: number; top: number; width: number; height: number; scale: number } | null };
  }
}

const CASES = 6;

describe.skipIf(!chromiumAvailable())('officer trainer in Chromium', () => {
  let ex: Exercise;
  let dir: string;
  let store: TrainingStore;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ex = trainingExercise('image-analyst', { cases: CASES, projectionRate: 0.5 });
    dir = mkdtempSync(join(tmpdir(), 'ctwin-train-e2e-'));
    store = TrainingStore.open(join(dir, 'training.sqlite'));
    await store.createUser('coach', 'coach-password', 'trainer');
    await store.createUser('ana', 'ana-password', 'trainee');
    await store.createUser('li', 'li-password', 'trainee');
    server = createServer(createTrainApp({ service: new TrainingService(ex, store), viewerDir: join(process.cwd(), 'dist', 'viewer') }));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser({ webgl: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(page: Page, name: string, password: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=login-name]');
    await page.type('[data-testid=login-name]', name);
    await page.type('[data-testid=login-password]', password);
    await page.click('[data-testid=login-submit]');
  }

  const screen = (page: Page, name: string) => page.waitForFunction((n) => window.__train?.screen === n && window.__train.ready, { timeout: 30_000 }, name);

  it('a trainee plays a scripted session; the stored session and the dashboard show its scores; another trainee cannot read it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, 'ana', 'ana-password');
    await page.waitForSelector('[data-testid=start-button]');
    await page.click('[data-testid=start-button]');

    // the script: right on every case but the second (answered wrong: a miss or a false alarm)
    const expected: Outcome[] = [];
    const trials: { signal: boolean; yes: boolean; decisionS: number }[] = [];
    let sessionId = -1;
    for (let i = 0; i < CASES; i++) {
      await screen(page, 'case');
      const c = (await page.evaluate(() => window.__train!.case))!;
      expect(c.index).toBe(i);
      sessionId = c.session;
      const shown = renderCase(ex, ex.cases[i], c.difficulty);
      const wrong = i === 1;
      const say = shown.signal !== wrong;
      if (i === 0) {
        // the console tools: zoom in and back, material colour and the material filter
        const scale0 = (await page.evaluate(() => window.__train!.imageRect))!.scale;
        await page.keyboard.press('+');
        expect((await page.evaluate(() => window.__train!.imageRect))!.scale).toBeCloseTo(scale0 * 1.5, 5);
        await page.keyboard.press('0');
        expect((await page.evaluate(() => window.__train!.imageRect))!.scale).toBeCloseTo(scale0, 5);
        await page.keyboard.press('k');
        await page.keyboard.press('o');
        const pressed = (id: string) => page.$eval(`[data-testid=${id}]`, (el) => el.getAttribute('aria-pressed'));
        expect(await pressed('tool-colour')).toBe('true');
        expect(await pressed('tool-filter')).toBe('true');
        await page.keyboard.press('k');
        for (let k = 0; k < 4; k++) await page.keyboard.press('o');
        expect(await pressed('tool-filter')).toBe('false');
      }
      if (say) {
        // drag a box with the mouse: over the threat, or in an empty corner of the picture when wrong
        const r = (await page.evaluate(() => window.__train!.imageRect))!;
        const t = shown.signal && !wrong ? shown.truthBox! : { x0: 20, y0: 20, x1: 60, y1: 60 };
        await page.mouse.move(r.left + (t.x0 + 1) * r.scale, r.top + (t.y0 + 1) * r.scale);
        await page.mouse.down();
        await page.mouse.move(r.left + (t.x1 - 1) * r.scale, r.top + (t.y1 - 1) * r.scale, { steps: 5 });
        await page.mouse.up();
        await page.keyboard.press('m');
      } else await page.keyboard.press('c');
      const outcome: Outcome = shown.signal ? (say ? 'hit' : 'miss') : say ? 'false_alarm' : 'correct_rejection';
      expected.push(outcome);
      await screen(page, 'feedback');
      const last = (await page.evaluate(() => window.__train!.last))!;
      expect(last.outcome, `case ${i}`).toBe(outcome);
      trials.push({ signal: shown.signal, yes: say, decisionS: last.decision_s });
      await page.keyboard.press('n');
    }
    await screen(page, 'results');
    await page.click('[data-testid=finish-button]');
    await screen(page, 'outcome');

    // stored: every decision, in order, marks in image pixels on the threat for the hits
    const stored = store.decisions(sessionId);
    expect(stored.map((d) => d.outcome)).toEqual(expected);
    for (const d of stored) {
      if (d.outcome !== 'hit') continue;
      const t = renderCase(ex, ex.cases[d.index], d.difficulty).truthBox!;
      expect(d.marks).toHaveLength(1);
      expect(Math.abs(d.marks[0].x0 - t.x0)).toBeLessThanOrEqual(3);
      expect(Math.abs(d.marks[0].y1 - t.y1)).toBeLessThanOrEqual(3);
    }
    const session = store.session(sessionId)!;
    expect(session.state).toBe('finished');
    expect(session.outcome!.decisions_applied).toBe(CASES);
    const want = score(trials);

    // the trainer's dashboard shows the same d′
    const coach = await browser.createBrowserContext();
    const cp = await coach.newPage();
    await signIn(cp, 'coach', 'coach-password');
    await cp.waitForFunction(() => window.__train?.screen === 'dashboard', { timeout: 30_000 });
    await cp.waitForSelector('[data-testid=trainee-row][data-name=ana] [data-testid=dprime]');
    const shownD = await cp.$eval('[data-testid=trainee-row][data-name=ana] [data-testid=dprime]', (e) => e.textContent ?? '');
    expect(Number(shownD.replace(/[^\d.-]/g, ''))).toBeCloseTo(want.d_prime!, 2);
    await coach.close();

    // another trainee: their own (empty) history, and a 404 for ana's session
    const other = await browser.createBrowserContext();
    const op = await other.newPage();
    await signIn(op, 'li', 'li-password');
    await op.waitForSelector('[data-testid=start-button]');
    const status = await op.evaluate(async (id) => (await fetch(`/api/sessions/${id}`)).status, sessionId);
    expect(status).toBe(404);
    expect(await op.$$('[data-testid=session-row]')).toHaveLength(0);
    await other.close();
    expect(errors).toEqual([]);
  }, 180_000);

  it('the sign-in page opens without a console error; its "am I signed in?" answers 200 either way', async () => {
    const ctx = await browser.createBrowserContext();
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') problems.push(`console.${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    for (const lang of ['en', 'zh']) {
      await page.goto(`${base}/train.html?lang=${lang}`);
      await page.waitForSelector('[data-testid=login-name]');
      await page.waitForFunction(() => window.__train?.screen === 'login');
    }
    expect(await page.evaluate(async () => (await fetch('/api/session')).json())).toEqual({ signed_in: false });
    // signed in, the same question opens the home screen straight away
    await signIn(page, 'ana', 'ana-password');
    await page.waitForSelector('[data-testid=start-button]');
    const state = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(state).toMatchObject({ signed_in: true, user: { name: 'ana', role: 'trainee' } });
    await page.reload();
    await page.waitForSelector('[data-testid=start-button]');
    expect(problems).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('opened from the viewer\'s server (ctwin serve), the page says how to start a trainer', async () => {
    const { createApp } = await import('../../serve/app.js');
    const viewer = createServer(createApp({ root: dir, viewerDir: join(process.cwd(), 'dist', 'viewer') }));
    await new Promise<void>((ok) => viewer.listen(0, '127.0.0.1', ok));
    try {
      const { existsSync } = await import('node:fs');
      const { TRAIN_ROLES } = await import('../../train/api-types.js');
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(viewer.address() as AddressInfo).port}/train.html`);
      // the alert line shows (whatever it says: a wrong message fails below, naming it, not as a timeout)
      await page.waitForSelector('[data-testid=error]:not([hidden])', { timeout: 30_000 });
      const alert = await page.$eval('[data-testid=error]', (e) => ({ role: e.getAttribute('role'), text: e.textContent ?? '' }));
      expect(alert.role).toBe('alert');
      // a command the user can paste: a scenario that exists in the project and a role ctwin train takes
      const cmd = /Start one with: npx ctwin train --scenario (\S+) --role (\S+)$/.exec(alert.text);
      expect(cmd, alert.text).not.toBeNull();
      expect(existsSync(join(process.cwd(), cmd![1])), cmd![1]).toBe(true);
      expect(TRAIN_ROLES).toContain(cmd![2]);
      await page.close();
    } finally {
      viewer.closeAllConnections();
      await new Promise<void>((ok) => viewer.close(() => ok()));
    }
  }, 60_000);
});
