/**
 * The live twin (startTwin, in-process, every listener on) refuses bad input with a clear reason,
 * counts it, and keeps serving: a good frame is accepted after each refusal. Malformed frames,
 * unknown devices, wrong formats and lanes, oversized bodies and link messages, missing and wrong
 * tokens (HTTP ingest, the API, the TCP gateway link, MQTT), bad sequence numbers, bad API bodies
 * and queries, unknown routes and things; and a property: random bytes posted as a device's format
 * never crash the twin and are accepted exactly when the format's codec decodes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedGate } from '../../hardware-emu/emulated-gate.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import { DecodeError } from '../../hardware-emu/codec.js';
import type { BarrierStatus } from '../../hardware-emu/barrier/barrier.js';
import { startTwin, type TwinServer } from '../../twin/server.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import { MAX_FRAME_BYTES } from '../../twin/runtime.js';
import { frameMessage, helloMessage, ACK, ERROR, MAX_MESSAGE, ACK_ACCEPTED, ACK_REJECTED, type LinkMessage } from '../../twin/gateway-link.js';
import { SITE_CFG } from './twin-fixture.js';
import { call, metrics, metricValue, postIngest, rawLink, type FrameLike, type RawLink } from './live-helpers.js';

const TOKEN = 'bad-input-token-0123456789abcdef';
const cfg = siteConfigOfPort(SITE_CFG);
const gate = emulatedGate({ seed: 5, lanes: 2, minutes: 30, passagesPerHour: 60 });
const frameOf = (format: string, device?: string) => gate.frames.find((f) => f.format === format && (device === undefined || f.device === device))!;
const decodeError = (format: string, bytes: Uint8Array): string | null => {
  try {
    FORMATS.get(format)!.decode(bytes);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return (e as Error).message;
  }
};

describe('the twin refuses bad input and keeps serving', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-bad-'));
  let twin: TwinServer;
  let url: string;
  const links: RawLink[] = [];
  // good frames: the L1 weighbridge's, each with its own seq
  const scale = gate.frames.filter((f) => f.device === 'L1-scale');
  let goodSeq = 0;
  let goodAccepted = 0;
  const goodFrame = async () => {
    const f = scale[goodSeq];
    const r = await postIngest(url, TOKEN, { ...f, seq: goodSeq++ });
    expect(r.status, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'accepted' });
    goodAccepted++;
  };
  const rejected = async (reason: string) => metricValue(await metrics(url), 'ctwin_twin_inputs_rejected_total', { reason });
  /** `f` is refused as `reason` (in /metrics, by one), and a good frame goes through after it */
  const refusedOnce = async (reason: string, f: () => Promise<void>) => {
    const before = await rejected(reason);
    await f();
    expect(await rejected(reason)).toBe(before + 1);
    await goodFrame();
  };

  beforeAll(async () => {
    twin = await startTwin({
      site: cfg, port: SITE_CFG, describe: { scenario: 'fixture', summary: 'two smart lanes' }, db: join(dir, 'twin.sqlite'), token: TOKEN,
      host: '127.0.0.1', httpPort: 0, tcpPort: 0, mqttPort: 0, barriers: 'emulated',
    });
    url = twin.url;
  });
  afterAll(async () => {
    for (const l of links) l.socket.destroy();
    await twin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the site the frames come from', async () => {
    expect(cfg.lanes).toEqual(['L1', 'L2']);
    await goodFrame();
  });

  it('refuses corrupted frames as undecodable, with the codec’s message', async () => {
    // a weighbridge frame with one weight digit changed: the checksum no longer matches
    const good = frameOf('mettler-toledo', 'L2-scale');
    const bad = good.bytes.slice();
    bad[5] = bad[5] === 0x31 ? 0x32 : 0x31;
    const message = decodeError('mettler-toledo', bad);
    expect(message).toMatch(/^mettler-toledo: /);
    await refusedOnce('undecodable', async () => {
      const r = await postIngest(url, TOKEN, { ...good, bytes: bad, seq: 0 });
      expect(r.status).toBe(400);
      expect(r.json()).toEqual({ status: 'rejected', reason: 'undecodable', message });
    });
    // a camera's multipart body cut short
    const anpr = frameOf('anpr-multipart', 'L1-anpr');
    const cut = anpr.bytes.slice(0, Math.floor(anpr.bytes.length / 2));
    const anprMessage = decodeError('anpr-multipart', cut);
    expect(anprMessage).not.toBeNull();
    await refusedOnce('undecodable', async () => {
      const r = await postIngest(url, TOKEN, { ...anpr, bytes: cut, seq: 0 });
      expect(r.status).toBe(400);
      expect(r.json()).toEqual({ status: 'rejected', reason: 'undecodable', message: anprMessage });
    });
    // counted against the devices; never logged, so the same seq is still free
    const dev = (await call(url, 'GET', '/api/devices/L2-scale')).json() as { frames: number; rejected: number };
    expect(dev).toMatchObject({ frames: 0, rejected: 1 });
    const ok = await postIngest(url, TOKEN, { ...good, seq: 0 });
    expect(ok.json()).toMatchObject({ status: 'accepted' });
  });

  it('refuses unknown devices (404), wrong formats and wrong lanes (400)', async () => {
    const f = scale[0];
    await refusedOnce('unknown-device', async () => {
      const r = await postIngest(url, TOKEN, { ...f, lane: 'L9', device: 'L9-scale' });
      expect(r.status).toBe(404);
      expect(r.json()).toEqual({ status: 'rejected', reason: 'unknown-device', message: "no device 'L9-scale' at this site" });
    });
    await refusedOnce('wrong-format', async () => {
      const r = await postIngest(url, TOKEN, { ...f, format: 'rfid-read' });
      expect(r.status).toBe(400);
      expect(r.json()).toEqual({ status: 'rejected', reason: 'wrong-format', message: "device 'L1-scale' sends mettler-toledo, not rfid-read" });
    });
    await refusedOnce('wrong-format', async () => {
      const r = await postIngest(url, TOKEN, { ...f, format: 'no-such-format' });
      expect(r.status).toBe(400);
      expect(r.json()).toMatchObject({ reason: 'wrong-format' });
    });
    await refusedOnce('wrong-lane', async () => {
      const r = await postIngest(url, TOKEN, { ...f, lane: 'L2' });
      expect(r.status).toBe(400);
      expect(r.json()).toEqual({ status: 'rejected', reason: 'wrong-lane', message: "device 'L1-scale' is on lane 'L1', not 'L2'" });
    });
    // operator commands come only from the API
    await refusedOnce('not-allowed', async () => {
      const r = await postIngest(url, TOKEN, { lane: 'L1', device: 'L1-barrier', format: 'twin-desired', bytes: new TextEncoder().encode('{"device":"L1-barrier","barrier":"open"}') });
      expect(r.status).toBe(403);
      expect(r.json()).toMatchObject({ reason: 'not-allowed' });
    });
  });

  it('refuses bodies over 1 MiB (413), declared or streamed', async () => {
    const big = new Uint8Array(MAX_FRAME_BYTES + 1).fill(0x41);
    // declared by content-length: answered before the body is read
    await refusedOnce('malformed-request', async () => {
      const r = await rawPost(url, { authorization: `Bearer ${TOKEN}`, 'x-ctwin-lane': 'L1', 'x-ctwin-device': 'L1-scale', 'x-ctwin-format': 'mettler-toledo', 'content-length': String(big.length) }, big);
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toEqual({ status: 'rejected', reason: 'too-large', message: `frame of ${big.length} bytes; at most ${MAX_FRAME_BYTES}` });
    });
    // chunked, no length: cut off once it passes the limit
    await refusedOnce('malformed-request', async () => {
      const r = await rawPost(url, { authorization: `Bearer ${TOKEN}`, 'x-ctwin-lane': 'L1', 'x-ctwin-device': 'L1-scale', 'x-ctwin-format': 'mettler-toledo', 'transfer-encoding': 'chunked' }, big);
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toEqual({ status: 'rejected', reason: 'too-large', message: `frame of more than ${MAX_FRAME_BYTES} bytes` });
    });
    // exactly at the limit is not too large (it does not decode, though)
    await refusedOnce('undecodable', async () => {
      const r = await postIngest(url, TOKEN, { lane: 'L1', device: 'L1-scale', format: 'mettler-toledo', bytes: big.subarray(0, MAX_FRAME_BYTES) });
      expect(r.status).toBe(400);
    });
  });

  it('over the gateway link: a frame over 1 MiB is refused, a message over the limit ends that connection only', async () => {
    const a = await hello(twin.tcpPort!);
    const b = await hello(twin.tcpPort!);
    // a frame too large, in a message the link can carry: refused with the reason, connection stays
    const before = await rejected('too-large');
    a.write(frameMessage(7, { lane: 'L1', device: 'L1-scale', format: 'mettler-toledo', seq: 100_000 }, new Uint8Array(MAX_FRAME_BYTES + 1)));
    const ack = (await a.next((m) => m.kind === ACK && m.tag === 7)) as Extract<LinkMessage, { kind: typeof ACK }>;
    expect(ack.status).toBe(ACK_REJECTED);
    expect(ack.text.toString()).toBe(`too-large: frame of ${MAX_FRAME_BYTES + 1} bytes; at most ${MAX_FRAME_BYTES}`);
    expect(await rejected('too-large')).toBe(before + 1);
    // a message longer than any the link takes: ERROR, then the twin closes that connection
    const len = Buffer.alloc(5);
    len.writeUInt32BE(MAX_MESSAGE + 1, 0);
    len[4] = 2;
    b.write(len);
    const err = (await b.next((m) => m.kind === ERROR)) as Extract<LinkMessage, { kind: typeof ERROR }>;
    expect(err.text).toBe(`message of ${MAX_MESSAGE + 1} bytes (1..${MAX_MESSAGE})`);
    await b.closed;
    // the other connection carries on
    const f = scale[goodSeq];
    a.write(frameMessage(8, { lane: f.lane, device: f.device, format: f.format, seq: goodSeq++ }, f.bytes));
    const ok = (await a.next((m) => m.kind === ACK && m.tag === 8)) as Extract<LinkMessage, { kind: typeof ACK }>;
    expect(ok.status).toBe(ACK_ACCEPTED);
    goodAccepted++;
    expect(a.isClosed()).toBe(false);
    // a FRAME message too short to hold its header: ERROR and close
    const c = await hello(twin.tcpPort!);
    c.write(Buffer.from([0, 0, 0, 2, 2, 0]));
    expect(((await c.next((m) => m.kind === ERROR)) as { text: string }).text).toBe('frame message too short');
    await c.closed;
    await goodFrame();
  });

  it('refuses a missing or wrong token: HTTP ingest, the API, the gateway link, MQTT', async () => {
    const f = scale[0];
    await refusedOnce('unauthorized', async () => {
      const r = await postIngest(url, null, f);
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ status: 'rejected', reason: 'unauthorized' });
    });
    await refusedOnce('unauthorized', async () => {
      const r = await postIngest(url, 'not-the-token-0123456789abcdef00', f);
      expect(r.status).toBe(401);
    });
    await refusedOnce('unauthorized', async () => {
      // a prefix of the token is not the token
      const r = await postIngest(url, null, f, { authorization: `Bearer ${TOKEN.slice(0, -1)}` });
      expect(r.status).toBe(401);
    });
    const release = { ref: 1, driver_card: 'C1', plate: 'P1', eplate: '', container: 'MSCU1234565', seal: 'S1', declared_gross_kg: 20_000 };
    const accepted = async () => metricValue(await metrics(url), 'ctwin_twin_inputs_accepted_total');
    const acceptedBefore = await accepted();
    for (const token of [undefined, 'wrong-token-wrong-token-wrong-tok']) {
      const r = await call(url, 'POST', '/api/releases', { json: release, ...(token ? { token } : {}) });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({ error: 'this changes state: send Authorization: Bearer <token> (printed when the twin started, or CTWIN_TWIN_TOKEN)' });
      const d = await call(url, 'PUT', '/api/devices/L1-barrier/desired', { json: { barrier: 'open' }, ...(token ? { token } : {}) });
      expect(d.status).toBe(401);
      expect(d.json()).toMatchObject({ error: expect.stringMatching(/^this changes state/) });
      const w = await call(url, 'POST', '/api/whatif', { json: {}, ...(token ? { token } : {}) });
      expect(w.status).toBe(401);
    }
    // nothing got in
    expect(await accepted()).toBe(acceptedBefore);
    expect(twin.runtime.site.consignments.size).toBe(0);
    expect(twin.runtime.site.devices.get('L1-barrier')!.desired).toBeNull();
    // the gateway link: a wrong token, or a frame before HELLO, is an ERROR and the end
    const wrong = await rawLink(twin.tcpPort!);
    links.push(wrong);
    wrong.write(helloMessage('wrong-token-wrong-token-wrong-tok'));
    wrong.write(frameMessage(1, { lane: f.lane, device: f.device, format: f.format, seq: 999 }, f.bytes));
    expect(((await wrong.next((m) => m.kind === ERROR)) as { text: string }).text).toBe('wrong token');
    await wrong.closed;
    expect(wrong.messages.filter((m) => m.kind === ACK)).toEqual([]);
    const early = await rawLink(twin.tcpPort!);
    links.push(early);
    early.write(frameMessage(1, { lane: f.lane, device: f.device, format: f.format, seq: 999 }, f.bytes));
    expect(((await early.next((m) => m.kind === ERROR)) as { text: string }).text).toBe('say HELLO with the token first');
    await early.closed;
    // MQTT: the password is the token
    for (const password of ['wrong-token-wrong-token-wrong-tok', undefined]) {
      await expect(mqtt.connectAsync(twin.mqttUrl!, { username: 'gate', ...(password !== undefined ? { password } : {}), reconnectPeriod: 0, connectTimeout: 5000 })).rejects.toThrow(/Not authorized|Bad username or password/);
    }
    // none of it logged
    expect(twin.runtime.site.devices.get('L1-scale')!.frames).toBe(goodAccepted);
    await goodFrame();
  });

  it('refuses a bad sequence number, over HTTP and the gateway link', async () => {
    const f = scale[0];
    for (const seq of ['-1', 'abc', '1.5', '1e3', '', '9999999999999999']) {
      await refusedOnce('malformed-request', async () => {
        const r = await postIngest(url, TOKEN, f, { 'x-ctwin-seq': seq });
        expect(r.status).toBe(400);
        expect(r.json()).toEqual({ status: 'rejected', reason: 'bad-seq', message: `x-ctwin-seq: a non-negative integer, got ${JSON.stringify(seq)}` });
      });
    }
    // over the link a sequence number that is not one is refused, by an ACK with the reason or (the
    // link's own framing broken) an ERROR that ends the connection; never accepted
    for (const [i, seq] of [1.5, 2 ** 60, -2].entries()) {
      const accepted = twin.runtime.counters.accepted;
      const a = await hello(twin.tcpPort!);
      a.write(frameMessage(100 + i, { lane: f.lane, device: f.device, format: f.format, seq }, f.bytes));
      const m = await a.next((x) => (x.kind === ACK && x.tag === 100 + i) || x.kind === ERROR);
      if (m.kind === ACK) {
        expect(m.status).toBe(ACK_REJECTED);
        expect(m.text.toString()).toBe(`bad-seq: sequence number must be a non-negative integer, got ${seq}`);
      } else {
        expect((m as { text: string }).text).toMatch(new RegExp(`^sequence number must be a non-negative integer.*, got ${String(seq).replace('.', '\\.')}$`));
        await a.closed;
      }
      expect(twin.runtime.counters.accepted).toBe(accepted);
      await goodFrame();
    }
  });

  it('refuses bad API bodies and queries with the path of the bad field', async () => {
    const release = { ref: 7, driver_card: 'C7', plate: 'P7', eplate: '', container: 'MSCU1234565', seal: 'S7', declared_gross_kg: 20_000 };
    const bad = async (method: string, path: string, o: { json?: unknown; raw?: string }, status: number, error: RegExp) => {
      const r = await call(url, method, path, { token: TOKEN, ...o });
      expect(r.status, `${method} ${path} ${r.body}`).toBe(status);
      expect(r.type).toMatch(/^application\/json/);
      expect((r.json() as { error: string }).error).toMatch(error);
    };
    await bad('POST', '/api/releases', { raw: '{"ref": 7,' }, 400, /^body: not JSON/);
    await bad('POST', '/api/releases', { json: { ...release, ref: -1 } }, 400, /^body\.ref: /);
    await bad('POST', '/api/releases', { json: { ...release, declared_gross_kg: 'heavy' } }, 400, /^body\.declared_gross_kg: /);
    await bad('POST', '/api/releases', { json: { ...release, plate: undefined } }, 400, /^body\.plate: /);
    await bad('POST', '/api/releases', { json: { ...release, colour: 'red' } }, 400, /^body: .*colour/);
    await bad('POST', '/api/releases', { json: [release] }, 400, /^body: /);
    await bad('POST', '/api/releases', { raw: JSON.stringify({ ...release, seal: 'x'.repeat(70_000) }) }, 413, /^body: larger than 64 kB$/);
    await bad('PUT', '/api/devices/L1-barrier/desired', { json: { barrier: 'ajar' } }, 400, /^body\.barrier: /);
    await bad('PUT', '/api/devices/L1-barrier/desired', { json: { display: 'x'.repeat(33) } }, 400, /^body\.display: /);
    await bad('PUT', '/api/devices/L1-barrier/desired', { json: {} }, 400, /^body: give barrier \(open\|closed\) or display \(text\), or both$/);
    await bad('PUT', '/api/devices/L1-scale/desired', { json: { barrier: 'open' } }, 409, /^device 'L1-scale' \(mettler-toledo\) takes no commands/);
    await bad('PUT', '/api/devices/L9-barrier/desired', { json: { barrier: 'open' } }, 404, /^no device 'L9-barrier' at this site$/);
    await bad('POST', '/api/whatif', { json: { horizon_h: -3 } }, 400, /^body\.horizon_h: /);
    await bad('GET', '/api/consignments?limit=0', {}, 400, /^query\.limit: /);
    await bad('GET', '/api/consignments?status=lost', {}, 400, /^query\.status: /);
    await bad('GET', '/api/consignments?colour=red', {}, 400, /^query: .*colour/);
    await bad('GET', '/api/devices?stale=maybe', {}, 400, /^query\.stale: /);
    await bad('GET', '/api/consignments/abc', {}, 400, /^ref: /);
    // nothing was applied
    expect(twin.runtime.site.consignments.size).toBe(0);
    expect(twin.runtime.site.devices.get('L1-barrier')!.desired).toBeNull();
    await goodFrame();
  });

  it('answers unknown routes and unknown things with 404 JSON', async () => {
    const nf = async (method: string, path: string, error: string) => {
      const r = await call(url, method, path);
      expect(r.status, path).toBe(404);
      expect(r.type).toMatch(/^application\/json/);
      expect(r.json()).toEqual({ error });
    };
    await nf('GET', '/api/nope', 'no route GET /api/nope; see /openapi.json');
    await nf('POST', '/api/site', 'no route POST /api/site; see /openapi.json');
    await nf('DELETE', '/api/devices/L1-scale', 'no route DELETE /api/devices/L1-scale; see /openapi.json');
    await nf('GET', '/api/consignments/424242', 'no consignment 424242 (the twin knows a consignment from its release notice on)');
    await nf('GET', '/api/devices/L9-scale', "no device 'L9-scale' at this site");
    const r = await call(url, 'GET', '/ingest');
    expect(r.status).toBe(405);
    await goodFrame();
  });

  it('never crashes on random bytes, and accepts them exactly when the codec decodes them', async () => {
    const devices = cfg.devices.filter((d) => FORMATS.has(d.format));
    expect(devices.length).toBe(2 * 9);
    const samples = new Map(devices.map((d) => [d.format, frameOf(d.format)?.bytes ?? FORMATS.get(d.format)!.encode(barrierSample() as never)]));
    const before = await metrics(url);
    const framesBefore = new Map(twin.runtime.site.devices.all().map((d) => [d.device, d.frames]));
    let decoded = 0;
    let refused = 0;
    const perDevice = new Map<string, number>();
    const bytesArb = (format: string) => fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // a real frame of the format, bitten: a byte changed, some cut or inserted
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })).map(([at, v, how]) => {
        const b = samples.get(format)!;
        const i = at % Math.max(1, b.length);
        if (how === 0) return Uint8Array.from([...b.subarray(0, i), v, ...b.subarray(i + 1)]);
        if (how === 1) return b.slice(0, i);
        if (how === 2) return Uint8Array.from([...b.subarray(0, i), v, ...b.subarray(i)]);
        return b.slice(); // the real one: decodes
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...devices).chain((d) => fc.tuple(fc.constant(d), bytesArb(d.format))), async ([d, bytes]) => {
        const expected = decodeError(d.format, bytes);
        const r = await postIngest(url, TOKEN, { lane: d.lane, device: d.device, format: d.format, bytes } satisfies FrameLike);
        if (expected === null) {
          expect(r.status, r.body).toBe(200);
          decoded++;
          perDevice.set(d.device, (perDevice.get(d.device) ?? 0) + 1);
        } else {
          expect(r.status, r.body).toBe(400);
          expect(r.json()).toEqual({ status: 'rejected', reason: 'undecodable', message: expected });
          refused++;
        }
      }),
      { numRuns: 300 },
    );
    expect(decoded).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(100);
    const after = await metrics(url);
    const delta = (reason: string) => metricValue(after, 'ctwin_twin_inputs_rejected_total', { reason }) - metricValue(before, 'ctwin_twin_inputs_rejected_total', { reason });
    expect(delta('undecodable')).toBe(refused);
    for (const reason of ['unknown-device', 'wrong-format', 'wrong-lane', 'bad-seq', 'too-large', 'unavailable']) expect(delta(reason), reason).toBe(0);
    // every decoded frame applied once to its device (barriers also hear from their emulated selves)
    for (const d of devices.filter((x) => x.format !== 'barrier-status')) {
      expect(twin.runtime.site.devices.get(d.device)!.frames - (framesBefore.get(d.device) ?? 0), d.device).toBe(perDevice.get(d.device) ?? 0);
    }
    expect((await call(url, 'GET', '/healthz')).json()).toEqual({ ok: true });
    await goodFrame();
    expect(twin.runtime.site.devices.get('L1-scale')!.frames).toBe(goodAccepted + (perDevice.get('L1-scale') ?? 0));
  });

  async function hello(port: number): Promise<RawLink> {
    const l = await rawLink(port);
    links.push(l);
    l.write(helloMessage(TOKEN));
    return l;
  }
});

/** A barrier status for the property's samples (the emulated gate has no barriers). */
function barrierSample(): BarrierStatus {
  return { lane: 'L1', at: 12.5, state: 'open', position: 1, loop: false, display: 'GO', lastSeq: 3, reply: { ack: true, seq: 3 } };
}

/** POST with node:http, so the request can declare a length or be chunked; resolves with the answer even if the twin stops reading. */
function rawPost(url: string, headers: Record<string, string>, body: Uint8Array): Promise<{ status: number; body: string }> {
  const u = new URL(`${url}/ingest`);
  return new Promise((ok, bad) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers }, (res) => {
      let s = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (s += c));
      res.on('end', () => ok({ status: res.statusCode!, body: s }));
      res.on('error', bad);
    });
    req.on('error', () => {}); // the twin may close while the body is still going
    const chunk = 64 * 1024;
    let off = 0;
    const pump = () => {
      while (off < body.length) {
        const more = req.write(body.subarray(off, (off += chunk)));
        if (!more) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
