/**
 * The live twin's command line, run as built (dist/bin/ctwin.js), as child processes:
 *
 * - `ctwin twin` refuses bad input (no scenario, a scenario without gate lanes, a policy without
 *   smart lanes or unknown, a short token, a port out of range or in use, a log written for another
 *   site) with exit 2 and one line on stderr; a running twin stops on SIGTERM with exit 0 and its
 *   log closed (WAL checkpointed) holding what it acknowledged, which the next start replays.
 * - `ctwin emu --site --target …` pushes a port scenario's simulation (recorded on the wire) to a
 *   twin over HTTP, TCP (gateway link) and MQTT, and the twin reaches the simulation's verdicts:
 *   its gate passes and releases at the gate are recordSite's for the same policy, seed and horizon.
 * - `ctwin emu` refuses bad --site / --target input with exit 2.
 * - `ctwin load` against a running twin: the JSON it prints, its thresholds (exit 1) and its bad
 *   input (exit 2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedGate } from '../../hardware-emu/emulated-gate.js';
import { loadScenario } from '../../scenarios/loader.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { recordSite } from '../../twin/site-recording.js';
import { postIngest, spawnTwin, type LiveTwin } from '../twin/live-helpers.js';

// as test/cli/helpers.ts has them (not imported: it makes a runs store at import that is never removed)
const ROOT = resolve(import.meta.dirname, '..', '..');
const CTWIN = join(ROOT, 'dist', 'bin', 'ctwin.js');
const PORT_SCENARIO = 'scenarios/port-reform.yaml';
const TOKEN = 'twin-cli-test-token-5e8a1c93d7';

const DIR = mkdtempSync(join(tmpdir(), 'ctwin-twin-cli-'));
const STORE = join(DIR, 'store');
const running = new Set<ChildProcess>();

/** The environment of a child: no token unless given, no debug stack traces, runs kept out of the repository. */
function envOf(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: STORE };
  delete env.CTWIN_TWIN_TOKEN;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
const withToken = (extra: Record<string, string | undefined> = {}) => envOf({ CTWIN_TWIN_TOKEN: TOKEN, ...extra });

interface Done { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs `ctwin ARGS` to the end (killed after `timeoutMs`). */
function ctwin(args: string[], env: NodeJS.ProcessEnv = envOf(), timeoutMs = 90_000): Promise<Done> {
  return new Promise((ok) => {
    const proc = spawn(CTWIN, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('close', (code, signal) => {
      clearTimeout(t);
      running.delete(proc);
      ok({ code, signal, stdout, stderr });
    });
  });
}

/** Exit 2, exactly one line on stderr matching `message`, no stack trace. */
function expectRefused(r: Done, message: RegExp): void {
  const what = `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  expect(r.code, what).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, what).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/CTWIN_DEBUG/);
}

/** `ctwin twin ARGS` (any free ports unless ARGS say otherwise); resolves once it has printed where it listens. */
const startTwin = (args: string[], env: NodeJS.ProcessEnv = withToken()): Promise<LiveTwin> => spawnTwin(CTWIN, ['--port', '0', ...args], { cwd: ROOT, env, running });

/** SIGTERM, and the exit it gives (SIGKILL and a failure if it takes more than 10 s). */
async function stopTwin(t: LiveTwin): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  t.proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([t.exit, new Promise<null>((ok) => (timer = setTimeout(() => ok(null), 10_000)))]);
  clearTimeout(timer);
  if (r === null) {
    t.proc.kill('SIGKILL');
    throw new Error(`ctwin twin did not stop within 10 s of SIGTERM:\n${t.stdout()}\n${t.stderr()}`);
  }
  return r;
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  expect(r.status, url).toBe(200);
  return (await r.json()) as T;
}

interface SiteView { inputs: { accepted: number; replayed: number; by_source: Record<string, number>; duplicates: number; rejected: Record<string, number> }; lanes: string[]; log: { file: string } }
interface Kpis { gate_passes: number; released_at_gate: number; releases: number }
const bySource = async (t: LiveTwin, source: string) => (await getJson<SiteView>(`${t.url}/api/site`)).inputs.by_source[source] ?? 0;

afterAll(async () => {
  // SIGTERM first, SIGKILL for whatever is still there after 3 s
  const left = [...running];
  await Promise.all(left.map((p) => new Promise<void>((ok) => {
    if (p.exitCode !== null || p.signalCode !== null) return ok();
    const t = setTimeout(() => p.kill('SIGKILL'), 3000);
    p.once('close', () => (clearTimeout(t), ok()));
    p.kill('SIGTERM');
  })));
  rmSync(DIR, { recursive: true, force: true });
});

describe('ctwin twin: bad input is refused with exit 2 and one line, before anything is written', () => {
  /** name → the arguments after `twin`, the environment (default: a good token), the stderr line; each with a log file of its own */
  const CASES: Record<string, { args: string[]; env?: NodeJS.ProcessEnv; message: RegExp }> = {};
  const dbs = new Map<string, string>();
  const results = new Map<string, Done>();
  let busy: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = net.createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', () => ok()));
    busyPort = (busy.address() as net.AddressInfo).port;
    Object.assign(CASES, {
      'no --scenario': { args: ['--port', '0'], message: /required option '--scenario <file>'/ },
      'a zone scenario': { args: ['--scenario', 'scenarios/suzhou-networked-zone.yaml', '--port', '0'], message: /^ctwin: --scenario scenarios\/suzhou-networked-zone\.yaml: .*zone scenario.*no gate lanes/ },
      'a network scenario': { args: ['--scenario', 'scenarios/suzhou-factory-direct.yaml', '--port', '0'], message: /^ctwin: --scenario scenarios\/suzhou-factory-direct\.yaml: .*network scenario.*no gate lanes/ },
      'a policy with no smart lanes': { args: ['--scenario', PORT_SCENARIO, '--policy', 'baseline', '--port', '0'], message: /^ctwin: --policy: policy 'baseline' of scenario 'port-reform' has no smart lanes.*'reform'/ },
      'an unknown policy': { args: ['--scenario', PORT_SCENARIO, '--policy', 'no-such-policy', '--port', '0'], message: /^ctwin: --policy: scenario 'port-reform' has no policy 'no-such-policy'; its policies are 'baseline', 'reform'/ },
      'a short CTWIN_TWIN_TOKEN': { args: ['--scenario', PORT_SCENARIO, '--port', '0'], env: envOf({ CTWIN_TWIN_TOKEN: 'fifteen-chars!!' }), message: /^ctwin: CTWIN_TWIN_TOKEN: a token of at least 16 characters, got 15$/ },
      '--port 70000': { args: ['--scenario', PORT_SCENARIO, '--port', '70000'], message: /--port: a port is at most 65535, got 70000/ },
      '--mqtt-port 70000': { args: ['--scenario', PORT_SCENARIO, '--port', '0', '--mqtt-port', '70000'], message: /--mqtt-port: a port is at most 65535, got 70000/ },
      'the HTTP port in use': { args: ['--scenario', PORT_SCENARIO, '--port', String(busyPort), '--tcp-port', '0', '--mqtt-port', '0'], message: new RegExp(`^ctwin: a port is already in use on 127\\.0\\.0\\.1 \\(HTTP ${busyPort},`) },
      'the gateway link port in use': { args: ['--scenario', PORT_SCENARIO, '--port', '0', '--tcp-port', String(busyPort), '--mqtt-port', 'off'], message: new RegExp(`^ctwin: a port is already in use .*TCP ${busyPort},`) },
    });
    const names = Object.keys(CASES);
    for (const n of names) dbs.set(n, join(mkdtempSync(join(DIR, 'refused-')), 'twin.sqlite'));
    // all at once: each is a second of start-up, mostly loading
    const done = await Promise.all(names.map((n) => ctwin(['twin', ...CASES[n].args, '--db', dbs.get(n)!], CASES[n].env ?? withToken())));
    names.forEach((n, i) => results.set(n, done[i]));
  }, 120_000);
  afterAll(async () => {
    if (busy !== undefined) await new Promise<void>((ok) => busy.close(() => ok()));
  });

  it.each([
    'no --scenario', 'a zone scenario', 'a network scenario', 'a policy with no smart lanes', 'an unknown policy', 'a short CTWIN_TWIN_TOKEN', '--port 70000', '--mqtt-port 70000',
  ])('%s: nothing written', (name) => {
    expectRefused(results.get(name)!, CASES[name].message);
    expect(existsSync(dbs.get(name)!)).toBe(false);
  });

  it.each(['the HTTP port in use', 'the gateway link port in use'])('%s', (name) => {
    expectRefused(results.get(name)!, CASES[name].message);
  });
});

describe('ctwin twin: SIGTERM, the log, and a log of another site', () => {
  it('stops with exit 0 and the log closed and complete; replays it at the next start; refuses it for another site', async () => {
    const db = join(mkdtempSync(join(DIR, 'life-')), 'twin.sqlite');
    // no token in the environment: the twin makes one and prints it
    const a = await startTwin(['--scenario', PORT_SCENARIO, '--policy', 'reform', '--mqtt-port', 'off', '--db', db], envOf());
    expect(a.replayed).toBe(0);
    expect(a.printedToken).not.toBeNull();
    const token = a.printedToken!;
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(token).not.toBe(TOKEN);
    const frames = emulatedGate({ seed: 3, lanes: 2, minutes: 20, passagesPerHour: 60 }).frames.slice(0, 12);
    expect(frames.length).toBe(12);
    // the printed token is the one that works, and only it
    expect((await postIngest(a.url, 'not-the-token-at-all-0000', frames[0])).status).toBe(401);
    for (const f of frames) expect((await postIngest(a.url, token, f)).status).toBe(200);
    expect(await bySource(a, 'http')).toBe(frames.length);

    expect(await stopTwin(a)).toEqual({ code: 0, signal: null });
    expect(a.stderr()).toBe('');
    // closed cleanly: the WAL was checkpointed into the database (no -wal left, or an empty one)
    expect(!existsSync(`${db}-wal`) || statSync(`${db}-wal`).size === 0).toBe(true);
    const sq = new Database(db, { readonly: true, fileMustExist: true });
    let logged: { device: string; seq: number | null }[];
    let rows: number;
    try {
      logged = sq.prepare("SELECT device, seq FROM log WHERE source = 'http' ORDER BY id").all() as { device: string; seq: number | null }[];
      rows = (sq.prepare('SELECT count(*) AS n FROM log').get() as { n: number }).n;
    } finally {
      sq.close();
    }
    expect(logged).toEqual(frames.map((f) => ({ device: f.device, seq: f.seq })));

    // the same site again: the log is replayed, every input of it (the frames and the twin's own barrier commands)
    const b = await startTwin(['--scenario', PORT_SCENARIO, '--policy', 'reform', '--mqtt-port', 'off', '--tcp-port', 'off', '--db', db]);
    expect(b.replayed).toBe(rows);
    expect(b.tcp).toBeNull();
    expect(b.printedToken).toBeNull();
    expect(b.stdout()).toMatch(/^token\s+from CTWIN_TWIN_TOKEN$/m);
    const site = await getJson<SiteView>(`${b.url}/api/site`);
    expect(site.inputs.replayed).toBe(rows);
    expect(site.inputs.by_source.http ?? 0).toBe(0);
    expect(await stopTwin(b)).toEqual({ code: 0, signal: null });

    // another site (a gate scenario's 4 plain lanes) on the same log: refused, naming the log
    const other = await ctwin(['twin', '--scenario', 'scenarios/gate-mmc.yaml', '--port', '0', '--db', db], withToken());
    expectRefused(other, new RegExp(`^ctwin: --db ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: this log was written for another site`));
    // and the log is as it was
    const again = new Database(db, { readonly: true, fileMustExist: true });
    try {
      expect((again.prepare("SELECT count(*) AS n FROM log WHERE source = 'http'").get() as { n: number }).n).toBe(frames.length);
    } finally {
      again.close();
    }
  });
});

describe('ctwin emu --site --target: a twin fed the recorded simulation reaches its verdicts', () => {
  /** recordSite as `ctwin emu --site` calls it: the scenario's first policy with smart lanes (reform), arrivals for --minutes, no warm-up */
  const recorded = (seed: number, minutes: number) => {
    const s = loadScenario(join(ROOT, PORT_SCENARIO), 'port');
    const cfg = portConfigFor(s, 'reform');
    const horizon = minutes * 60;
    const rec = recordSite({ ...cfg, world: { ...cfg.world, arrivalsUntil: horizon, endS: horizon, warmupS: 0 } }, { seed });
    return {
      items: rec.items.length,
      notices: rec.items.filter((it) => it.device === 'customs').length,
      gate_passes: rec.outcomes.length,
      released_at_gate: rec.outcomes.filter((o) => o.release).length,
    };
  };

  type Case = { name: string; transport: 'http' | 'tcp' | 'mqtt'; minutes: number; seed?: number; tokenFromEnv?: boolean };
  const CASES: Case[] = [
    { name: 'http', transport: 'http', minutes: 30 },
    { name: 'tcp', transport: 'tcp', minutes: 30 },
    { name: 'mqtt', transport: 'mqtt', minutes: 30 },
    // another seed and horizon, and the token from $CTWIN_TWIN_TOKEN rather than --token
    { name: 'tcp --seed 5 --minutes 20', transport: 'tcp', minutes: 20, seed: 5, tokenFromEnv: true },
  ];
  const key = (seed: number, minutes: number) => `${seed}/${minutes}`;
  const twins = new Map<string, LiveTwin>();
  const emus = new Map<string, Done>();
  const expected = new Map<string, ReturnType<typeof recorded>>();

  beforeAll(async () => {
    const started = await Promise.all(CASES.map((c) => startTwin(['--scenario', PORT_SCENARIO, '--policy', 'reform', '--db', join(mkdtempSync(join(DIR, 'emu-')), 'twin.sqlite')])));
    CASES.forEach((c, i) => twins.set(c.name, started[i]));
    const sending = Promise.all(CASES.map((c) => {
      const t = twins.get(c.name)!;
      const target = c.transport === 'http' ? `${t.url}/ingest` : c.transport === 'tcp' ? t.tcp! : t.mqtt!;
      const args = ['emu', '--scenario', PORT_SCENARIO, '--site', '--minutes', String(c.minutes), '--speed', '100000', '--transport', c.transport, '--target', target];
      if (c.seed !== undefined) args.push('--seed', String(c.seed));
      if (!c.tokenFromEnv) args.push('--token', TOKEN);
      return ctwin(args, c.tokenFromEnv ? withToken() : envOf());
    }));
    // while the emulators run
    for (const c of CASES) expected.set(key(c.seed ?? 11, c.minutes), recorded(c.seed ?? 11, c.minutes));
    const done = await sending;
    CASES.forEach((c, i) => emus.set(c.name, done[i]));
  }, 120_000);

  afterAll(async () => {
    for (const t of twins.values()) if (running.has(t.proc)) await stopTwin(t);
  });

  it('the recordings are not vacuous, and the seed and horizon matter', () => {
    const a = expected.get(key(11, 30))!;
    const b = expected.get(key(5, 20))!;
    expect(b.gate_passes).toBeGreaterThan(0);
    expect(a.gate_passes).toBeGreaterThan(20);
    expect(a.released_at_gate).toBeGreaterThan(0);
    expect(a.released_at_gate).toBeLessThan(a.gate_passes);
    expect(a.notices).toBeGreaterThan(0);
    expect([b.items, b.gate_passes, b.released_at_gate]).not.toEqual([a.items, a.gate_passes, a.released_at_gate]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = emus.get(c.name)!;
    const t = twins.get(c.name)!;
    const want = expected.get(key(c.seed ?? 11, c.minutes))!;
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`; seed ${c.seed ?? 11}; ${c.minutes} simulated minutes$`, 'm'));
    expect(r.stdout).toContain(`site: ${want.notices} release notices and ${want.items - want.notices} device frames from the simulation`);
    expect(r.stdout).toMatch(new RegExp(`^replayed ${want.items} frames`, 'm'));
    // the sender's own counters: every item answered as accepted
    const acked = { http: `posted=${want.items} accepted=${want.items} rejected=0 failed=0`, tcp: `sent=${want.items} accepted=${want.items} duplicate=0 rejected=0 lost=0`, mqtt: `published=${want.items} acked=${want.items} failed=0` }[c.transport];
    expect(r.stdout).toContain(acked);

    // settled when emu exits: HTTP and the gateway link answer after the apply, MQTT's PUBACK too
    const site = await getJson<SiteView>(`${t.url}/api/site`);
    expect(site.inputs.by_source[c.transport]).toBe(want.items);
    for (const other of ['http', 'tcp', 'mqtt'].filter((s) => s !== c.transport)) expect(site.inputs.by_source[other] ?? 0).toBe(0);
    expect(site.inputs.duplicates).toBe(0);
    expect(Object.values(site.inputs.rejected).reduce((s, n) => s + n, 0)).toBe(0);
    const k = await getJson<Kpis>(`${t.url}/api/kpis`);
    expect({ gate_passes: k.gate_passes, released_at_gate: k.released_at_gate, releases: k.releases }).toEqual({ gate_passes: want.gate_passes, released_at_gate: want.released_at_gate, releases: want.notices });
  });
});

describe('ctwin emu: bad --site / --target input is refused with exit 2', () => {
  const CASES: Record<string, { args: string[]; message: RegExp }> = {
    '--site without --scenario': { args: ['--site', '--transport', 'http'], message: /^ctwin: --site: needs --scenario/ },
    '--site with a gate scenario': { args: ['--site', '--scenario', 'scenarios/gate-mmc.yaml', '--transport', 'http'], message: /^ctwin: --site: scenario 'gate-mmc' is a gate scenario; the site needs a port scenario$/ },
    '--site --transport tcp without --target': { args: ['--site', '--scenario', PORT_SCENARIO, '--transport', 'tcp'], message: /^ctwin: --site: give --target/ },
    '--target tcp:// where nothing listens': { args: ['--site', '--scenario', PORT_SCENARIO, '--minutes', '1', '--transport', 'tcp', '--target', 'tcp://127.0.0.1:1', '--token', TOKEN], message: /^ctwin: --target tcp:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/ },
    '--transport tcp --target that is not tcp://host:port': { args: ['--scenario', PORT_SCENARIO, '--minutes', '1', '--transport', 'tcp', '--target', 'http://127.0.0.1:1', '--token', TOKEN], message: /^ctwin: --target http:\/\/127\.0\.0\.1:1: gateway target must be tcp:\/\/host:port/ },
    '--target mqtt:// where nothing listens': { args: ['--site', '--scenario', PORT_SCENARIO, '--minutes', '1', '--transport', 'mqtt', '--target', 'mqtt://127.0.0.1:1', '--token', TOKEN], message: /^ctwin: --target mqtt:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/ },
    '--transport http --target that is not a URL': { args: ['--minutes', '1', '--transport', 'http', '--target', '/ingest', '--token', TOKEN], message: /^ctwin: --target \/ingest: Invalid URL/ },
  };
  const results = new Map<string, Done>();
  beforeAll(async () => {
    const names = Object.keys(CASES);
    const done = await Promise.all(names.map((n) => ctwin(['emu', ...CASES[n].args, '--speed', '100000'])));
    names.forEach((n, i) => results.set(n, done[i]));
  }, 120_000);

  it.each(Object.keys(CASES))('%s', (name) => {
    const r = results.get(name)!;
    expectRefused(r, CASES[name].message);
    expect(r.stdout).not.toMatch(/^replayed/m);
  });
});

describe('ctwin load against a running twin', () => {
  let twin: LiveTwin;
  beforeAll(async () => {
    twin = await startTwin(['--scenario', PORT_SCENARIO, '--policy', 'reform', '--db', join(mkdtempSync(join(DIR, 'load-')), 'twin.sqlite')]);
  }, 60_000);
  afterAll(async () => {
    if (twin !== undefined && running.has(twin.proc)) await stopTwin(twin);
  });

  interface LoadJson {
    transport: string; gates: number; sent: number; acknowledged: number; accepted: number; duplicates: number; rejected: number; failed_attempts: number; given_up: number;
    latency_ms: { n: number; p50: number | null; p90: number | null; p99: number | null; max: number | null };
    logged: { source: string; before: number; after: number; delta: number; expected_min: number; expected_max: number; matches: boolean };
  }
  const load = (args: string[], env = withToken()) => ctwin(['load', '--twin', twin.url, ...args], env);

  it.each(['tcp', 'http'] as const)('--transport %s: 500 frames at 500/s from 2 gates, all accepted and logged', async (transport) => {
    const before = await bySource(twin, transport);
    const t0 = Date.now();
    const r = await load(['--gates', '2', '--rate', '500', '--duration', '1', '--transport', transport]);
    // the process ends with the run: nothing (such as the 30 s bound on unanswered frames) keeps it alive
    expect(Date.now() - t0).toBeLessThan(25_000);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as LoadJson;
    expect(j).toMatchObject({ transport, gates: 2, sent: 500, acknowledged: 500, accepted: 500, duplicates: 0, rejected: 0, failed_attempts: 0, given_up: 0 });
    expect(j.latency_ms.n).toBe(500);
    for (const k of ['p50', 'p90', 'p99', 'max'] as const) {
      expect(typeof j.latency_ms[k], k).toBe('number');
      expect(j.latency_ms[k]!, k).toBeGreaterThan(0);
    }
    expect(j.latency_ms.p99!).toBeGreaterThanOrEqual(j.latency_ms.p50!);
    // the durable log's count (no restart here: the same as the twin's count since it started)
    expect(j.logged).toEqual({ source: transport, before, after: before + 500, delta: 500, expected_min: 500, expected_max: 500, matches: true });
    // and the twin says so too
    expect(await bySource(twin, transport)).toBe(before + 500);
  });

  it('a threshold missed: exit 1, the JSON still printed, stderr naming the p99 and the throughput', async () => {
    const r = await load(['--gates', '2', '--rate', '500', '--duration', '1', '--transport', 'tcp', '--max-p99-ms', '0.000001', '--min-throughput', '1000000']);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: 500, accepted: 500, given_up: 0 });
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^load: p99 latency [\d.]+ ms > 0\.000001 ms$/);
    expect(lines[1]).toMatch(/^load: throughput [\d.]+ frames\/s < 1000000$/);
  });

  it('a wrong token: every frame refused, exit 1', async () => {
    const before = await bySource(twin, 'http');
    const r = await load(['--gates', '1', '--rate', '50', '--duration', '0.2', '--transport', 'http', '--token', 'wrong-token-wrong-token']);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: 10, accepted: 0, rejected: 10 });
    expect(r.stderr).toMatch(/^load: 10 frames were rejected: .*401/m);
    expect(await bySource(twin, 'http')).toBe(before);
  });

  it('no token (none given, $CTWIN_TWIN_TOKEN unset): exit 2', async () => {
    expectRefused(await load(['--gates', '2', '--rate', '500', '--duration', '1'], envOf()), /^ctwin: --token: needed \(or \$CTWIN_TWIN_TOKEN\)/);
  });

  it('more gates than the site has lanes: exit 2 naming the lanes', async () => {
    // the device inputs (the twin's own barrier commands, source internal, come with its clock)
    const devices = async () => Object.entries((await getJson<SiteView>(`${twin.url}/api/site`)).inputs.by_source).filter(([k]) => k !== 'internal').reduce((n, [, v]) => n + v, 0);
    const before = await devices();
    expectRefused(await load(['--gates', '99', '--rate', '500', '--duration', '1']), /^ctwin: --gates 99: the twin's site has 8 lanes \(L1, L2, L3, L4, L5, L6, L7, L8\)$/);
    expect(await devices()).toBe(before);
  });

  it('no twin at --twin, or not a URL: exit 2', async () => {
    expectRefused(await ctwin(['load', '--twin', 'http://127.0.0.1:1', '--gates', '2', '--rate', '500', '--duration', '1'], withToken()), /^ctwin: --twin http:\/\/127\.0\.0\.1:1\/?: no twin answers there/);
    expectRefused(await ctwin(['load', '--twin', 'not a url', '--gates', '2'], withToken()), /^ctwin: --twin: expected a URL/);
  });

  it('--retry-for not a number of seconds: exit 2', async () => {
    expectRefused(await load(['--retry-for', '-1']), /^ctwin: --retry-for: expected a number of seconds, 0 or more, got "-1"$/);
    expectRefused(await load(['--retry-for', 'soon']), /^ctwin: --retry-for: expected a number of seconds, 0 or more, got "soon"$/);
  });
});
