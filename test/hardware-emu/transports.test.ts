import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sampler } from '../../sim/kernel/distributions.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import { accountedFor } from '../../hardware-emu/faults.js';
import { emulatedGate, type EmulatedGate } from '../../hardware-emu/emulated-gate.js';
import { replay } from '../../hardware-emu/transports/replay.js';
import { startTcpDevices, tcpDeframer } from '../../hardware-emu/transports/tcp.js';
import { contentType, startHttpPoster, startHttpReceiver } from '../../hardware-emu/transports/http.js';
import { startMqttBroker, startMqttPublisher, topicOf } from '../../hardware-emu/transports/mqtt.js';
import { Command } from 'commander';
import { emuCommand, loadFaults, registerEmuCommand } from '../../bin/commands/emu.js';
import { UsageError } from '../../bin/usage-error.js';

const gate = (): EmulatedGate =>
  emulatedGate({
    seed: 11, lanes: 2, minutes: 10, passagesPerHour: 40,
    faults: { drop: 0.08, corrupt: 0.08, duplicate: 0.08, delayS: sampler({ dist: 'exponential', mean: 0.05 }), offline: [{ from: 240, to: 330 }] },
  });

/** What a receiver saw, per device: every frame decoded with the codecs, failures counted. */
class Tally {
  readonly got = new Map<string, { decoded: number; rejected: number; bytes: string[] }>();
  take(device: string, format: string, bytes: Uint8Array): boolean {
    const t = this.got.get(device) ?? { decoded: 0, rejected: 0, bytes: [] };
    this.got.set(device, t);
    t.bytes.push(Buffer.from(bytes).toString('hex'));
    try {
      FORMATS.get(format)!.decode(bytes);
      t.decoded++;
      return true;
    } catch {
      t.rejected++;
      return false;
    }
  }
  total = () => [...this.got.values()].reduce((n, t) => n + t.bytes.length, 0);
}

/** The check: received-and-decoded + rejected + dropped/offline = generated + duplicates, per device, as the fault layer accounted. */
function checkAccounting(g: EmulatedGate, tally: Tally): void {
  let corruptedSeen = 0;
  for (const d of g.devices) {
    const a = g.accounting[d.device];
    expect(accountedFor(a)).toBe(true);
    const t = tally.got.get(d.device) ?? { decoded: 0, rejected: 0, bytes: [] };
    const c = a.counts;
    expect(t.decoded + t.rejected + c.dropped + c.offline, d.device).toBe(a.input + c.duplicated);
    expect(t.bytes.length, d.device).toBe(a.sent);
    // rejects are corrupted frames only (a flipped byte inside a JPEG or a free-text field may still decode)
    expect(t.rejected, d.device).toBeLessThanOrEqual(c.corrupted);
    // the transport delivered exactly the fault layer's bytes: same multiset per device
    const sent = g.frames.filter((f) => f.device === d.device).map((f) => Buffer.from(f.bytes).toString('hex'));
    expect([...t.bytes].sort(), d.device).toEqual(sent.sort());
    corruptedSeen += t.rejected;
  }
  expect(corruptedSeen).toBeGreaterThan(0); // the faults were really on
}

const waitFor = async (cond: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 5))) if (Date.now() > end) throw new Error('timed out waiting for frames');
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('emulated gate', () => {
  it('is deterministic in the seed and accounts for every frame', () => {
    const [a, b] = [gate(), gate()];
    expect(a.frames.length).toBeGreaterThan(500);
    expect(b.frames.map((f) => [f.at, f.device, Buffer.from(f.bytes).toString('hex')])).toEqual(a.frames.map((f) => [f.at, f.device, Buffer.from(f.bytes).toString('hex')]));
    for (const d of a.devices) expect(accountedFor(a.accounting[d.device])).toBe(true);
    // every fault kind the transports are checked under really happens in this gate
    for (const k of ['dropped', 'corrupted', 'duplicated', 'offline'] as const) expect(a.devices.reduce((n, d) => n + a.accounting[d.device].counts[k], 0), k).toBeGreaterThan(0);
    expect(a.devices.map((d) => a.accounting[d.device].input).every((n) => n > 0)).toBe(true);
    expect(a.frames.every((f, i) => i === 0 || a.frames[i - 1].at <= f.at)).toBe(true);
  });
});

describe('transports carry every frame, faults accounted for', () => {
  it('TCP: one server per device, raw weighbridge stream, length-prefixed messages', async () => {
    const g = gate();
    const tcp = await startTcpDevices(g.devices);
    cleanups.push(() => tcp.stop());
    const tally = new Tally();
    const received = new Map<string, number>();
    const sockets: net.Socket[] = [];
    for (const d of g.devices) {
      const s = net.connect(tcp.port(d.device), '127.0.0.1');
      sockets.push(s);
      const feed = tcpDeframer(d.format, 18, (b) => tally.take(d.device, d.format, b));
      s.on('data', (chunk: Buffer) => (received.set(d.device, (received.get(d.device) ?? 0) + chunk.length), feed(chunk)));
      await new Promise<void>((r) => s.once('connect', () => r()));
    }
    cleanups.push(async () => { for (const s of sockets) s.destroy(); });
    await waitFor(() => tcp.counters().clients === g.devices.length);
    await replay(g.frames, tcp);
    await waitFor(() => g.devices.every((d) => (received.get(d.device) ?? 0) === tcp.bytesWritten(d.device)));
    checkAccounting(g, tally);
  });

  it('HTTP: each frame POSTed, ANPR as multipart/form-data with its boundary', async () => {
    const g = gate();
    const tally = new Tally();
    const types = new Set<string>();
    const rx = await startHttpReceiver((f, type) => (f.format === 'anpr-multipart' && types.add(type), tally.take(f.device, f.format, f.bytes)));
    cleanups.push(() => rx.stop());
    const tx = startHttpPoster(rx.url);
    cleanups.push(() => tx.stop());
    await replay(g.frames, tx);
    checkAccounting(g, tally);
    expect([...types]).toEqual([contentType('anpr-multipart')]);
    const c = tx.counters();
    expect(c).toEqual({ posted: g.frames.length, accepted: rx.counters().accepted, rejected: rx.counters().rejected, failed: 0 });
  });

  it('MQTT: embedded broker, QoS 1 on ctwin/<lane>/<device>/<format>', async () => {
    const g = gate();
    const broker = await startMqttBroker();
    cleanups.push(() => broker.stop());
    const sub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => sub.endAsync());
    const tally = new Tally();
    sub.on('message', (topic, payload) => {
      const [, lane, device, format] = topic.split('/');
      expect(topic).toBe(topicOf({ lane, device, format }));
      tally.take(device, format, payload);
    });
    await sub.subscribeAsync('ctwin/#', { qos: 1 });
    const tx = await startMqttPublisher(broker.url);
    cleanups.push(() => tx.stop());
    await replay(g.frames, tx);
    expect(tx.counters()).toEqual({ published: g.frames.length, acked: g.frames.length, failed: 0 });
    await waitFor(() => tally.total() === g.frames.length);
    checkAccounting(g, tally);
  });
});

describe('replay', () => {
  it('maps simulated time to wall time by the speed factor', async () => {
    const frames = [0, 0.5, 1].map((at) => ({ at, lane: 'L1', device: 'd', format: 'f', bytes: new Uint8Array() }));
    const r = await replay(frames, { send: async () => {} }, { speed: 10 });
    expect(r.sent).toBe(3);
    expect(r.wallMs).toBeGreaterThanOrEqual(90);
  });
});

describe('ctwin emu', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctwin-emu-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a YAML faults file, and reports bad input with the file and path', () => {
    const good = join(dir, 'faults.yaml');
    writeFileSync(good, 'drop: 0.1\ncorrupt: 0.02\ndelayS: { dist: exponential, mean: 0.1 }\noffline: [{ from: 10, to: 20 }]\n');
    const f = loadFaults(good);
    expect(f.drop).toBe(0.1);
    expect(typeof f.delayS).toBe('function');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ drop: 2, delayS: { dist: 'exponential' }, offline: [{ from: 'x', to: 1 }] }));
    expect(() => loadFaults(bad)).toThrow(UsageError);
    const msg = (() => { try { loadFaults(bad); } catch (e) { return (e as Error).message; } })()!;
    expect(msg).toContain(`${bad}: drop:`);
    expect(msg).toContain(`${bad}: offline.0.from:`);
    expect(msg).toMatch(/bad\.json: delayS/);
  });

  it.each(['tcp', 'http', 'mqtt'] as const)('runs over %s, prints addresses and the accounting, and stops', async (transport) => {
    const faults = join(dir, 'f.json');
    writeFileSync(faults, JSON.stringify({ drop: 0.05, corrupt: 0.05, duplicate: 0.05 }));
    const lines: string[] = [];
    await emuCommand({ seed: 3, lanes: 1, minutes: 3, transport, speed: Infinity, faults }, (l) => lines.push(l));
    expect(lines.some((l) => /127\.0\.0\.1:\d+/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('L1-scale\t'))).toBe(true);
    expect(lines.some((l) => /^replayed \d+ frames/.test(l))).toBe(true);
  });

  it('registers with commander: options parsed, bad --transport is a usage error', async () => {
    const program = () => { const p = new Command().exitOverride(); registerEmuCommand(p); return p; };
    await expect(program().parseAsync(['node', 'ctwin', 'emu', '--transport', 'ftp'])).rejects.toThrow(/--transport: expected tcp, http or mqtt/);
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    try {
      await program().parseAsync(['node', 'ctwin', 'emu', '--transport', 'mqtt', '--minutes', '2', '--seed', '5', '--passages-per-hour', '30', '--speed', '100000']);
    } finally {
      process.stdout.write = write;
    }
    expect(out.join('')).toMatch(/broker mqtt:\/\/127\.0\.0\.1:\d+/);
  });
});
