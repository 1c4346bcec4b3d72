/**
 * The twin's API against a fed twin: part of the recorded port site posted over HTTP with the
 * token (the twin's clock injected, following the recording), then the site, the devices (reported
 * readings; stale once the clock passes the stale-after), consignments with their timelines and
 * the simulation's verdicts, lanes with their machines, queues, KPIs (against an in-process twin fed
 * the same), the OpenAPI description, /metrics, the event stream, an operator's command to a barrier
 * acknowledged by the emulated barrier, and a frame over MQTT acknowledged once applied.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwin, type TwinServer } from '../../twin/server.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import { gatherInfoCodec, gatherReplyCodec } from '../../hardware-emu/gate-frontend/gather-info.js';
import type { RecordedItem } from '../../twin/site-recording.js';
import type { DeviceView } from '../../twin/device-twins.js';
import { EPOCH_MS, SITE_CFG, feed, openTwin, recording } from './twin-fixture.js';
import { call, metrics, metricValue, postIngest, sleep, takeSseMessages, until } from './live-helpers.js';

const TOKEN = 'api-test-token-0123456789abcdef';
const STALE_AFTER_S = 30;
const isBarrier = (device: string) => device.endsWith('-barrier');
const get = async <T>(url: string, path: string): Promise<T> => {
  const r = await call(url, 'GET', path);
  expect(r.status, `${path}: ${r.body}`).toBe(200);
  return r.json() as T;
};

describe('the twin’s API, fed part of a recorded site over HTTP', () => {
  const rec = recording();
  // about the first 60 % of the items, ending just before a front-end's GATHER_INFO (posted later, on the event stream)
  let split = Math.floor(rec.items.length * 0.6);
  while (rec.items[split].format !== 'gather-info') split++;
  const fed = rec.items.slice(0, split);
  const gatherNext = rec.items[split];
  const count = (items: readonly RecordedItem[], p: (i: RecordedItem) => boolean) => items.filter(p).length;

  const dir = mkdtempSync(join(tmpdir(), 'twin-api-'));
  const clock = { ms: EPOCH_MS };
  let twin: TwinServer;
  let url: string;
  const replica = openTwin(join(dir, 'replica.sqlite'));
  let xmlReplies = 0;

  beforeAll(async () => {
    twin = await startTwin({
      site: siteConfigOfPort(SITE_CFG, STALE_AFTER_S), port: SITE_CFG, describe: { scenario: 'port fixture', policy: 'fixture', summary: 'two smart lanes' },
      db: join(dir, 'twin.sqlite'), token: TOKEN, httpPort: 0, tcpPort: null, mqttPort: 0, barriers: 'emulated', tickMs: 50, clock: () => clock.ms,
    });
    url = twin.url;
    for (const it of fed) {
      clock.ms = EPOCH_MS + it.at * 1000;
      const r = await postIngest(url, TOKEN, it);
      expect(r.status, r.body).toBe(200);
      if (it.format === 'gather-info') {
        expect(r.type).toMatch(/^application\/xml/);
        expect(gatherReplyCodec.decode(new TextEncoder().encode(r.body)).seqNo).toBe(gatherInfoCodec.decode(it.bytes).seqNo);
        xmlReplies++;
      } else expect(r.json()).toMatchObject({ status: 'accepted' });
    }
    // the same items in-process, for the expected state
    const res = await feed(replica, fed);
    expect(res.every((r) => r.status === 'accepted')).toBe(true);
    await settle();
  }, 90_000);

  afterAll(async () => {
    await twin?.close();
    await replica.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The emulated barriers answer a command at once and report again once the boom has moved (3 s
   * of wall-clock time later): wait until that is over and nothing has come in for a while.
   */
  const settle = async () => {
    await sleep(3200);
    for (let n = twin.runtime.counters.accepted; ; ) {
      await sleep(400);
      if (twin.runtime.counters.accepted === n) return;
      n = twin.runtime.counters.accepted;
    }
  };

  const barrierFrames = async () => (await get<DeviceView[]>(url, '/api/devices')).filter((d) => isBarrier(d.device)).reduce((s, d) => s + d.frames, 0);

  it('fed enough to be worth checking', () => {
    expect(fed.length).toBeGreaterThan(500);
    expect(xmlReplies).toBeGreaterThan(30);
    expect(count(fed, (i) => i.format === 'customs-release')).toBeGreaterThan(50);
  });

  it('/api/site: the site, its log, devices, inputs, queues and KPIs', async () => {
    const s = await get<Record<string, any>>(url, '/api/site');
    const barriers = await barrierFrames();
    expect(barriers).toBeGreaterThan(2 * xmlReplies - 1);
    const inputs = fed.length + barriers;
    expect(s).toMatchObject({
      scenario: 'port fixture', policy: 'fixture', summary: 'two smart lanes', lanes: ['L1', 'L2'],
      origin: new Date(EPOCH_MS + fed[0].at * 1000).toISOString(),
      log: { file: join(dir, 'twin.sqlite'), inputs, replayed_at_start: 0 },
      inputs: { accepted: inputs, duplicates: 0 },
    });
    expect(Object.values(s.inputs.rejected as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(s.now_s).toBeCloseTo(fed[fed.length - 1].at - fed[0].at, 6);
    const heard = new Set(fed.map((i) => i.device));
    expect(s.devices.total).toBe(1 + 2 * 9);
    expect(s.devices.never_heard).toBe(19 - heard.size - 2);
    expect(s.kpis).toMatchObject({ inputs, releases: count(fed, (i) => i.format === 'customs-release'), gate_passes: xmlReplies, unmatched: 0 });
    expect(s.queues).toEqual(replica.runtime.site.queues());
    expect(twin.runtime.counters.accepted).toBe(inputs);
  });

  it('/api/devices: what each device reported, and when; stale as judged now', async () => {
    const devices = await get<DeviceView[]>(url, '/api/devices');
    const t0 = fed[0].at;
    const now = fed[fed.length - 1].at - t0;
    for (const d of devices.filter((x) => !isBarrier(x.device))) {
      const mine = fed.filter((i) => i.device === d.device);
      expect(d.frames, d.device).toBe(mine.length);
      expect(d.duplicates).toBe(0);
      if (mine.length === 0) {
        expect(d).toMatchObject({ reported: null, stale: false, silent_s: null });
        continue;
      }
      const last = mine[mine.length - 1];
      expect(d.reported!.at).toBeCloseTo(last.at - t0, 6);
      expect(d.stale, d.device).toBe(now - (last.at - t0) > STALE_AFTER_S);
      // the reading is the decoded frame's fields, as the replica decoded them
      expect(d.reported!.reading).toEqual(replica.runtime.site.device(d.device)!.reported!.reading);
    }
    const scale = devices.find((d) => d.device === 'L1-scale')!;
    expect(Object.keys(scale.reported!.reading)).toEqual(expect.arrayContaining(['weight', 'tare', 'motion']));
    const frontend = devices.find((d) => d.device === 'L1-frontend')!;
    expect(frontend.reported!.reading.seqNo).toMatch(/^\d{20}$/);
    // the filters
    const staleOnes = devices.filter((d) => d.stale).map((d) => d.device);
    expect((await get<DeviceView[]>(url, '/api/devices?stale=true')).map((d) => d.device)).toEqual(staleOnes);
    expect((await get<DeviceView[]>(url, '/api/devices?lane=L2')).map((d) => d.device)).toEqual(devices.filter((d) => d.lane === 'L2').map((d) => d.device));
    expect((await get<Record<string, any>>(url, '/api/site')).devices.stale).toEqual(staleOnes);
  });

  it('/api/consignments/:ref: the timeline from release to gate, and the simulation’s verdict', async () => {
    const list = await get<{ total: number; items: { ref: number; status: string; verdict: unknown }[] }>(url, '/api/consignments?limit=1000');
    expect(list.total).toBe(count(fed, (i) => i.format === 'customs-release'));
    const judged = list.items.filter((c) => c.verdict !== null);
    expect(judged.length).toBe(xmlReplies);
    const outcomes = new Map(rec.outcomes.map((o) => [o.ref, o]));
    for (const c of judged) {
      const o = outcomes.get(c.ref)!;
      const one = await get<Record<string, any>>(url, `/api/consignments/${c.ref}`);
      expect({ lane: one.lane, release: one.verdict.release, hold: one.verdict.hold, seq_no: one.verdict.seq_no }, `ref ${c.ref}`).toEqual({ lane: o.lane, release: o.release, hold: o.hold, seq_no: o.seq_no });
      expect(one.status).toBe(o.release ? 'passed' : one.verdict.divert ? 'to_inspection' : 'held');
      const what = (one.timeline as { what: string }[]).map((e) => e.what);
      expect(what[0], `ref ${c.ref}`).toBe('release.received');
      expect(what).toContain('gate.gathered');
      const g = (one.timeline as { what: string; t: number; detail: Record<string, unknown> }[]).find((e) => e.what === 'gate.gathered')!;
      expect(g.detail).toMatchObject({ lane: o.lane, release: o.release, seq_no: o.seq_no });
      expect(g.t).toBeCloseTo(one.gate_t, 9);
      expect(one.gate_t - one.released_t).toBeGreaterThanOrEqual(0);
      // the lane's machine is shown while the truck is the one on the deck
      expect(one.lane_machine === null).toBe(twin.runtime.site.lanes.get(o.lane)!.ref !== c.ref);
    }
    // some released, some held: the check is not vacuous
    expect(judged.filter((c) => c.status === 'passed').length).toBeGreaterThan(10);
    expect(judged.filter((c) => c.status !== 'passed').length).toBeGreaterThan(0);
    const waiting = list.items.filter((c) => c.status === 'released');
    expect(waiting.length).toBe(list.total - xmlReplies);
    if (waiting.length > 0) {
      const w = await get<Record<string, any>>(url, `/api/consignments/${waiting[0].ref}`);
      expect(w).toMatchObject({ status: 'released', lane: null, gate_t: null, verdict: null, lane_machine: null });
      expect(w.timeline.map((e: { what: string }) => e.what)).toEqual(['release.received']);
    }
  });

  it('/api/lanes, /api/queues, /api/kpis: as the in-process twin fed the same', async () => {
    const lanes = await get<Record<string, any>[]>(url, '/api/lanes');
    expect(lanes.map((l) => l.lane)).toEqual(['L1', 'L2']);
    for (const l of lanes) {
      expect(['idle', 'reading', 'manualHandling']).toContain(l.machine.state);
      expect(l.machine.state).toBe(replica.runtime.site.laneMachine(l.lane)!.state);
      expect(l.gathered).toBe(count(fed, (i) => i.device === `${l.lane}-frontend`));
      const { ref: _r, ...counts } = replica.runtime.site.lanes.get(l.lane)!;
      expect(l).toMatchObject({ ...counts, ref: replica.runtime.site.lanes.get(l.lane)!.ref });
      expect(l.barrier).toMatchObject({ device: `${l.lane}-barrier`, format: 'barrier-status' });
      expect(l.barrier.desired).not.toBeNull();
      // every command the lane gave its barrier reached it and was acknowledged, the boom coming
      // down behind each truck too (a pass ending just before the next frame once lost its command)
      expect(l.barrier.barrier.lastSeq, l.lane).toBe(l.barrier.desired.seq);
      expect(l.barrier.in_sync, l.lane).toBe(true);
    }
    expect(await get(url, '/api/queues')).toEqual(replica.runtime.site.queues());
    const k = await get<Record<string, unknown>>(url, '/api/kpis');
    const { inputs: _i, frames: _f, ...expected } = replica.runtime.site.kpiView();
    expect(k).toMatchObject(expected);
    const barriers = await barrierFrames();
    expect(k).toMatchObject({ inputs: fed.length + barriers, frames: count(fed, (i) => i.format !== 'customs-release') + barriers });
  });

  it('/openapi.json: an OpenAPI 3.1 description of the routes', async () => {
    const doc = await get<Record<string, any>>(url, '/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    const paths = ['/ingest', '/api/site', '/api/devices', '/api/devices/{device}', '/api/devices/{device}/desired', '/api/releases', '/api/consignments', '/api/consignments/{ref}', '/api/lanes', '/api/queues', '/api/kpis', '/api/events', '/api/whatif', '/metrics', '/healthz'];
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(paths));
    for (const p of Object.keys(doc.paths)) {
      for (const [method, op] of Object.entries(doc.paths[p] as Record<string, any>)) {
        expect(['get', 'post', 'put', 'delete']).toContain(method);
        expect(Object.keys(op.responses).length, `${method} ${p}`).toBeGreaterThan(0);
        for (const param of op.parameters ?? []) if (param.in === 'path') expect(p).toContain(`{${param.name}}`);
      }
    }
    expect(doc.paths['/api/releases'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/releases'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['ref', 'plate', 'declared_gross_kg']));
  });

  it('/metrics: Prometheus text with the inputs accepted, and duplicates once one comes', async () => {
    const r = await fetch(`${url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await r.text();
    const accepted = fed.length + (await barrierFrames());
    expect(text).toContain('# TYPE ctwin_twin_inputs_accepted_total counter');
    expect(text).toMatch(new RegExp(`^ctwin_twin_inputs_accepted_total ${accepted}$`, 'm'));
    expect(metricValue(text, 'ctwin_twin_inputs_duplicate_total')).toBe(0);
    expect(metricValue(text, 'ctwin_twin_consignments', { status: 'released' })).toBe(count(fed, (i) => i.format === 'customs-release') - xmlReplies);
    expect(metricValue(text, 'ctwin_twin_gate_verdicts', { verdict: 'released' })).toBe(replica.runtime.site.kpiView().released_at_gate);
    expect(metricValue(text, 'ctwin_twin_devices', { stale: 'true' }) + metricValue(text, 'ctwin_twin_devices', { stale: 'false' })).toBe(19);
    // one frame again, same seq: a duplicate, counted, not applied
    const again = fed[fed.length - 1];
    const d = await postIngest(url, TOKEN, again);
    expect(d.json()).toEqual({ status: 'duplicate' });
    const after = await metrics(url);
    expect(metricValue(after, 'ctwin_twin_inputs_duplicate_total')).toBe(1);
    expect(metricValue(after, 'ctwin_twin_inputs_accepted_total')).toBe(accepted);
    expect((await get<DeviceView>(url, `/api/devices/${again.device}`)).duplicates).toBe(1);
  });

  it('/api/events: hello, then twin events as inputs are applied (gate.gathered for a GATHER_INFO)', async () => {
    const ac = new AbortController();
    const res = await fetch(`${url}/api/events`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    const events: { event: string; id?: string; data: any }[] = [];
    const read = async (until: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!until()) {
        if (Date.now() > deadline) throw new Error(`event stream: not there in time; got ${JSON.stringify(events.map((e) => e.event))}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buf += dec.decode(value, { stream: true });
        buf = takeSseMessages(buf, events);
      }
    };
    try {
      await read(() => events.length >= 1);
      expect(events[0].event).toBe('hello');
      // last_id counts inputs; last_event and the messages' ids count events (see the history)
      expect(events[0].data).toMatchObject({ last_id: twin.runtime.site.lastId, last_event: expect.any(Number), oldest_event: 1, queues: twin.runtime.site.queues() });
      const hello = events[0].data as { last_event: number };
      expect(hello.last_event).toBeGreaterThan(0);
      expect(hello.last_event).toBeLessThanOrEqual(twin.runtime.lastEvent);
      const info = gatherInfoCodec.decode(gatherNext.bytes);
      const outcome = rec.outcomes.find((o) => o.seq_no === info.seqNo && o.lane === gatherNext.lane)!;
      expect(outcome).toBeDefined();
      clock.ms = EPOCH_MS + gatherNext.at * 1000;
      const r = await postIngest(url, TOKEN, gatherNext);
      expect(r.status).toBe(200);
      const gathered = () => events.flatMap((e) => (e.event === 'twin' ? (e.data as { type: string }[]) : [])).find((x) => x.type === 'gate.gathered');
      await read(() => gathered() !== undefined);
      expect(gathered()).toMatchObject({ type: 'gate.gathered', lane: gatherNext.lane, ref: outcome.ref, seq_no: info.seqNo, release: outcome.release, hold: outcome.hold });
      const twinEvent = events.find((e) => e.event === 'twin' && (e.data as { type: string }[]).some((x) => x.type === 'gate.gathered'))!;
      // each message's id is the ordinal of its last event, on from the hello's last_event: none missed
      let at = hello.last_event;
      for (const m of events.filter((e) => e.event === 'twin')) expect(Number(m.id)).toBe((at += (m.data as unknown[]).length));
      const live = events.filter((e) => e.event === 'twin').flatMap((e) => e.data as unknown[]);
      expect(live).toEqual(twin.runtime.history.since(hello.last_event).events.slice(0, live.length));
      // the lane's barrier is told what to do in the same breath
      expect((twinEvent.data as { type: string; lane?: string }[]).some((x) => x.type === 'barrier.command' && x.lane === gatherNext.lane)).toBe(true);
      expect(metricValue(await metrics(url), 'ctwin_twin_event_stream_clients')).toBe(1);
    } finally {
      ac.abort();
      await reader.cancel().catch(() => {});
    }
    await until(async () => (metricValue(await metrics(url), 'ctwin_twin_event_stream_clients') === 0 ? true : undefined));
  });

  it('marks devices stale once the clock passes --stale-after', async () => {
    const last = gatherNext.at;
    const heard = new Set([...fed, gatherNext].filter((i) => !isBarrier(i.device)).map((i) => i.device));
    clock.ms = EPOCH_MS + (last + STALE_AFTER_S + 1) * 1000;
    const devices = await get<DeviceView[]>(url, '/api/devices');
    for (const d of devices.filter((x) => !isBarrier(x.device))) {
      expect(d.stale, d.device).toBe(heard.has(d.device));
      if (heard.has(d.device)) expect(d.silent_s!).toBeGreaterThan(STALE_AFTER_S);
    }
    const site = await get<Record<string, any>>(url, '/api/site');
    expect(site.devices.stale.filter((x: string) => !isBarrier(x))).toEqual([...heard].sort());
    // a frame brings its device back
    const next = rec.items.slice(split + 1).find((i) => i.device === 'L1-scale')!;
    const r = await postIngest(url, TOKEN, next);
    expect(r.json()).toMatchObject({ status: 'accepted' });
    expect((await get<DeviceView>(url, '/api/devices/L1-scale')).stale).toBe(false);
    expect((await get<Record<string, any>>(url, '/api/site')).devices.stale).not.toContain('L1-scale');
  });

  it('PUT /api/devices/:id/desired: logged, sent to the emulated barrier, acknowledged', async () => {
    // let the lanes' passes end and the barriers come down first
    await settle();
    const before = await get<DeviceView>(url, '/api/devices/L2-barrier');
    // the lane's own commands (the boom down behind the last truck) were acknowledged
    expect(before.in_sync).toBe(true);
    expect(before.barrier!.lastSeq).toBe(before.desired!.seq);
    const r = await call(url, 'PUT', '/api/devices/L2-barrier/desired', { token: TOKEN, json: { barrier: 'open', display: 'OPERATOR OPEN' } });
    expect(r.status, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'accepted', id: expect.any(Number) });
    const seq = before.desired!.seq + (before.desired!.barrier === 'open' ? 1 : 2);
    const acked = await until(async () => {
      const d = await get<DeviceView>(url, '/api/devices/L2-barrier');
      return d.barrier?.lastReply === `ack ${seq}` ? d : undefined;
    }, 2500, 20);
    expect(acked.desired).toMatchObject({ barrier: 'open', display: 'OPERATOR OPEN', seq });
    expect(acked.in_sync).toBe(true);
    expect(acked.barrier).toMatchObject({ state: 'opening', display: 'OPERATOR OPEN', lastSeq: seq });
    // the boom up (3 s of the twin's clock later): reported again, still in sync
    clock.ms += 5000;
    const up = await until(async () => {
      const d = await get<DeviceView>(url, '/api/devices/L2-barrier');
      return d.barrier?.state === 'open' ? d : undefined;
    }, 5000);
    expect(up.in_sync).toBe(true);
    expect(up.frames).toBe(acked.frames + 1);
    // the operator's wish is in the log like any input
    const last = [...twin.runtime.log.read(Number(r.json() && (r.json() as { id: number }).id) - 1)][0];
    expect(last).toMatchObject({ source: 'api', device: 'L2-barrier', format: 'twin-desired', seq: null });
  });

  it('MQTT: a frame published at QoS 1 is applied when the PUBACK comes; again, it is a duplicate', async () => {
    const client = await mqtt.connectAsync(twin.mqttUrl!, { username: 'gate', password: TOKEN, reconnectPeriod: 0 });
    try {
      const item = rec.items.slice(split + 1).filter((i) => i.device === 'L2-scale')[0];
      const topic = `ctwin/L2/L2-scale/mettler-toledo/${item.seq}`;
      const before = await get<DeviceView>(url, '/api/devices/L2-scale');
      await client.publishAsync(topic, Buffer.from(item.bytes), { qos: 1 });
      const after = await get<DeviceView>(url, '/api/devices/L2-scale');
      expect(after.frames).toBe(before.frames + 1);
      expect(after.duplicates).toBe(before.duplicates);
      await client.publishAsync(topic, Buffer.from(item.bytes), { qos: 1 });
      const again = await get<DeviceView>(url, '/api/devices/L2-scale');
      expect(again.frames).toBe(before.frames + 1);
      expect(again.duplicates).toBe(before.duplicates + 1);
      // a refused frame is acknowledged too, and why is published on the device's `rejected` topic
      await client.subscribeAsync('ctwin/L2/L2-scale/rejected', { qos: 0 });
      const why = new Promise<any>((ok) => client.once('message', (_t, p) => ok(JSON.parse(p.toString()))));
      await client.publishAsync(`ctwin/L2/L2-scale/mettler-toledo/${item.seq + 100_000}`, Buffer.from('not a weighbridge frame'), { qos: 1 });
      expect(await why).toMatchObject({ status: 'rejected', reason: 'undecodable', message: expect.stringMatching(/^mettler-toledo: /) });
      expect((await get<DeviceView>(url, '/api/devices/L2-scale')).frames).toBe(before.frames + 1);
      expect(twin.runtime.counters.bySource.mqtt).toBe(1);
    } finally {
      await client.endAsync();
    }
  });

  it('POST /api/whatif: a forecast from the current state, the live state untouched; too big a request refused', async () => {
    const before = twin.runtime.site.digest();
    const req = { horizon_h: 2, replications: 8, seed: 3, overrides: { smart_lanes: 1, arrivals_per_hour: 60 } };
    const a = await call(url, 'POST', '/api/whatif', { token: TOKEN, json: req });
    expect(a.status).toBe(200);
    const r = a.json() as { replications: number; inputs: Record<string, { value: unknown; source: string }>; kpis: Record<string, { mean: number; ci95: [number, number]; n: number }> };
    expect(r.replications).toBe(8);
    expect(r.inputs.smart_lanes).toEqual({ value: 1, source: 'override' });
    expect(r.inputs.smart_gate_s.source).toBe('scenario');
    // about 60 an hour for 2 h (Poisson), through one lane
    expect(r.kpis.gate_arrivals.mean).toBeGreaterThan(80);
    expect(r.kpis.gate_arrivals.mean).toBeLessThan(170);
    expect(r.kpis.wait_mean_s.n).toBe(8);
    expect(r.kpis.wait_mean_s.ci95[0]).toBeLessThanOrEqual(r.kpis.wait_mean_s.mean);
    // the same request again: the same forecast (seeded), and nothing of the live state moved
    expect((await call(url, 'POST', '/api/whatif', { token: TOKEN, json: req })).json()).toEqual(r);
    expect(twin.runtime.site.digest()).toBe(before);
    const big = await call(url, 'POST', '/api/whatif', { token: TOKEN, json: { horizon_h: 168, replications: 200, overrides: { arrivals_per_hour: 100_000 } } });
    expect(big.status).toBe(400);
    expect(big.body).toMatch(/trucks to simulate; at most 400000/);
  });
});
