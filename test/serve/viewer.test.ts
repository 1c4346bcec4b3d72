/// <reference lib="dom" />
/**
 * The 3D viewer in Chromium (WebGL on SwiftShader), served by `ctwin serve` over a real runs
 * folder: the runs page and the replay load without console errors, the canvas is drawn, seeking
 * moves the trucks, clicking a truck opens its panel with the right consignment, and the keyboard
 * works. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Serving } from '../../bin/commands/serve.js';
import type { Tracks } from '../../serve/tracks-format.js';
import { chromiumAvailable, glyphCheck, launchBrowser } from '../browser.js';
import { fixtureRuns, type FixtureRuns } from './fixture-runs.js';
import type { ViewerHooks } from '../../viewer/src/hooks.js';

const artifacts = resolve('test-artifacts');

declare global {
  interface Window {
    __viewer: ViewerHooks;
  }
}

describe.skipIf(!chromiumAvailable())('3D viewer in Chromium', () => {
  let fx: FixtureRuns;
  let s: Serving;
  let browser: Browser;
  let tracks: Tracks;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    fx = fixtureRuns(8);
    s = await startServe({ runs: fx.root, port: 0, host: '127.0.0.1' });
    tracks = (await (await fetch(new URL(`/api/runs/${encodeURIComponent(fx.portId)}/tracks?policy=reform`, s.url))).json()) as Tracks;
    browser = await launchBrowser({ webgl: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** A page that records console errors, page errors and failed requests. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      // Chromium's own note on software WebGL ("GL Driver Message … GPU stall due to ReadPixels"),
      // printed for any WebGL page under SwiftShader, even one that draws a single frame
      if (m.text().includes('GL Driver Message')) return;
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(new URL(path, s.url).href, { waitUntil: 'load' });
    return { page, problems };
  }

  const replay = `/view.html?run=${encodeURIComponent('port-small-seed11')}&policy=reform`;

  it('lists the runs with their replays and reports', async () => {
    const { page, problems } = await open('/');
    await page.waitForFunction(() => document.querySelectorAll('a[href*="view.html"]').length > 0, { timeout: 20_000 });
    const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.some((h) => h.includes('view.html') && h.includes('policy=reform'))).toBe(true);
    expect(links.some((h) => h.includes('view.html') && h.includes('policy=baseline'))).toBe(true);
    expect(links.some((h) => h.includes('report.html'))).toBe(true);
    // keyboard: the links are reachable with Tab
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/^(A|BUTTON|INPUT|SELECT)$/);
    await page.screenshot({ path: join(artifacts, 'viewer-runs.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws the site and its trucks; seeking moves them; a click opens the truck panel', async () => {
    const { page, problems } = await open(replay);
    await page.waitForFunction(() => window.__viewer?.ready === true, { timeout: 60_000 });
    // a moment of the run with many trucks in the port
    const k = tracks.kpi.inSystem.indexOf(Math.max(...tracks.kpi.inSystem));
    const tBusy = tracks.t0 + k * tracks.kpi.stepS;
    await page.evaluate((t) => (window.__viewer.pause(), window.__viewer.seek(t)), tBusy);
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.evaluate(() => window.__viewer.time())).toBeCloseTo(tBusy, 0);
    const visible = await page.evaluate(() => window.__viewer.visibleTrucks());
    expect(visible).toBe(tracks.kpi.inSystem[k]);
    // the reform's equipment: 8 smart lanes, 2 manual booths, 2 scanners
    const labels = await page.$$eval('.site-label', (ls) => ls.map((l) => l.textContent ?? ''));
    expect(labels).toEqual(expect.arrayContaining(['smart lanes ×8', 'manual booths ×2', 'H986 #1', 'H986 #2', 'scanner queue']));

    // the canvas is drawn: many distinct colours, not a blank clear colour
    const canvas = await page.$('canvas');
    expect(canvas).not.toBeNull();
    const png = PNG.sync.read(Buffer.from(await canvas!.screenshot({ type: 'png' })));
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
    expect(colours.size).toBeGreaterThan(20);
    await page.screenshot({ path: join(artifacts, 'viewer-replay.png') });

    // seeking changes where the trucks are
    const before = await page.evaluate(() => window.__viewer.positions());
    await page.evaluate((t) => window.__viewer.seek(t), tBusy + 1800);
    await new Promise((r) => setTimeout(r, 500));
    const after = await page.evaluate(() => window.__viewer.positions());
    expect(before.length).toBeGreaterThan(0);
    expect(after).not.toEqual(before);

    // click a truck on screen: its panel names that consignment
    const pick = await page.evaluate(() => {
      const v = window.__viewer;
      for (let i = 0; i < 100_000; i++) {
        const p = v.truckScreenPosition(i);
        if (p && p.x > 50 && p.y > 50 && p.x < 1000 && p.y < 650) return { i, ...p };
        if (i > 0 && p === null && i > v.visibleTrucks() * 50) break;
      }
      return null;
    });
    expect(pick).not.toBeNull();
    await page.mouse.click(pick!.x, pick!.y);
    await page.waitForFunction(() => (document.querySelector('#panel-id')?.textContent ?? '').startsWith('C'), { timeout: 10_000 });
    const shown = await page.$eval('#panel-id', (e) => e.textContent);
    const ref = Number(await page.$eval('[data-ref]', (e) => e.getAttribute('data-ref')));
    expect(shown).toBe(`C${ref + 1}`);
    // its plate (津A12345…: Chinese, on a machine with no CJK font) is drawn with the page's own font
    await page.waitForFunction(() => /[\u3400-\u9fff]/.test(document.querySelector('#panel')?.textContent ?? ''), { timeout: 10_000 });
    const plate = await page.$eval('#panel', (e) => ({ text: (e.textContent ?? '').match(/[\u3400-\u9fff]/g)!.join(''), font: getComputedStyle(e).font }));
    const g = await glyphCheck(page, plate.font, `${plate.text}中国`);
    expect(g.distinctDrawings, JSON.stringify(g)).toBe(g.chars);
    // the truck under the cursor: the one picked, or one drawn at the same spot
    const clicked = await page.evaluate((r) => window.__viewer.truckScreenPosition(window.__viewer.truckIndexByRef(r)), ref);
    expect(Math.hypot(clicked!.x - pick!.x, clicked!.y - pick!.y)).toBeLessThan(25);
    await page.waitForFunction(() => /risk|score/i.test(document.querySelector('[data-ref]')?.textContent ?? ''), { timeout: 10_000 });
    await page.screenshot({ path: join(artifacts, 'viewer-panel.png') });

    // keyboard: Escape closes the panel, Space plays
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => {
      const p = document.querySelector('[data-ref]') as HTMLElement | null;
      return p === null || p.offsetParent === null || p.hidden;
    });
    const t0 = await page.evaluate(() => window.__viewer.time());
    await page.focus('body');
    await page.keyboard.press('Space');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.evaluate(() => window.__viewer.time())).toBeGreaterThan(t0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws the baseline's own equipment: ten manual booths, no smart lane, no scanner", async () => {
    const { page, problems } = await open(`/view.html?run=${encodeURIComponent('port-small-seed11')}&policy=baseline`);
    await page.waitForFunction(() => window.__viewer?.ready === true, { timeout: 60_000 });
    const labels = await page.$$eval('.site-label', (ls) => ls.map((l) => l.textContent ?? ''));
    expect(labels).toContain('manual booths ×10');
    expect(labels.filter((l) => /smart|H986|scanner/i.test(l))).toEqual([]);
    // no camera view of a scanner that is not there, no queue figure for it or for smart lanes
    expect(await page.$$eval('#controls button', (bs) => bs.map((b) => b.getAttribute('aria-label')))).not.toContain('camera scanner');
    const kpis = await page.$$eval('#kpi [data-kpi]', (cs) => cs.map((c) => c.getAttribute('data-kpi')));
    expect(kpis).toContain('manual');
    expect(kpis).not.toContain('scanner');
    expect(kpis).not.toContain('smart');
    await page.screenshot({ path: join(artifacts, 'viewer-baseline.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a run's report beside its replay", async () => {
    const { page, problems } = await open(`${replay}&report=1`);
    await page.waitForFunction(() => window.__viewer?.ready === true, { timeout: 60_000 });
    const src = await page.$eval('iframe', (f) => f.getAttribute('src'));
    expect(src).toMatch(/report\.html/);
    await page.screenshot({ path: join(artifacts, 'viewer-side-by-side.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
