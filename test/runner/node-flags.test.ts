/**
 * ctwin's V8 flags: what a process was started with is read back correctly, and every way of
 * starting ctwin that the README names (`npx ctwin`, the npm scripts) carries them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS, WORKER_RESOURCE_LIMITS, semiSpaceMb, threadExecArgv } from '../../runner/node-flags.js';
import { ROOT } from '../cli/helpers.js';

/** Scavenges a worker thread with these limits makes while allocating ~1 GB of short-lived objects (a fixed amount: the count does not depend on timing). */
function scavenges(resourceLimits: ResourceLimits | undefined): Promise<number> {
  const code = `
    const { PerformanceObserver, constants } = require('node:perf_hooks');
    const { parentPort } = require('node:worker_threads');
    let minor = 0;
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++; });
    obs.observe({ entryTypes: ['gc'] });
    let keep = [];
    for (let i = 0; i < 1.2e7; i++) { keep.push({ i, s: 'x' + (i & 7) }); if (keep.length > 100000) keep = []; }
    setTimeout(() => { obs.disconnect(); parentPort.postMessage(minor); }, 50);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, resourceLimits });
    w.once('message', (n: number) => void w.terminate().then(() => resolve(n)));
    w.once('error', reject);
  });
}

describe('semiSpaceMb', () => {
  it('null when neither the command line nor NODE_OPTIONS sets it', () => {
    expect(semiSpaceMb([], '')).toBeNull();
    expect(semiSpaceMb(['--expose-gc'], '--max-old-space-size=4096')).toBeNull();
  });
  it('reads the command line and NODE_OPTIONS; the command line wins', () => {
    expect(semiSpaceMb(['--max-semi-space-size=64'], '')).toBe(64);
    expect(semiSpaceMb([], '--trace-gc  --max-semi-space-size=32')).toBe(32);
    expect(semiSpaceMb(['--max-semi-space-size=128'], '--max-semi-space-size=32')).toBe(128);
  });
  it('ignores look-alikes', () => {
    expect(semiSpaceMb(['--max-semi-space-size'], '--max-semi-space-size=x --min-semi-space-size=8')).toBeNull();
  });
});

describe('threadExecArgv', () => {
  it('drops the V8 and process-wide flags threads refuse, keeps the rest in order', () => {
    const args = ['--enable-source-maps', ...NODE_FLAGS, '--expose-gc', '--no-warnings', '--stack-size=900', '--conditions=dev'];
    expect(threadExecArgv(args)).toEqual(['--enable-source-maps', '--no-warnings', '--conditions=dev']);
  });
  it('what it keeps starts a thread (the flags ctwin is started with were refused: ERR_WORKER_INVALID_EXEC_ARGV)', async () => {
    expect(() => new Worker('', { eval: true, execArgv: [...NODE_FLAGS] })).toThrow(/invalid execArgv/);
    const w = new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true, execArgv: threadExecArgv([...NODE_FLAGS, '--no-warnings']) });
    await expect(new Promise((resolve, reject) => (w.once('message', resolve), w.once('error', reject)))).resolves.toBe(1);
    await w.terminate();
  });
  it('an empty command line stays empty', () => {
    expect(threadExecArgv([])).toEqual([]);
  });
});

describe('ctwin is started with its flags', () => {
  it('a worker thread with the pools\' resource limits scavenges less than half as often as with V8\'s default', async () => {
    const [ours, dflt] = await Promise.all([scavenges(WORKER_RESOURCE_LIMITS), scavenges(undefined)]);
    expect(dflt).toBeGreaterThan(10);
    expect(ours).toBeLessThan(dflt / 2);
  }, 60_000);
  it('the shebang of bin/ctwin.ts (what npx ctwin runs)', () => {
    const first = readFileSync(join(ROOT, 'bin', 'ctwin.ts'), 'utf8').split('\n')[0];
    expect(first).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
  });
  it('every npm script that runs a simulation through node', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const runs = Object.values(scripts).flatMap((s) => s.split('&&').map((p) => p.trim())).filter((p) => /^node .*dist\/bin\/ctwin\.js (run|compare|bench)/.test(p) || /^node .*dist\/bin\/ctwin\.js$/.test(p));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const r of runs) expect(r, r).toMatch(new RegExp(`^node ${NODE_FLAGS.join(' ')} `));
  });
});
