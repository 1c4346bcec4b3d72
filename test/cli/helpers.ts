import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
