/**
 * The trainer in Chinese, in Chromium on a machine with no CJK font of its own (Debian's chromium and
 * fonts-dejavu here): the page ships Noto Sans SC, so the sign-in form and the exercise canvas draw
 * Chinese characters as glyphs, not as missing-glyph boxes; the canvas is drawn only once the font's
 * slices are in (its width measured then is the glyphs' width); goods, countries and units of a
 * document case are shown in Chinese, by their catalog codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, DocumentCaseContent } from '../../train/api-types.js';
import { createTrainApp } from '../../train/app.js';
import { TrainingStore } from '../../train/store.js';
import { TrainingService } from '../../train/training-service.js';
import { GOODS_ZH, UNITS_ZH } from '../../viewer/src/train/goods-zh.js';
import { chromiumAvailable, glyphCheck, launchBrowser } from '../browser.js';
import { trainingExercise } from '../training/fixture.js';

/** as viewer/src/train/hooks.ts has it (not imported: that file declares the page's own window.__train) */
interface SceneText { text: string; font: string; width: number; wrapped: boolean }

/** window.__train as far as this file reads it (cast, not declared: other test files declare it their way) */
type TrainWindow = { __train?: { screen: string; ready: boolean; case: CaseView | null; sceneTexts: SceneText[] } };

const CJK = /[\u3400-\u9fff]/;

describe.skipIf(!chromiumAvailable())('officer trainer in Chinese, in Chromium', () => {
  let dir: string;
  let store: TrainingStore;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const ex = trainingExercise('document-reviewer', { cases: 2, projectionRate: 0.5 });
    dir = mkdtempSync(join(tmpdir(), 'ctwin-train-zh-'));
    store = TrainingStore.open(join(dir, 'training.sqlite'));
    await store.createUser('mei', 'mei-password', 'trainee');
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
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records the font files it fetched and anything that went wrong. */
  async function open(path: string): Promise<{ page: Page; fonts: string[]; problems: string[] }> {
    const page = await browser.newPage();
    const fonts: string[] = [];
    const problems: string[] = [];
    page.on('response', (r) => {
      if (/\.woff2?$/.test(new URL(r.url()).pathname)) fonts.push(r.url());
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    await page.goto(`${base}${path}`);
    return { page, fonts, problems };
  }

  it('the sign-in form draws its Chinese with glyphs, from font slices the page itself serves', async () => {
    const { page, fonts, problems } = await open('/train.html?lang=zh');
    await page.waitForSelector('[data-testid=login-submit]');
    const heading = await page.$eval('#login-heading', (e) => e.textContent ?? '');
    expect(heading).toBe('登录');
    const font = await page.$eval('#login-heading', (e) => getComputedStyle(e).font);
    const g = await glyphCheck(page, font, '登录用户名密码');
    // seven different characters drawn seven different ways (tofu: one box for all) …
    expect(g.distinctDrawings, JSON.stringify(g)).toBe(g.chars);
    // … and they are not as wide as seven missing-glyph boxes
    expect(Math.abs(g.width - g.tofuWidth), JSON.stringify(g)).toBeGreaterThan(1);
    expect(await page.evaluate(() => document.fonts.check("16px 'Noto Sans SC'", '登录'))).toBe(true);
    // a few slices of the font, all from this server (woff2 only: the page fetches no fallback format)
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.length).toBeLessThan(20);
    for (const f of fonts) expect(f.startsWith(`${base}/`) && f.endsWith('.woff2'), f).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a document case in Chinese: goods, origin and units by their codes, canvas text drawn with glyphs', async () => {
    const { page, problems } = await open('/train.html?lang=zh');
    await page.waitForSelector('[data-testid=login-name]');
    await page.type('[data-testid=login-name]', 'mei');
    await page.type('[data-testid=login-password]', 'mei-password');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=start-button]');
    await page.click('[data-testid=start-button]');
    await page.waitForFunction(() => {
      const h = (window as unknown as TrainWindow).__train;
      return h?.screen === 'case' && h.ready;
    }, { timeout: 60_000 });
    const c = (await page.evaluate(() => (window as unknown as TrainWindow).__train!.case))!;
    expect(c.content.kind).toBe('documents');
    const line = (c.content as DocumentCaseContent).declaration.lines[0];
    const texts = await page.evaluate(() => (window as unknown as TrainWindow).__train!.sceneTexts);
    const all = texts.map((x) => x.text).join('\n');
    // the declaration's first line: the goods of its HS code and its unit in Chinese, not in English
    expect(all).toContain(`${GOODS_ZH[line.hs]} | ${line.hs} | `);
    expect(all).toContain(` ${UNITS_ZH[line.unit]} | `);
    expect(all).not.toContain(line.description);

    // every one-line Chinese text on the canvas was measured (so drawn) with the glyphs: the width
    // Phaser measured as it drew equals the width measured now, and is not the boxes' width
    const single = texts.filter((x) => CJK.test(x.text) && !x.wrapped && !x.text.includes('\n'));
    expect(single.length).toBeGreaterThan(2);
    for (const x of single) {
      const now = await page.evaluate((s) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = s.font;
        return { glyphs: ctx.measureText(s.text).width, tofu: ctx.measureText('\u{10FFFD}'.repeat([...s.text].length)).width };
      }, x);
      expect(Math.abs(x.width - now.glyphs), `${x.text} drawn ${x.width} wide, measures ${now.glyphs}`).toBeLessThan(2);
      expect(Math.abs(now.glyphs - now.tofu), x.text).toBeGreaterThan(2);
    }
    // the documents' monospace face falls back to the shipped font for Chinese
    const mono = texts.find((x) => x.text.includes(GOODS_ZH[line.hs]))!;
    const g = await glyphCheck(page, mono.font, GOODS_ZH[line.hs]);
    expect(g.distinctDrawings, JSON.stringify(g)).toBe(g.chars);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
