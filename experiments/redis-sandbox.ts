/**
 * A throwaway Redis server on a free port of 127.0.0.1 and `ctwin worker` processes against it:
 * for the tests and the benchmark of the queue backend (nothing is saved to disk).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, whether this module runs from dist/ or from its source (tests). */
export const CTWIN = fileURLToPath(import.meta.url).endsWith('.ts')
  ? join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'bin', 'ctwin.js')
  : join(fileURLToPath(new URL('..', import.meta.url)), 'bin', 'ctwin.js');

/** the project's folder (CTWIN is its dist/bin/ctwin.js), where `npx ctwin` finds the bin */
const PROJECT_ROOT = resolve(dirname(CTWIN), '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves when `child` has printed `ready` on stdout or stderr; rejects if it exits first or after `ms`. */
function waitFor(child: ChildProcess, ready: RegExp, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what}: not ready after ${ms} ms:\n${seen}`)), ms);
    const on = (b: Buffer) => {
      seen += b.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${seen}`));
    });
  });
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitFor(child, /Ready to accept connections/, 10_000, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface TestWorker {
  child: ChildProcess;
  /** what it printed so far (one line per job) */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A `ctwin worker` started as users start it: through the bin's shebang (and so with its node
 * flags), or with `npx ctwin worker` from the project's folder when `npx` is set.
 */
export async function startWorker(url: string, queue: string, extra: string[] = [], o: { npx?: boolean } = {}): Promise<TestWorker> {
  const args = ['worker', '--redis', url, '--queue', queue, '--concurrency', '1', '--lock-seconds', '2', ...extra];
  const child = o.npx
    ? spawn('npx', ['--no-install', 'ctwin', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(CTWIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  // npx resolves the bin first, which takes seconds on a busy machine
  await waitFor(child, /serving queue/, o.npx ? 90_000 : 20_000, 'ctwin worker');
  return {
    child,
    log: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
