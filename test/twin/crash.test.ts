/**
 * The twin killed mid-stream (kill -9) loses nothing it acknowledged and applies nothing twice.
 *
 * The real `ctwin twin` (dist/bin/ctwin.js) on a port scenario's smart lanes, fed by several
 * concurrent senders (gateway-link clients over TCP and HTTP POSTs) with an emulated gate's frames,
 * each device's n-th frame carrying seq n, some frames sent twice through different senders. The
 * twin is killed with SIGKILL while frames are in flight, then restarted on the same log. Then:
 * (a) every acknowledged (device, seq) is in the log exactly once, with the bytes that were sent;
 * (b) unacknowledged frames may or may not be there, but nothing is there twice, and re-sending
 *     them gets `duplicate` exactly for those that were logged;
 * (c) the restarted twin replayed exactly the log as the crash left it, a replay is deterministic,
 *     and the restart rewrote nothing of it;
 * (d) re-sending every acknowledged frame gets `duplicate` for each and changes no count.
 */
import { type ChildProcess } from 'node:child_process';
import { spawnTwin, type LiveTwin } from './live-helpers.js';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedGate } from '../../hardware-emu/emulated-gate.js';
import { loadScenario } from '../../scenarios/loader.js';
import { siteConfigOf, siteDevices } from '../../twin/site-config.js';
import { FrameLog } from '../../twin/frame-log.js';
import { TwinRuntime } from '../../twin/runtime.js';
import { TwinSite, type TwinSiteConfig } from '../../twin/site-state.js';
import { connectGateway, type GatewayClient } from '../../twin/gateway-client.js';

// as test/cli/helpers.ts has them (not imported: it makes a runs store at import)
const ROOT = resolve(import.meta.dirname, '..', '..');
const CTWIN = join(ROOT, 'dist', 'bin', 'ctwin.js');
const TOKEN = 'crash-test-token-4f9c2a7e1b';
const SCENARIO = join(ROOT, 'scenarios', 'port-reform.yaml');
/** acknowledgements before the kill */
const KILL_AFTER = 2000;

interface Sent { lane: string; device: string; format: string; seq: number; bytes: Uint8Array }
type Ack = 'accepted' | 'duplicate' | 'acked';
const keyOf = (f: { device: string; seq: number }) => `${f.device}#${f.seq}`;

const running = new Set<ChildProcess>();
type CliTwin = LiveTwin & { tcp: string };

/** `ctwin twin` on `db`, any free ports, no MQTT; resolves once it has printed where it listens. */
async function startCli(db: string): Promise<CliTwin> {
  const t = await spawnTwin(CTWIN, ['--scenario', SCENARIO, '--policy', 'reform', '--port', '0', '--mqtt-port', 'off', '--db', db], {
    cwd: ROOT, env: { ...process.env, CTWIN_TWIN_TOKEN: TOKEN, CTWIN_DEBUG: '' }, running,
  });
  if (t.tcp === null) throw new Error(`ctwin twin printed no TCP gateway:\n${t.stdout()}`);
  return { ...t, tcp: t.tcp };
}

async function postFrame(url: string, f: Sent): Promise<{ ack: Ack } | { status: number; body: string }> {
  const res = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream', 'x-ctwin-lane': f.lane, 'x-ctwin-device': f.device, 'x-ctwin-format': f.format, 'x-ctwin-seq': String(f.seq) },
    body: new Uint8Array(f.bytes),
  });
  if (res.status !== 200) return { status: res.status, body: await res.text().catch(() => '') };
  // the 200 itself says the frame is durable; the body says which way
  if ((res.headers.get('content-type') ?? '').startsWith('application/xml')) return (await res.arrayBuffer().catch(() => null), { ack: 'accepted' });
  try {
    const j = (await res.json()) as { status: string };
    return { ack: j.status === 'accepted' ? 'accepted' : j.status === 'duplicate' ? 'duplicate' : 'acked' };
  } catch {
    return { ack: 'acked' };
  }
}

interface Sender { name: string; send(f: Sent): Promise<{ ack: Ack } | { lost: string } | { refused: string }> }

function httpSender(name: string, url: string): Sender {
  return {
    name,
    async send(f) {
      try {
        const r = await postFrame(url, f);
        return 'ack' in r ? r : { refused: `${r.status} ${r.body}` };
      } catch (e) {
        return { lost: (e as Error).message };
      }
    },
  };
}

function tcpSender(name: string, gw: GatewayClient): Sender {
  return {
    name,
    async send(f) {
      const a = await gw.send({ lane: f.lane, device: f.device, format: f.format, seq: f.seq }, f.bytes);
      if (a.status === 'accepted' || a.status === 'duplicate') return { ack: a.status };
      return a.status === 'lost' ? { lost: a.reason } : { refused: a.reason };
    },
  };
}

/** Sends `queue` with `window` frames in flight; stops at the first lost frame or when `stop()` says so. */
async function drive(s: Sender, queue: readonly Sent[], window: number, onAck: (f: Sent, a: Ack, via: string) => void, onRefused: (f: Sent, why: string) => void, stop: () => boolean): Promise<void> {
  let next = 0;
  let dead = false;
  const loop = async () => {
    while (!dead && !stop() && next < queue.length) {
      const f = queue[next++];
      const r = await s.send(f);
      if ('ack' in r) onAck(f, r.ack, s.name);
      else if ('refused' in r) onRefused(f, r.refused);
      else dead = true;
    }
  };
  await Promise.all(Array.from({ length: window }, loop));
}

/** Every row of a log file (opened read-only). */
function rowsOf(file: string, readonly = true): { id: number; device: string; seq: number | null; bytes: Buffer; format: string }[] {
  const db = new Database(file, { readonly, fileMustExist: true });
  try {
    return db.prepare('SELECT id, device, seq, bytes, format FROM log ORDER BY id').all() as { id: number; device: string; seq: number | null; bytes: Buffer; format: string }[];
  } finally {
    db.close();
  }
}

/** The state a fresh twin rebuilds from `file` (a copy: opening it may write to it). */
function replayDigest(file: string, cfg: TwinSiteConfig): { digest: string; replayed: number; frames: Map<string, number>; gatePasses: number } {
  const rt = new TwinRuntime(new FrameLog(file), new TwinSite(cfg));
  try {
    return {
      digest: rt.site.digest(), replayed: rt.counters.replayed, gatePasses: rt.site.kpiView().gate_passes,
      frames: new Map(rt.site.devices.all().map((d) => [d.device, d.frames])),
    };
  } finally {
    void rt.close();
  }
}

function copyDb(from: string, to: string): string {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  return to;
}

describe('ctwin twin killed with SIGKILL under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-crash-'));
  const db = join(dir, 'twin.sqlite');
  const cfg = siteConfigOf(loadScenario(SCENARIO), 'reform').config;
  const gate = emulatedGate({ seed: 11, lanes: 2, minutes: 15, passagesPerHour: 90 });
  // the n-th frame of a device carries seq n
  const seqs = new Map<string, number>();
  const frames: Sent[] = gate.frames.map((f) => {
    const seq = seqs.get(f.device) ?? 0;
    seqs.set(f.device, seq + 1);
    return { lane: f.lane, device: f.device, format: f.format, seq, bytes: f.bytes };
  });
  const byKey = new Map(frames.map((f) => [keyOf(f), f]));
  const emuDevices = new Set(gate.devices.map((d) => d.device));

  /** phase 1: the acknowledgements each (device, seq) got from the first twin */
  const acks = new Map<string, Ack[]>();
  const refused: string[] = [];
  let crashRows: ReturnType<typeof rowsOf> = [];
  let crashDigest = '';
  let second: CliTwin | null = null;
  const gateways: GatewayClient[] = [];

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    for (const p of running) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the emulated gate sends as the twin’s site devices', () => {
    const site = new Map(siteDevices(cfg.lanes).map((d) => [d.device, d]));
    expect(cfg.lanes).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8']);
    for (const d of gate.devices) expect(site.get(d.device), d.device).toEqual({ lane: d.lane, device: d.device, format: d.format });
    expect(frames.length).toBeGreaterThan(3 * KILL_AFTER);
  });

  beforeAll(async () => {
    const first = await startCli(db);
    expect(first.replayed).toBe(0);
    // three gateway links and two HTTP posters; each device has an owner, every 9th frame is
    // sent again by the next sender (another transport, concurrently)
    for (let i = 0; i < 3; i++) gateways.push(await connectGateway(first.tcp, TOKEN));
    const senders: Sender[] = [...gateways.map((g, i) => tcpSender(`tcp${i}`, g)), httpSender('http0', first.url), httpSender('http1', first.url)];
    const devices = [...emuDevices];
    const queues: Sent[][] = senders.map(() => []);
    frames.forEach((f, i) => {
      const owner = devices.indexOf(f.device) % senders.length;
      queues[owner].push(f);
      if (i % 9 === 4) queues[(owner + 1) % senders.length].push(f);
    });
    let acked = 0;
    let killed = false;
    const onAck = (f: Sent, a: Ack) => {
      const k = keyOf(f);
      acks.set(k, [...(acks.get(k) ?? []), a]);
      if (++acked >= KILL_AFTER && !killed) {
        killed = true;
        first.proc.kill('SIGKILL');
      }
    };
    const drives = senders.map((s, i) => drive(s, queues[i], 16, onAck, (f, why) => refused.push(`${keyOf(f)}: ${why}`), () => killed));
    const ended = await first.exit;
    await Promise.all(drives);
    expect(ended.signal).toBe('SIGKILL');
    await Promise.all(gateways.splice(0).map((g) => g.close()));
    // the log as the crash left it (the WAL with it: that is where the last commits are)
    crashRows = rowsOf(copyDb(db, join(dir, 'crash-rows.sqlite')), false);
    const a = replayDigest(copyDb(db, join(dir, 'crash-a.sqlite')), cfg);
    const b = replayDigest(copyDb(db, join(dir, 'crash-b.sqlite')), cfg);
    expect(b.digest).toBe(a.digest);
    expect(a.replayed).toBe(crashRows.length);
    crashDigest = a.digest;
  }, 90_000);

  it('was killed mid-stream: some frames acknowledged, many never sent', () => {
    expect(refused).toEqual([]);
    const ackedKeys = [...acks.keys()];
    expect(ackedKeys.length).toBeGreaterThanOrEqual(KILL_AFTER * 0.8);
    expect(ackedKeys.length).toBeLessThan(frames.length - 1000);
    // a frame is accepted at most once, whichever senders' copies were answered
    for (const [k, a] of acks) expect(a.filter((x) => x === 'accepted').length, k).toBeLessThanOrEqual(1);
    // and some duplicates were answered as such
    expect([...acks.values()].filter((a) => a.includes('duplicate')).length).toBeGreaterThan(20);
  });

  it('(a, b) has every acknowledged frame in the crashed log exactly once, with its bytes, and nothing twice', () => {
    const seen = new Map<string, number>();
    for (const r of crashRows) {
      if (!emuDevices.has(r.device)) {
        // the emulated barriers' status reports: no sequence numbers
        expect({ device: r.device, format: r.format, seq: r.seq }).toEqual({ device: expect.stringMatching(/^L[12]-barrier$/), format: 'barrier-status', seq: null });
        continue;
      }
      expect(r.seq).not.toBeNull();
      const k = keyOf({ device: r.device, seq: r.seq! });
      seen.set(k, (seen.get(k) ?? 0) + 1);
      const sent = byKey.get(k);
      expect(sent, k).toBeDefined();
      expect(Buffer.compare(r.bytes, Buffer.from(sent!.bytes)), k).toBe(0);
    }
    expect([...seen].filter(([, n]) => n !== 1)).toEqual([]);
    const missing = [...acks.keys()].filter((k) => seen.get(k) !== 1);
    expect(missing).toEqual([]);
    // logged but never acknowledged (in flight at the kill) is allowed, and bounded by what was in flight
    const unacked = [...seen.keys()].filter((k) => !acks.has(k));
    expect(unacked.length).toBeLessThanOrEqual(5 * 16);
  });

  it('(c, d) restarts from exactly that log; every acknowledged frame again is a duplicate and changes no count', async () => {
    second = await startCli(db);
    expect(second.replayed).toBe(crashRows.length);
    const devicesBefore = (await (await fetch(`${second.url}/api/devices`)).json()) as { device: string; frames: number }[];
    const framesBefore = new Map(devicesBefore.map((d) => [d.device, d.frames]));
    // the restarted twin's devices hold what the log holds
    for (const d of emuDevices) expect(framesBefore.get(d), d).toBe(crashRows.filter((r) => r.device === d).length);
    const siteBefore = (await (await fetch(`${second.url}/api/site`)).json()) as { inputs: { duplicates: number }; kpis: { gate_passes: number } };
    expect(siteBefore.inputs.duplicates).toBe(0);
    expect(siteBefore.kpis.gate_passes).toBe(crashRows.filter((r) => r.format === 'gather-info').length);

    const gw = await connectGateway(second.tcp, TOKEN);
    gateways.push(gw);
    const again = [...acks.keys()].map((k) => byKey.get(k)!);
    const answers = new Map<string, string>();
    const tcp = tcpSender('tcp', gw);
    const http = httpSender('http', second.url);
    await Promise.all([
      drive(tcp, again.filter((_, i) => i % 2 === 0), 32, (f, a) => answers.set(keyOf(f), a), (f, why) => answers.set(keyOf(f), why), () => false),
      drive(http, again.filter((_, i) => i % 2 === 1), 16, (f, a) => answers.set(keyOf(f), a), (f, why) => answers.set(keyOf(f), why), () => false),
    ]);
    expect(answers.size).toBe(again.length);
    expect([...answers].filter(([, a]) => a !== 'duplicate')).toEqual([]);
    const devicesAfter = (await (await fetch(`${second.url}/api/devices`)).json()) as { device: string; frames: number; duplicates: number }[];
    for (const d of devicesAfter.filter((x) => emuDevices.has(x.device))) {
      expect(d.frames, d.device).toBe(framesBefore.get(d.device));
      expect(d.duplicates, d.device).toBe(again.filter((f) => f.device === d.device).length);
    }
    const siteAfter = (await (await fetch(`${second.url}/api/site`)).json()) as { inputs: { duplicates: number }; kpis: { gate_passes: number } };
    expect(siteAfter.inputs.duplicates).toBe(again.length);
    expect(siteAfter.kpis.gate_passes).toBe(siteBefore.kpis.gate_passes);

    // (b) the frames never acknowledged: `duplicate` exactly for those the crash left in the log
    const logged = new Set(crashRows.filter((r) => r.seq !== null).map((r) => keyOf({ device: r.device, seq: r.seq! })));
    const rest = frames.filter((f) => !acks.has(keyOf(f)));
    const restAnswers = new Map<string, string>();
    await drive(tcp, rest, 64, (f, a) => restAnswers.set(keyOf(f), a), (f, why) => restAnswers.set(keyOf(f), why), () => false);
    expect(restAnswers.size).toBe(rest.length);
    const wrong = rest.filter((f) => restAnswers.get(keyOf(f)) !== (logged.has(keyOf(f)) ? 'duplicate' : 'accepted')).map((f) => `${keyOf(f)}: ${restAnswers.get(keyOf(f))}`);
    expect(wrong).toEqual([]);
    const finalDevices = (await (await fetch(`${second.url}/api/devices`)).json()) as { device: string; frames: number }[];
    for (const d of finalDevices.filter((x) => emuDevices.has(x.device))) expect(d.frames, d.device).toBe(seqs.get(d.device));

    await gw.close();
    second.proc.kill('SIGTERM');
    const ended = await second.exit;
    expect(ended).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('leaves a log with every frame once; the restart rewrote none of the crashed log; replays agree', () => {
    expect(second).not.toBeNull();
    // closed cleanly: the WAL is checkpointed, the file opens read-only
    const rows = rowsOf(db);
    const emu = rows.filter((r) => emuDevices.has(r.device));
    expect(emu.length).toBe(frames.length);
    expect(new Set(emu.map((r) => keyOf({ device: r.device, seq: r.seq! }))).size).toBe(frames.length);
    for (const r of emu) expect(Buffer.compare(r.bytes, Buffer.from(byKey.get(keyOf({ device: r.device, seq: r.seq! }))!.bytes))).toBe(0);
    const ro = new Database(db, { readonly: true });
    expect(ro.prepare('SELECT device, seq, count(*) AS n FROM log WHERE seq IS NOT NULL GROUP BY device, seq HAVING n > 1').all()).toEqual([]);
    // the log was written for this site config: the CLI's, as used here for the replays
    // (less its staleness threshold, which only colours views)
    const { staleAfterS: _stale, ...site } = cfg;
    expect((ro.prepare("SELECT value FROM meta WHERE key = 'site'").get() as { value: string }).value).toBe(JSON.stringify(site));
    ro.close();
    // the crashed log is a prefix of the final one, unchanged
    const prefix = rows.slice(0, crashRows.length);
    expect(prefix.map((r) => [r.id, r.device, r.seq])).toEqual(crashRows.map((r) => [r.id, r.device, r.seq]));
    expect(prefix.every((r, i) => Buffer.compare(r.bytes, crashRows[i].bytes) === 0)).toBe(true);
    // the final log cut back to the crash rebuilds the state the crash left
    const cut = copyDb(db, join(dir, 'cut.sqlite'));
    const c = new Database(cut);
    c.prepare('DELETE FROM log WHERE id > ?').run(crashRows.length);
    c.close();
    expect(replayDigest(cut, cfg).digest).toBe(crashDigest);
    // and two fresh replays of the final log agree, with every frame counted once
    const a = replayDigest(copyDb(db, join(dir, 'final-a.sqlite')), cfg);
    const b = replayDigest(copyDb(db, join(dir, 'final-b.sqlite')), cfg);
    expect(b.digest).toBe(a.digest);
    expect(a.replayed).toBe(rows.length);
    for (const d of emuDevices) expect(a.frames.get(d), d).toBe(seqs.get(d));
    expect(a.gatePasses).toBe(frames.filter((f) => f.format === 'gather-info').length);
  });
});
