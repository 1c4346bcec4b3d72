/**
 * `ctwin load` while the twin it drives is killed (SIGKILL) and started again on the same log and
 * ports, both run as a user runs them (the built `ctwin` through its shebang). What a user of the
 * load tool relies on then:
 * - the run carries on: the lost connections are made again, every frame whose send failed is
 *   sent again until acknowledged, and the run exits 0 with every frame acknowledged;
 * - the failed attempts are counted on their own, and the latency percentiles are of acknowledged
 *   frames only (an instant "connection refused" is not a fast frame);
 * - its check that the twin holds what it acknowledged is against the durable log, which a
 *   restart does not reset (the twin's process counters start again from 0): true, and the log
 *   holds each frame exactly once;
 * - a twin that does not come back: the run ends within its retry window, exit 1, the frames not
 *   acknowledged counted as given up, and the log check said to be impossible rather than passed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../twin/load.js';
import { sleep, spawnTwin, until, type LiveTwin } from './live-helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CTWIN = join(ROOT, 'dist', 'bin', 'ctwin.js');
const TOKEN = 'load-restart-test-token-3f9c2a71';
const DIR = mkdtempSync(join(tmpdir(), 'ctwin-load-restart-'));
const ENV: NodeJS.ProcessEnv = { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: join(DIR, 'store'), CTWIN_TWIN_TOKEN: TOKEN };
const running = new Set<ChildProcess>();

/** `ctwin ARGS` through the bin and its shebang, as `npx ctwin` runs it (its node flags included). */
function startCtwin(args: string[]): ChildProcess {
  const proc = spawn(CTWIN, args, { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.once('close', () => running.delete(proc));
  return proc;
}

/** `ctwin twin` of port-reform/reform on `db`, once its banner is printed. */
function startTwin(db: string, ports: string[]): Promise<LiveTwin> {
  return spawnTwin(CTWIN, ['--scenario', 'scenarios/port-reform.yaml', '--policy', 'reform', '--db', db, ...ports], { cwd: ROOT, env: ENV, running });
}

/** `ctwin load ARGS` to its end (killed after 90 s). */
function load(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = startCtwin(['load', ...args]);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const t = setTimeout(() => proc.kill('SIGKILL'), 90_000);
  return new Promise((ok) => proc.once('close', (code) => (clearTimeout(t), ok({ code, stdout, stderr }))));
}

interface SiteView { log: { by_source?: Record<string, number> }; inputs: { by_source: Record<string, number> } }
const siteOf = async (url: string) => (await (await fetch(`${url}/api/site`)).json()) as SiteView;
const portOf = (url: string | null) => (url === null ? 'off' : new URL(url).port);

afterAll(async () => {
  for (const p of running) p.kill('SIGKILL');
  await sleep(200);
  rmSync(DIR, { recursive: true, force: true });
});

describe('ctwin load while the twin is killed and restarted', () => {
  const RATE = 400;
  const DURATION_S = 4;
  const FRAMES = RATE * DURATION_S;

  it.each(['tcp', 'http', 'mqtt'] as const)('--transport %s: every frame acknowledged, failures counted apart, the durable log checked', async (transport) => {
    const db = join(mkdtempSync(join(DIR, `${transport}-`)), 'twin.sqlite');
    const a = await startTwin(db, ['--port', '0', ...(transport === 'mqtt' ? [] : ['--mqtt-port', 'off'])]);
    const ports = ['--port', portOf(a.url), '--tcp-port', portOf(a.tcp), '--mqtt-port', portOf(a.mqtt)];
    const run = load(['--twin', a.url, '--transport', transport, '--gates', '2', '--rate', String(RATE), '--duration', String(DURATION_S)]);

    // mid-run: once the log has a few hundred of the run's frames, the twin is killed
    await until(async () => (((await siteOf(a.url)).inputs.by_source[transport] ?? 0) >= 300 ? true : undefined), 20_000, 20);
    a.proc.kill('SIGKILL');
    expect((await a.exit).signal).toBe('SIGKILL');
    // down long enough for the load to see its sends fail
    await sleep(500);
    const b = await startTwin(db, ports);
    expect(b.url).toBe(a.url);

    const r = await run;
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as LoadResult;
    const what = JSON.stringify(j);
    // every frame sent and acknowledged, none given up or refused
    expect(j, what).toMatchObject({ transport, sent: FRAMES, not_sent: 0, acknowledged: FRAMES, rejected: 0, given_up: 0 });
    expect(j.accepted + j.duplicates).toBe(FRAMES);
    // the failures, counted on their own, and the frames sent again
    expect(j.failed_attempts, what).toBeGreaterThan(0);
    expect(j.resent, what).toBeGreaterThanOrEqual(j.failed_attempts);
    expect(Object.values(j.failures).reduce((s, n) => s + n, 0)).toBe(j.failed_attempts);
    if (transport !== 'http') expect(j.reconnects, what).toBeGreaterThanOrEqual(1);
    // latency of the acknowledged frames only, one figure each; those that waited out the restart show it
    expect(j.latency_ms.n).toBe(FRAMES);
    expect(j.latency_last_attempt_ms.n).toBe(FRAMES);
    expect(j.latency_ms.max!, what).toBeGreaterThanOrEqual(500);
    expect(j.latency_ms.p99!).toBeGreaterThanOrEqual(j.latency_ms.p50!);
    expect(j.latency_ms.max!).toBeGreaterThanOrEqual(j.latency_last_attempt_ms.max!);
    // the durable log's count, across the restart: every frame in it
    expect(j.logged, what).toMatchObject({ source: transport, before: 0, after: FRAMES, delta: FRAMES, matches: true });
    expect(j.logged.expected_min).toBeLessThanOrEqual(FRAMES);
    expect(j.logged.expected_max).toBeGreaterThanOrEqual(FRAMES);
    if (transport !== 'mqtt') {
      expect(j.logged.expected_min).toBe(FRAMES);
      expect(j.logged.expected_max).toBe(FRAMES);
      // no frame of an earlier run: every duplicate was a resend of a frame logged before its answer was lost
      expect(j.duplicates).toBe(j.duplicates_on_resend);
    }

    // the restarted twin says the same of its log, while its process count started again from 0
    const site = await siteOf(b.url);
    expect(site.log.by_source?.[transport]).toBe(FRAMES);
    expect(site.inputs.by_source[transport] ?? 0).toBeLessThan(FRAMES);

    b.proc.kill('SIGTERM');
    expect(await b.exit).toEqual({ code: 0, signal: null });
    const sq = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const rows = sq.prepare('SELECT count(*) AS n, count(DISTINCT device || \'/\' || seq) AS frames FROM log WHERE source = ?').get(transport) as { n: number; frames: number };
      expect(rows).toEqual({ n: FRAMES, frames: FRAMES });
    } finally {
      sq.close();
    }
  }, 120_000);
});

describe('ctwin load when the twin does not come back', () => {
  it('--retry-for 1: given up after the window, exit 1, the log not checked', async () => {
    const db = join(mkdtempSync(join(DIR, 'gone-')), 'twin.sqlite');
    const a = await startTwin(db, ['--port', '0', '--mqtt-port', 'off']);
    const t0 = Date.now();
    const run = load(['--twin', a.url, '--transport', 'tcp', '--gates', '2', '--rate', '200', '--duration', '2', '--retry-for', '1']);
    await until(async () => (((await siteOf(a.url)).inputs.by_source.tcp ?? 0) >= 100 ? true : undefined), 20_000, 20);
    a.proc.kill('SIGKILL');
    await a.exit;
    const r = await run;
    // sending (2 s), the last frame's window (1 s), a few seconds asking the twin for its log: well under the 30 s default
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    const j = JSON.parse(r.stdout) as LoadResult;
    const what = JSON.stringify(j);
    expect(j, what).toMatchObject({ sent: 400, not_sent: 0, rejected: 0, duplicates: 0 });
    expect(j.acknowledged, what).toBeGreaterThanOrEqual(100);
    expect(j.given_up, what).toBeGreaterThan(0);
    expect(j.acknowledged + j.given_up).toBe(400);
    expect(j.failed_attempts, what).toBeGreaterThanOrEqual(j.given_up);
    expect(j.latency_ms.n).toBe(j.acknowledged);
    expect(j.logged).toMatchObject({ source: 'tcp', before: 0, after: null, delta: null, matches: false });
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^load: ${j.given_up} frames were given up: not acknowledged within 1 s of being due \\(${j.failed_attempts} failed attempts: .*ECONNREFUSED`));
    expect(lines[1]).toBe('load: the twin did not answer GET /api/site at the end: its durable log could not be checked');
  }, 60_000);
});
