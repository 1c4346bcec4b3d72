import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CTWIN = join(ROOT, 'dist', 'bin', 'ctwin.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** the runs store the CLI tests write to (never the repository's runs/) */
export const TEST_STORE = mkdtempSync(join(tmpdir(), 'ctwin-store-'));

export function ctwin(args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [CTWIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: TEST_STORE } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'ctwin-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `ctwin run ARGS --out DIR` is refused: exit 2, one message matching `message` on stderr (no stack trace), nothing written. */
export function refusedRun(args: string[], message: RegExp): CliResult {
  const out = join(tempDir(), 'out');
  const r = ctwin(['run', ...args, '--out', out]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(existsSync(out)).toBe(false);
  return r;
}
