/**
 * `ctwin train` started through the bin, as the README starts it: a trainee plays a session to its
 * end and finishing it re-runs the scenario with their decisions in a worker thread. That thread is
 * started by a process running with the shebang's V8 flags, which threads refuse when copied.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NextCase, SessionView } from '../../train/api-types.js';
import { CLI_ENV, CTWIN, ROOT, tempDir } from './helpers.js';

describe('ctwin train through the bin', () => {
  it('a session played to the end finishes with the re-run of the scenario with the trainee\'s decisions', async () => {
    const db = join(tempDir(), 't.sqlite');
    const proc = spawn(CTWIN, ['train', '--scenario', 'scenarios/training-port.yaml', '--role', 'gate-officer', '--cases', '4', '--db', db, '--port', '0'], { cwd: ROOT, env: CLI_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const closed = new Promise<number | null>((ok) => proc.once('close', (code) => ok(code)));
    try {
      for (let i = 0; i < 600 && !/Ctrl-C/.test(out) && proc.exitCode === null; i++) await new Promise((ok) => setTimeout(ok, 100));
      const url = /officer trainer: (http:\/\/127\.0\.0\.1:\d+)\/train\.html/.exec(out)?.[1];
      expect(url, out + err).toBeDefined();
      const [, name, password] = /first trainer account: name '([^']+)', password '([^']+)'/.exec(out)!;
      const call = async (path: string, o: { token?: string; body?: unknown } = {}) => {
        const headers: Record<string, string> = {};
        if (o.token) headers.cookie = `ctwin_train=${o.token}`;
        if (o.body !== undefined) headers['content-type'] = 'application/json';
        const res = await fetch(url + path, { method: o.body !== undefined ? 'POST' : 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
        const token = /ctwin_train=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
        const text = await res.text();
        return { status: res.status, text, json: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : null, token };
      };
      const coach = (await call('/api/login', { body: { name, password } })).token!;
      expect((await call('/api/trainees', { token: coach, body: { name: 'ana', password: 'ana-password-1' } })).status).toBe(201);
      const ana = await call('/api/login', { body: { name: 'ana', password: 'ana-password-1' } });
      expect(ana.status, ana.text).toBe(200);
      const s = (await call('/api/sessions', { token: ana.token, body: {} })).json as SessionView;
      for (;;) {
        const next = (await call(`/api/sessions/${s.id}/case`, { token: ana.token })).json as NextCase;
        if (next.done) break;
        const d = await call(`/api/sessions/${s.id}/decisions`, { token: ana.token, body: { index: next.case.index, decision: 'release' } });
        expect(d.status, d.text).toBe(200);
      }
      const f = await call(`/api/sessions/${s.id}/finish`, { token: ana.token, body: {} });
      expect(f.status, f.text).toBe(200);
      const done = f.json as SessionView;
      expect(done.state).toBe('finished');
      expect(done.outcome!.decisions_applied).toBeGreaterThan(0);
      expect(done.outcome!.trainee.consignments).toBe(done.outcome!.baseline.consignments);
      expect(err).not.toMatch(/ERR_WORKER_INVALID_EXEC_ARGV|invalid execArgv/);
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
  }, 180_000);
});
