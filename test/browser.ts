/** Debian's Chromium driven by puppeteer-core, for tests that must see a page really render. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** False where no Chromium is installed (run scripts/ensure-chromium.sh), so browser tests can skip. */
export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath());
}

// no network side traffic (updates, sync, QUIC probes) and no sandbox (containers, root)
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** WebGL without a GPU: ANGLE on SwiftShader (three.js renders with it here). */
const WEBGL_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/** A headless Chromium (1366×768 viewport) with a fresh profile, removed when Chromium exits; `webgl` for the 3D viewer. */
export async function launchBrowser(o: { webgl?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ctwin-chromium-'));
  try {
    const browser = await puppeteer.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...FLAGS, ...(o.webgl ? WEBGL_FLAGS : []), `--user-data-dir=${profile}`],
      defaultViewport: { width: 1366, height: 768 },
    });
    // remove the profile once Chromium has exited (on 'disconnected' it may still be writing to it)
    const cleanup = (): void => {
      try { rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }); } catch { /* a temp dir left behind */ }
    };
    const proc = browser.process();
    if (proc) proc.once('exit', cleanup);
    else browser.once('disconnected', cleanup);
    return browser;
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Whether `text` (CJK, at least two different characters) renders with real glyphs in `font` (a CSS
 * font shorthand, e.g. the computed font of the element showing it): once the font's faces for that
 * text are loaded, each character is drawn on its own canvas. Without a font that has them, every
 * character is the same missing-glyph box ("tofu"), so the drawings are identical and the text
 * measures as wide as the same number of U+10FFFD (a private-use code point no font draws).
 * Runs in the page; returns what it measured, for the failure message.
 */
export async function glyphCheck(page: Page, font: string, text: string): Promise<{ distinctDrawings: number; chars: number; width: number; tofuWidth: number }> {
  return page.evaluate(async (font, text) => {
    await document.fonts.load(font, text);
    const chars = [...text];
    const draw = (s: string): string => {
      const c = document.createElement('canvas');
      c.width = 64;
      c.height = 64;
      const ctx = c.getContext('2d')!;
      ctx.font = font;
      ctx.textBaseline = 'top';
      ctx.fillText(s, 4, 4);
      return c.toDataURL();
    };
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = font;
    return {
      distinctDrawings: new Set(chars.map(draw)).size,
      chars: new Set(chars).size,
      width: ctx.measureText(text).width,
      tofuWidth: ctx.measureText('\u{10FFFD}'.repeat(chars.length)).width,
    };
  }, font, text);
}
