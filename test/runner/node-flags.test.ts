/**
 * ctwin's V8 flags: what a process was started with is read back correctly, and every way of
 * starting ctwin that the README names (`npx ctwin`, the npm scripts) carries them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS, SEMI_SPACE_MB, WORKER_YOUNG_GENERATION_MB, semiSpaceMb } from '../../runner/node-flags.js';
import { ROOT } from '../cli/helpers.js';

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

describe('ctwin is started with its flags', () => {
  it('worker threads get three semi-spaces of the same size', () => {
    expect(NODE_FLAGS).toEqual([`--max-semi-space-size=${SEMI_SPACE_MB}`]);
    expect(WORKER_YOUNG_GENERATION_MB).toBe(3 * SEMI_SPACE_MB);
  });
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
