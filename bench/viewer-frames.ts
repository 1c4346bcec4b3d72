/**
 * The viewer's frame budget: JavaScript time per frame (the trucks' update plus three.js's render
 * call, measured in the page by the viewer itself) with N synthetic trucks on screen, in headless
 * Chromium with WebGL on SwiftShader (no GPU here, so the render call is slower than on a
 * planner's machine; the update is the part the viewer controls). Prints one JSON line.
 *
 *   node dist/bench/viewer-frames.js [--trucks 5000,2000] [--seconds 6]
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startServe } from '../bin/commands/serve.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const counts = arg('--trucks', '5000,2000').split(',').map(Number);
const seconds = Number(arg('--seconds', '6'));
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) throw new Error(`no Chromium at ${chromium} (sh scripts/ensure-chromium.sh, or set CHROMIUM_PATH)`);

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const s = await startServe({ runs: join(root, 'dist'), port: 0, host: '127.0.0.1' });
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
  defaultViewport: { width: 1366, height: 768 },
});
const results: unknown[] = [];
try {
  for (const n of counts) {
    const page = await browser.newPage();
    await page.goto(new URL(`view.html?synthetic=${n}`, s.url).href);
    await page.waitForFunction('window.__viewer && window.__viewer.ready === true', { timeout: 60_000 });
    await page.evaluate('window.__viewer.play()');
    await new Promise((r) => setTimeout(r, 1000)); // warm-up: JIT, first uploads
    await page.evaluate('window.__viewer.resetFrameStats()');
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const st = (await page.evaluate('window.__viewer.frameStats()')) as { frames: number; medianMs: number; p95Ms: number; updateMedianMs: number; updateP95Ms: number };
    const visible = (await page.evaluate('window.__viewer.visibleTrucks()')) as number;
    results.push({ trucks: n, visible, frames: st.frames, js_ms_per_frame_median: st.medianMs, js_ms_per_frame_p95: st.p95Ms, update_ms_median: st.updateMedianMs, update_ms_p95: st.updateP95Ms });
    await page.close();
  }
} finally {
  await browser.close();
  await s.close();
}
process.stdout.write(JSON.stringify({ bench: 'viewer-frames', goal_median_ms: 8, results }) + '\n');
