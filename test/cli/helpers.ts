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

/** the environment the CLI tests give ctwin: no stack traces, their own runs store */
export const CLI_ENV: NodeJS.ProcessEnv = { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: TEST_STORE };

/**
 * `ctwin ARGS` started as users start it: the bin itself, so its shebang's node flags apply (what
 * `npx ctwin` and an installed `ctwin` do). Threads and child processes see what users' do.
 */
export function ctwin(args: string[], cwd = ROOT, o: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(CTWIN, args, { cwd, encoding: 'utf8', input: o.input, env: { ...CLI_ENV, ...o.env } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `node dist/bin/ctwin.js ARGS`: without the shebang's flags (for what must also work, or say so, then) */
export function ctwinPlain(args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [CTWIN, ...args], { cwd, encoding: 'utf8', env: CLI_ENV });
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
