/// <reference lib="dom" />
/**
 * The viewer's live mode: a twin fed part of a recorded port site, `ctwin serve --twin` in front of
 * it, and the page in Chromium (WebGL on SwiftShader). The page shows the twin's trucks where the
 * twin has them, new ones as the twin hears of them (no reload), a click opens the truck's panel
 * with what the twin holds of it, seeking back leaves the live edge and L returns to it. The proxy
 * passes only what the viewer reads, and refuses bad requests. Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Serving } from '../../bin/commands/serve.js';
import { startTwin, type TwinServer } from '../../twin/server.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import type { RecordedItem } from '../../twin/site-recording.js';
import type { ViewerHooks } from '../../viewer/src/hooks.js';
import { chromiumAvailable, launchBrowser } from '../browser.js';
import { EPOCH_MS, SITE_CFG, recording } from '../twin/twin-fixture.js';

const artifacts = resolve('test-artifacts');
const TOKEN = 'live-viewer-test-token-0123456789';

declare global {
  interface Window {
    __viewer: ViewerHooks;
  }
}

describe('the viewer following a live twin', () => {
  const rec = recording();
  const dir = mkdtempSync(join(tmpdir(), 'ctwin-live-viewer-'));
  const clock = { ms: EPOCH_MS };
  let twin: TwinServer;
  let s: Serving;
  let bare: Serving;
  let fedTo = 0;

  /** Feeds the recording up to item `to` (exclusive), with the twin's clock at each item's time. */
  const feedTo = async (to: number) => {
    for (; fedTo < to; fedTo++) {
      const it: RecordedItem = rec.items[fedTo];
      clock.ms = EPOCH_MS + it.at * 1000;
      const r = await twin.runtime.submit({ source: 'http', lane: it.lane, device: it.device, format: it.format, seq: it.seq, bytes: it.bytes });
      expect(r.status).toBe('accepted');
    }
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    twin = await startTwin({
      site: siteConfigOfPort(SITE_CFG), port: SITE_CFG, describe: { scenario: 'port fixture', policy: 'fixture', summary: 'port fixture, two smart lanes' },
      db: join(dir, 'twin.sqlite'), token: TOKEN, httpPort: 0, tcpPort: null, mqttPort: null, barriers: 'emulated', tickMs: 100, clock: () => clock.ms,
    });
    await feedTo(Math.floor(rec.items.length * 0.6));
    s = await startServe({ runs: join(dir, 'no-runs-yet'), port: 0, host: '127.0.0.1', twin: twin.url });
    bare = await startServe({ runs: dir, port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    await bare?.close();
    await twin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (base: string, path: string) => {
    const r = await fetch(new URL(path, base));
    return { status: r.status, body: await r.text() };
  };

  it('passes the twin’s reads through, and nothing else', async () => {
    const site = await get(s.url, '/api/twin/site');
    expect(site.status).toBe(200);
    expect(JSON.parse(site.body)).toMatchObject({ scenario: 'port fixture', lanes: [...twin.runtime.site.lanes.keys()] });
    const ref = [...twin.runtime.site.consignments.keys()][0];
    const c = await get(s.url, `/api/twin/consignments/${ref}`);
    expect(c.status).toBe(200);
    expect(JSON.parse(c.body)).toMatchObject({ ref });
    // the twin's own 404 comes through with its reason
    const none = await get(s.url, '/api/twin/consignments/99999999');
    expect(none.status).toBe(404);
    expect(JSON.parse(none.body).error).toMatch(/no consignment 99999999/);
    for (const [path, status, reason] of [
      ['/api/twin/consignments/abc', 400, /ref: expected a consignment number/],
      ['/api/twin/events?since=-1', 400, /since: expected/],
      ['/api/twin/devices', 404, /no such twin API/],
      ['/api/twin/whatif', 404, /no such twin API/],
    ] as const) {
      const r = await get(s.url, path);
      expect(r.status, path).toBe(status);
      expect(JSON.parse(r.body).error, path).toMatch(reason);
    }
    // nothing that changes state: a POST is not passed on
    const post = await fetch(new URL('/api/twin/releases', s.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect(post.status).toBe(404);
    // a server that follows no twin says how to follow one
    expect(JSON.parse((await get(s.url, '/api/twin/')).body)).toEqual({ twin: `${twin.url}/` });
    expect(JSON.parse((await get(bare.url, '/api/twin/')).body)).toEqual({ twin: null });
    const no = await get(bare.url, '/api/twin/site');
    expect(no.status).toBe(404);
    expect(JSON.parse(no.body).error).toMatch(/--twin/);
  });

  it('refuses a --twin that is not an http address', async () => {
    await expect(startServe({ runs: dir, port: 0, host: '127.0.0.1', twin: 'ftp://x' })).rejects.toThrow(/--twin ftp:\/\/x: expected an http/);
    await expect(startServe({ runs: dir, port: 0, host: '127.0.0.1', twin: 'not a url' })).rejects.toThrow(/--twin not a url: not a URL/);
  });

  describe.skipIf(!chromiumAvailable())('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser({ webgl: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    async function open(path: string): Promise<{ page: Page; problems: string[] }> {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.text().includes('GL Driver Message')) return; // SwiftShader's note on any WebGL page
        if (m.type() === 'error' || m.type() === 'warn') problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(new URL(path, s.url).href, { waitUntil: 'load' });
      return { page, problems };
    }

    it('links the live twin from the runs page', async () => {
      const { page, problems } = await open('/');
      await page.waitForFunction(() => document.querySelector('a[href="view.html?live=1"]') !== null, { timeout: 20_000 });
      expect(await page.$eval('#live', (e) => e.textContent)).toMatch(/port fixture, two smart lanes/);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('shows the twin’s trucks, follows its new ones, and opens a truck’s panel', async () => {
      const { page, problems } = await open('/view.html?live=1');
      await page.waitForFunction(() => window.__viewer?.ready === true, { timeout: 60_000 });
      const site = twin.runtime.site;
      const live = async () => (await page.evaluate(() => window.__viewer.live()))!;
      let l = await live();
      expect(l.following).toBe(true);
      expect(l.trucks).toBe(site.kpiView().releases);
      expect(l.counts.awaitingGate).toBe(site.queues().awaiting_gate);
      expect(l.counts.unmatched).toBe(site.kpiView().unmatched);
      expect(await page.evaluate(() => window.__viewer.visibleTrucks())).toBe(l.counts.inSystem);

      // the twin hears of more trucks: they appear without a reload
      const before = l.trucks;
      let to = fedTo + 1;
      while (rec.items.slice(fedTo, to).filter((i) => i.format === 'customs-release').length < 3) to++;
      await feedTo(to);
      await page.waitForFunction((n) => window.__viewer.live()!.trucks >= n, { timeout: 20_000 }, site.kpiView().releases);
      l = await live();
      expect(l.trucks).toBeGreaterThanOrEqual(before + 3);
      expect(l.trucks).toBe(site.kpiView().releases);
      expect(l.counts.awaitingGate).toBe(site.queues().awaiting_gate);
      expect(l.following).toBe(true);
      await new Promise((r) => setTimeout(r, 700));
      expect(await page.evaluate(() => window.__viewer.visibleTrucks())).toBeGreaterThan(0);

      // the canvas is drawn
      const png = PNG.sync.read(Buffer.from(await (await page.$('canvas'))!.screenshot({ type: 'png' })));
      const colours = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4 * 97) colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
      expect(colours.size).toBeGreaterThan(20);

      // a truck the twin holds as released and not yet at a lane: click it
      await page.evaluate(() => window.__viewer.seek(window.__viewer.live()!.t1));
      const waiting = [...site.consignments.values()].filter((c) => c.status === 'released').map((c) => c.ref);
      expect(waiting.length).toBeGreaterThan(0);
      await page.keyboard.press('2'); // the gate camera
      await new Promise((r) => setTimeout(r, 800));
      const pick = await page.evaluate((refs) => {
        const v = window.__viewer;
        for (const ref of refs) {
          const p = v.truckScreenPosition(v.truckIndexByRef(ref));
          if (p && p.x > 30 && p.y > 60 && p.x < 1000 && p.y < 680) return { ref, ...p };
        }
        return null;
      }, waiting);
      expect(pick, 'a waiting truck on screen').not.toBeNull();
      await page.mouse.click(pick!.x, pick!.y);
      await page.waitForFunction(() => /released/.test(document.querySelector('#panel')?.textContent ?? '') && /Twin/.test(document.querySelector('#panel')?.textContent ?? ''), { timeout: 10_000 });
      const ref = Number(await page.$eval('[data-ref]', (e) => e.getAttribute('data-ref')));
      expect(await page.$eval('#panel-id', (e) => e.textContent)).toBe(`C${ref + 1}`);
      const panelText = await page.$eval('#panel', (e) => e.textContent ?? '');
      const c = site.consignments.get(ref)!;
      expect(panelText).toContain(c.release.container);
      expect(panelText).toMatch(/smart-gate queue/);
      await page.screenshot({ path: join(artifacts, 'viewer-live.png') });

      // seek back: off the live edge, trucks elsewhere; L: back to it
      const edge = await page.evaluate(() => window.__viewer.positions());
      await page.evaluate(() => window.__viewer.seek(window.__viewer.live()!.t1 / 2));
      await new Promise((r) => setTimeout(r, 400));
      expect((await live()).following).toBe(false);
      expect(await page.evaluate(() => window.__viewer.positions())).not.toEqual(edge);
      await page.keyboard.press('Escape');
      await page.focus('body');
      await page.keyboard.press('l');
      await page.waitForFunction(() => window.__viewer.live()!.following, { timeout: 5000 });

      // the rest of the recording: more trucks than the page first made room for (it starts with
      // 32 spare), so its arrays and the truck mesh grow; the newest waiting truck is drawn
      await feedTo(rec.items.length);
      expect(site.kpiView().releases).toBeGreaterThan(before + 32);
      await page.waitForFunction((n) => window.__viewer.live()!.trucks === n, { timeout: 20_000 }, site.kpiView().releases);
      const newest = Math.max(...[...site.consignments.values()].filter((c) => c.status === 'released').map((c) => c.ref));
      await page.keyboard.press('1'); // overview
      await page.waitForFunction((r) => window.__viewer.truckScreenPosition(window.__viewer.truckIndexByRef(r)) !== null, { timeout: 10_000 }, newest);
      expect((await live()).counts.awaitingGate).toBe(site.queues().awaiting_gate);
      await page.screenshot({ path: join(artifacts, 'viewer-live-grown.png') });
      expect(problems).toEqual([]);
      await page.close();
    });

    it('resumes after the twin restarts, with no event lost or taken twice', async () => {
      const { page, problems } = await open('/view.html?live=1');
      await page.waitForFunction(() => window.__viewer?.ready === true, { timeout: 60_000 });
      const releases = twin.runtime.site.kpiView().releases;
      expect((await page.evaluate(() => window.__viewer.live()))!.trucks).toBe(releases);
      // the twin goes down and comes back on the same log and address
      const port = Number(new URL(twin.url).port);
      await twin.close();
      await page.waitForFunction(() => window.__viewer.live()!.state === 'reconnecting', { timeout: 20_000 });
      twin = await startTwin({
        site: siteConfigOfPort(SITE_CFG), port: SITE_CFG, describe: { scenario: 'port fixture', policy: 'fixture', summary: 'port fixture, two smart lanes' },
        db: join(dir, 'twin.sqlite'), token: TOKEN, httpPort: port, tcpPort: null, mqttPort: null, barriers: 'emulated', tickMs: 100, clock: () => clock.ms,
      });
      expect(twin.runtime.site.kpiView().releases).toBe(releases);
      // a release the twin hears after its restart
      clock.ms += 5000;
      const r = await fetch(`${twin.url}/api/releases`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ ref: 900_000, driver_card: 'DC-RESTART', plate: 'RESTART1', eplate: '', container: 'MSCU1234565', seal: 'S1', declared_gross_kg: 20_000 }),
      });
      expect(r.status, await r.text()).toBe(201);
      await page.waitForFunction((n) => window.__viewer.live()!.trucks === n && window.__viewer.live()!.state === 'live', { timeout: 20_000 }, releases + 1);
      const l = (await page.evaluate(() => window.__viewer.live()))!;
      expect(l.counts).toMatchObject({ trucks: releases + 1, unknown: 0, awaitingGate: twin.runtime.site.queues().awaiting_gate });
      expect(await page.evaluate(() => window.__viewer.truckIndexByRef(900_000))).toBe(releases);
      // while the twin was down, the page's reconnect attempts failed (the proxy's 502): expected;
      // nothing else may go wrong
      const unexpected = problems.filter((p) => !/\/api\/twin\/events|status of 502|EventSource/.test(p));
      expect(unexpected).toEqual([]);
      await page.close();
    });
  });
});
