import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CTWIN, ROOT, ctwin, tempDir, type CliResult } from './helpers.js';
import { TrainingStore } from '../../train/store.js';

function refused(args: string[], message: RegExp): void {
  const r = ctwin(args);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

/** `npx ctwin ARGS` as a user runs it: the package's bin, through its shebang and node flags. */
function throughBin(args: string[]): CliResult {
  const r = spawnSync('npx', ['--offline', '--no', 'ctwin', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CTWIN_DEBUG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A `ctwin train` started through the bin, once it says it serves; `stop()` ends it (and npx) with SIGTERM. */
async function startThroughBin(args: string[]): Promise<{ out: string; stop: () => Promise<void> }> {
  const proc = spawn('npx', ['--offline', '--no', 'ctwin', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const closed = new Promise<number | null>((ok) => proc.once('close', (code) => ok(code)));
  const stop = async () => {
    try {
      process.kill(-proc.pid!, 'SIGTERM'); // the group: npx and the ctwin it started
    } catch {
      // already gone
    }
    await closed;
  };
  const done = await Promise.race([closed.then(() => 'closed' as const), (async () => {
    for (let i = 0; i < 600 && !/Ctrl-C/.test(out); i++) await new Promise((ok) => setTimeout(ok, 100));
  })()]);
  if (done === 'closed' || !/Ctrl-C/.test(out)) {
    await stop();
    throw new Error(`ctwin ${args.join(' ')} did not start: ${err}`);
  }
  return { out, stop };
}

describe('ctwin train', () => {
  it('refuses an unknown role, a scenario of another family, a policy that gives the role no work, a bad rate', () => {
    const db = join(tempDir(), 't.sqlite');
    refused(['train', '--scenario', 'scenarios/training-port.yaml', '--role', 'pilot', '--db', db], /--role: expected one of image-analyst, gate-officer, document-reviewer/);
    refused(['train', '--scenario', 'scenarios/gate-mmc.yaml', '--role', 'gate-officer', '--db', db], /needs a port scenario/);
    refused(['train', '--scenario', 'scenarios/port-baseline.yaml', '--role', 'image-analyst', '--db', db], /no policy of scenario 'port-baseline' routes work to the image-analyst \(its policies: 'baseline', 'baseline-prelodge'\)/);
    refused(['train', '--scenario', 'scenarios/training-port.yaml', '--role', 'image-analyst', '--projection-rate', '1.5', '--db', db], /--projection-rate/);
    refused(['train', '--scenario', 'scenarios/nope.yaml', '--role', 'image-analyst', '--db', db], /no such file/);
    refused(['train', '--scenario', 'scenarios/training-port.yaml', '--role', 'image-analyst', '--trust-proxy', 'not-an-address', '--db', db], /--trust-proxy: .*"not-an-address"/);
    // nothing was made for a refused start
    expect(existsSync(db)).toBe(false);
  }, 60_000);

  it('by default trains on the first policy that routes work to the role; a policy that gives it none is refused naming those that do', async () => {
    const db = join(tempDir(), 't.sqlite');
    // port-reform's first policy is the baseline, which has no scanner: its first with one is 'reform'
    const t = await startThroughBin(['train', '--scenario', 'scenarios/port-reform.yaml', '--role', 'image-analyst', '--cases', '3', '--db', db, '--port', '0']);
    try {
      expect(t.out).toMatch(/officer trainer: http:\/\/127\.0\.0\.1:\d+\/train\.html/);
      expect(t.out).toMatch(/policy 'reform' of port-reform/);
    } finally {
      await t.stop();
    }
    const named = join(tempDir(), 't.sqlite');
    const r = throughBin(['train', '--scenario', 'scenarios/port-reform.yaml', '--role', 'image-analyst', '--policy', 'baseline', '--db', named]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/policy 'baseline' gives the image-analyst no case/);
    expect(r.stderr).toMatch(/the policies that route work to the image-analyst: 'reform', 'reform-rules', 'random-control', 'reform-no-sharing'/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(named)).toBe(false);
    // random control draws by chance alone: nothing goes to a document review
    const docs = throughBin(['train', '--scenario', 'scenarios/port-reform.yaml', '--role', 'document-reviewer', '--policy', 'random-control', '--db', named]);
    expect(docs.status, docs.stderr).toBe(2);
    expect(docs.stderr).toMatch(/route work to the document-reviewer: 'baseline', 'reform', 'reform-rules', 'reform-no-sharing' \(/);
    // a scenario none of whose policies has the role says so
    const none = throughBin(['train', '--scenario', 'scenarios/port-baseline.yaml', '--role', 'gate-officer', '--db', named]);
    expect(none.status, none.stderr).toBe(2);
    expect(none.stderr).toMatch(/no policy of scenario 'port-baseline' routes work to the gate-officer/);
    expect(existsSync(named)).toBe(false);
  }, 120_000);

  it('a start that cannot listen leaves no database and no trainer behind', async () => {
    const db = join(tempDir(), 't.sqlite');
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    try {
      const port = String((busy.address() as AddressInfo).port);
      const r = await new Promise<{ code: number | null; stderr: string }>((ok) => {
        const p = spawn(CTWIN, ['train', '--scenario', 'scenarios/training-port.yaml', '--role', 'gate-officer', '--cases', '3', '--db', db, '--port', port], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        p.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
        p.once('close', (code) => ok({ code, stderr }));
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/already in use/);
      expect(existsSync(db)).toBe(false);
    } finally {
      busy.close();
    }
  }, 60_000);

  it('adds accounts with the password from standard input, refusing a short one or a duplicate', async () => {
    const db = join(tempDir(), 't.sqlite');
    const add = (name: string, pw: string, ...more: string[]) => spawnSync(CTWIN, ['train-account', 'add', name, '--db', db, ...more], { cwd: ROOT, input: `${pw}\n`, encoding: 'utf8', env: { ...process.env, CTWIN_PASSWORD: '' } });
    const ok = add('王芳', 'a-good-password');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/added trainee '王芳'/);
    expect(add('coach', 'another-password', '--trainer').stdout).toMatch(/added trainer 'coach'/);
    const short = add('bob', 'short');
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/at least 8/);
    // a refused first account leaves no database behind
    const fresh = join(tempDir(), 'fresh.sqlite');
    const r = spawnSync(CTWIN, ['train-account', 'add', 'bad name!', '--db', fresh], { cwd: ROOT, input: 'a-good-password\n', encoding: 'utf8', env: { ...process.env, CTWIN_PASSWORD: '' } });
    expect(r.status).toBe(2);
    expect(existsSync(fresh)).toBe(false);
    expect(add('王芳', 'a-good-password').status).toBe(2);
    // a new password, and the old one no longer signs in
    const pw = spawnSync(CTWIN, ['train-account', 'password', '王芳', '--db', db], { cwd: ROOT, input: 'the-new-password\n', encoding: 'utf8', env: { ...process.env, CTWIN_PASSWORD: '' } });
    expect(pw.status, pw.stderr).toBe(0);
    const store = TrainingStore.open(db);
    try {
      expect((await store.checkPassword('王芳', 'the-new-password'))?.name).toBe('王芳');
      expect(await store.checkPassword('王芳', 'a-good-password')).toBeNull();
    } finally {
      store.close();
    }
    const nobody = spawnSync(CTWIN, ['train-account', 'password', 'nobody', '--db', db], { cwd: ROOT, input: 'the-new-password\n', encoding: 'utf8', env: { ...process.env, CTWIN_PASSWORD: '' } });
    expect(nobody.status).toBe(2);
    expect(nobody.stderr).toMatch(/no account 'nobody'/);
  });

  it('serves on 127.0.0.1, prints the address and a first trainer password that signs in, stops on SIGTERM', async () => {
    const db = join(tempDir(), 't.sqlite');
    const proc = spawn(CTWIN, ['train', '--scenario', 'scenarios/training-port.yaml', '--role', 'gate-officer', '--cases', '5', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const closed = new Promise<number | null>((ok) => proc.once('close', (code) => ok(code)));
    try {
      for (let i = 0; i < 300 && !/Ctrl-C/.test(out); i++) await new Promise((ok) => setTimeout(ok, 100));
      const url = /officer trainer: (http:\/\/127\.0\.0\.1:\d+\/train\.html)/.exec(out)![1];
      const [, name, password] = /first trainer account: name '([^']+)', password '([^']+)'/.exec(out)!;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/);
      const login = await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
      expect(login.status).toBe(200);
      expect((await login.json()).exercise).toMatchObject({ role: 'gate-officer', cases: 5, scenario: 'training-port' });
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
  }, 60_000);
});
