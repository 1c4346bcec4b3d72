/**
 * The twin's event history: every event numbered from the log's first input (the replay at start
 * included, so the numbers and events are the same after a restart), the newest kept, and the
 * event stream resuming from an ordinal (`?since=N`, Last-Event-ID) with nothing lost or doubled
 * between the history and the live events; a `gap` when the events asked for were dropped; a
 * history too big for one go sent in pages the client resumes through.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Response as ExpressResponse } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { EventHistory } from '../../twin/event-history.js';
import { EVENT_HISTORY_MAX } from '../../twin/limits.js';
import { FrameLog } from '../../twin/frame-log.js';
import { TwinRuntime } from '../../twin/runtime.js';
import { TwinSite, type TwinEvent } from '../../twin/site-state.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import { createTwinApp } from '../../twin/api.js';
import { twinMetrics } from '../../twin/metrics.js';
import type { RecordedItem } from '../../twin/site-recording.js';
import { EPOCH_MS, SITE_CFG, recording } from './twin-fixture.js';
import { call, takeSseMessages } from './live-helpers.js';

const ev = (i: number): TwinEvent => ({ t: i, type: 'test', i });

describe('EventHistory', () => {
  it('numbers events 1, 2, 3, … and returns those after n', () => {
    const h = new EventHistory(10);
    expect([h.last, h.oldest, h.size]).toEqual([0, 0, 0]);
    expect(h.since(0)).toEqual({ events: [], first: 1, gap: false, oldest: 0 });
    expect(h.push([])).toBe(0);
    expect(h.push([ev(1), ev(2), ev(3)])).toBe(3);
    expect(h.push([ev(4)])).toBe(4);
    expect([h.last, h.oldest, h.size]).toEqual([4, 1, 4]);
    expect(h.since(0)).toEqual({ events: [ev(1), ev(2), ev(3), ev(4)], first: 1, gap: false, oldest: 1 });
    expect(h.since(2)).toEqual({ events: [ev(3), ev(4)], first: 3, gap: false, oldest: 1 });
    expect(h.since(4).events).toEqual([]);
    // a client ahead (the twin restarted before its last ticks came again): nothing, no gap
    expect(h.since(9)).toMatchObject({ events: [], gap: false });
  });

  it('keeps the newest max; asking for dropped ones is a gap, with the oldest kept', () => {
    const h = new EventHistory(5);
    for (let i = 1; i <= 12; i++) h.push([ev(i)]);
    expect([h.last, h.oldest, h.size]).toEqual([12, 8, 5]);
    expect(h.since(0)).toEqual({ events: [8, 9, 10, 11, 12].map(ev), first: 8, gap: true, oldest: 8 });
    expect(h.since(6)).toMatchObject({ events: [8, 9, 10, 11, 12].map(ev), gap: true });
    expect(h.since(7)).toMatchObject({ events: [8, 9, 10, 11, 12].map(ev), gap: false });
    expect(h.since(10)).toMatchObject({ events: [ev(11), ev(12)], first: 11, gap: false });
    expect(() => new EventHistory(0)).toThrow(RangeError);
    expect(new EventHistory().max).toBe(EVENT_HISTORY_MAX);
  });

  it('property: since(n) is exactly the events with ordinal in (max(n, oldest − 1), last], in order', () => {
    fc.assert(fc.property(
      fc.array(fc.nat({ max: 40 }), { maxLength: 40 }), fc.integer({ min: 1, max: 60 }), fc.nat({ max: 900 }),
      (batches, max, n) => {
        const h = new EventHistory(max);
        const all: TwinEvent[] = [];
        for (const size of batches) {
          const batch = Array.from({ length: size }, (_, k) => ev(all.length + k + 1));
          all.push(...batch);
          expect(h.push(batch)).toBe(all.length);
        }
        const last = all.length;
        const oldest = last === 0 ? 0 : Math.max(1, last - max + 1);
        expect([h.last, h.oldest]).toEqual([last, oldest]);
        const from = Math.max(n, oldest - 1);
        const r = h.since(n);
        // event i carries ordinal i (all[i - 1])
        expect(r.events).toEqual(all.slice(from, last));
        expect(r.events.map((e) => e.i)).toEqual(Array.from({ length: Math.max(0, last - from) }, (_, k) => from + k + 1));
        expect(r.gap).toBe(oldest > 0 && n < oldest - 1);
        expect(r.oldest).toBe(oldest);
      },
    ), { numRuns: 500 });
  });
});

interface Msg { event: string; id?: string; data: any }

/** An SSE stream read message by message. */
async function openStream(url: string, path: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = await fetch(`${url}${path}`, { signal: ac.signal, headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const messages: Msg[] = [];
  let ended = false;
  return {
    messages,
    ended: () => ended,
    /** reads until `cond` holds (or the stream ends, if `orEnd`) */
    async read(cond: () => boolean, o: { orEnd?: boolean; ms?: number } = {}): Promise<void> {
      const deadline = Date.now() + (o.ms ?? 15_000);
      while (!cond()) {
        if (ended) {
          if (o.orEnd) return;
          throw new Error(`event stream ended; got ${messages.map((m) => m.event).join(',')}`);
        }
        if (Date.now() > deadline) throw new Error(`event stream: not there in time; got ${messages.length} messages`);
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          continue;
        }
        buf += dec.decode(value, { stream: true });
        buf = takeSseMessages(buf, messages);
      }
    },
    twinEvents: () => messages.flatMap((m) => (m.event === 'twin' ? (m.data as TwinEvent[]) : [])),
    async close() {
      ac.abort();
      await reader.cancel().catch(() => {});
    },
  };
}

/** `twin` messages' ids: each the ordinal of its last event, counting on from `since`; none empty. */
function expectOrdinalIds(messages: Msg[], since: number): void {
  let at = since;
  for (const m of messages.filter((x) => x.event === 'twin')) {
    expect((m.data as unknown[]).length).toBeGreaterThan(0);
    at += (m.data as unknown[]).length;
    expect(Number(m.id)).toBe(at);
  }
}

const cfg = siteConfigOfPort(SITE_CFG);
const dir = mkdtempSync(join(tmpdir(), 'twin-history-'));
const open: { rt: TwinRuntime; server?: Server }[] = [];

/** A twin on `file` with the API on an HTTP port (no devices' listeners: inputs are submitted here). */
async function serve(file: string, clock: { ms: number }, eventHistoryMax?: number) {
  const rt = new TwinRuntime(new FrameLog(file), new TwinSite(cfg), { clock: () => clock.ms, ...(eventHistoryMax !== undefined ? { eventHistoryMax } : {}) });
  const sse = new Set<ExpressResponse>();
  const zero = () => 0;
  const app = createTwinApp({
    runtime: rt, token: 'history-test-token-0123456789abcdef', sse, refusals: { unauthorized: 0 }, links: { http_ingest: null, tcp: null, mqtt: null },
    metrics: twinMetrics(rt, { unauthorized: 0, malformed: 0 }, () => sse.size, { tcpBadToken: zero, tcpProtocol: zero, mqttBadPassword: zero, mqttBadTopic: zero, apiUnauthorized: zero }),
    site: { scenario: 'port fixture', summary: 'two smart lanes' },
  });
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const entry = { rt, server };
  open.push(entry);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    await rt.close();
    open.splice(open.indexOf(entry), 1);
  };
  return { rt, url, stop };
}

/** Submits items at their recorded times, with a tick of the clock every few (as the server's timer would). */
async function feedWithTicks(rt: TwinRuntime, clock: { ms: number }, items: readonly RecordedItem[]): Promise<void> {
  for (const [i, it] of items.entries()) {
    clock.ms = EPOCH_MS + it.at * 1000;
    const r = await rt.submit({ source: 'http', lane: it.lane, device: it.device, format: it.format, seq: it.seq, bytes: it.bytes });
    expect(r.status).toBe('accepted');
    if (i % 5 === 4) {
      clock.ms += 2_000;
      rt.tick();
    }
  }
}

afterAll(async () => {
  for (const o of [...open]) (o.server?.closeAllConnections(), o.server?.close(), await o.rt.close());
  rmSync(dir, { recursive: true, force: true });
});

describe('the event stream resumes from an event ordinal', () => {
  const rec = recording();

  it('?since=0 gets everything so far, then live with none lost or doubled; Last-Event-ID resumes after it; bad ordinals are refused', async () => {
    const clock = { ms: EPOCH_MS };
    const { rt, url, stop } = await serve(join(dir, 'resume.sqlite'), clock);
    const produced: TwinEvent[] = [];
    rt.subscribe((events, last) => {
      produced.push(...events);
      expect(last).toBe(produced.length);
    });
    await feedWithTicks(rt, clock, rec.items.slice(0, 400));
    expect(produced.length).toBeGreaterThan(HISTORY_EVENTS_AT_LEAST);
    expect(rt.lastEvent).toBe(produced.length);
    expect(rt.history.since(0).events).toEqual(produced);

    const s = await openStream(url, '/api/events?since=0');
    try {
      await s.read(() => s.twinEvents().length >= produced.length);
      expect(s.messages[0]).toMatchObject({ event: 'hello', data: { last_id: rt.site.lastId, last_event: produced.length, oldest_event: 1 } });
      expect(s.messages.some((m) => m.event === 'gap')).toBe(false);
      // sent in messages of at most 1,000 events
      expect(s.messages.filter((m) => m.event === 'twin').every((m) => m.data.length <= 1000)).toBe(true);
      expect(s.twinEvents()).toEqual(produced);
      // live: inputs until some give events; each arrives once, after the history
      const before = produced.length;
      let next = 400;
      while (produced.length === before) await feedWithTicks(rt, clock, rec.items.slice(next, ++next));
      clock.ms += 30_000;
      rt.tick();
      await s.read(() => s.twinEvents().length >= produced.length);
      expect(s.twinEvents()).toEqual(produced);
      // and again: anything sent twice before would show here
      const at = produced.length;
      await feedWithTicks(rt, clock, rec.items.slice(next, next + 10));
      expect(produced.length).toBeGreaterThan(at);
      await s.read(() => s.twinEvents().length >= produced.length);
      expect(s.twinEvents()).toEqual(produced);
      expectOrdinalIds(s.messages, 0);
    } finally {
      await s.close();
    }

    // a reconnect with the last id it had: from the next on, then live
    const k = Math.floor(produced.length / 2);
    const r = await openStream(url, '/api/events', { 'last-event-id': String(k) });
    try {
      await r.read(() => r.twinEvents().length >= produced.length - k);
      expect(r.twinEvents()).toEqual(produced.slice(k));
      expectOrdinalIds(r.messages, k);
      const at = produced.length;
      await feedWithTicks(rt, clock, rec.items.slice(500, 520));
      expect(produced.length).toBeGreaterThan(at);
      await r.read(() => r.twinEvents().length >= produced.length - k);
      expect(r.twinEvents()).toEqual(produced.slice(k));
      expectOrdinalIds(r.messages, k);
    } finally {
      await r.close();
    }

    // the query wins over the header; without either, live only (ids are ordinals all the same)
    const q = await openStream(url, `/api/events?since=${produced.length - 3}`, { 'last-event-id': '0' });
    const live = await openStream(url, '/api/events');
    try {
      await q.read(() => q.twinEvents().length >= 3);
      expect(q.twinEvents()).toEqual(produced.slice(-3));
      const at = produced.length;
      await live.read(() => live.messages.length >= 1);
      expect(live.messages[0].data).toMatchObject({ last_event: at });
      await feedWithTicks(rt, clock, rec.items.slice(520, 540));
      await live.read(() => live.twinEvents().length >= produced.length - at);
      expect(live.twinEvents()).toEqual(produced.slice(at));
      expectOrdinalIds(live.messages, at);
    } finally {
      await q.close();
      await live.close();
    }

    for (const bad of ['abc', '-1', '1.5', '1e3', '']) {
      const a = await call(url, 'GET', `/api/events?since=${bad}`);
      expect(a.status, bad).toBe(400);
      expect(a.json()).toEqual({ error: expect.stringMatching(/^query\.since: /) });
    }
    expect((await call(url, 'GET', '/api/events?since=1&since=2')).status).toBe(400);
    expect((await call(url, 'GET', '/api/events?from=1')).status).toBe(400);
    const badHeader = await fetch(`${url}/api/events`, { headers: { 'last-event-id': 'x7' } });
    expect(badHeader.status).toBe(400);
    expect(await badHeader.json()).toEqual({ error: expect.stringMatching(/^header last-event-id: /) });
    await stop();
  });

  it('after a restart on the same log, the history (ordinals and events) is the one before', async () => {
    const clock = { ms: EPOCH_MS };
    const file = join(dir, 'restart.sqlite');
    const a = await serve(file, clock);
    // ends with an input: what the ticks did before it is in its replay too
    await feedWithTicks(a.rt, clock, rec.items.slice(0, 303));
    const before = a.rt.history.since(0);
    expect(a.rt.lastEvent).toBeGreaterThan(HISTORY_EVENTS_AT_LEAST);
    await a.stop();
    const b = await serve(file, clock);
    expect(b.rt.counters.replayed).toBe(303);
    expect(b.rt.lastEvent).toBe(before.events.length);
    expect(JSON.stringify(b.rt.history.since(0))).toBe(JSON.stringify(before));
    await b.stop();
  });

  it('a client ahead of a restarted twin (ticks past the last input, not yet done again) gets only what is new to it', async () => {
    const clock = { ms: EPOCH_MS };
    const file = join(dir, 'ahead.sqlite');
    const a = await serve(file, clock);
    // up to a truck on the deck: its pass ends on a tick after the last input
    let end = 250;
    while (rec.items[end - 1].format !== 'gather-info') end++;
    await feedWithTicks(a.rt, clock, rec.items.slice(0, end));
    const atInput = a.rt.lastEvent;
    clock.ms += 60_000;
    a.rt.tick();
    const seen = a.rt.lastEvent;
    expect(seen).toBeGreaterThan(atInput);
    const all = a.rt.history.since(0).events;
    await a.stop();
    const b = await serve(file, clock);
    expect(b.rt.lastEvent).toBe(atInput);
    const s = await openStream(b.url, '/api/events', { 'last-event-id': String(seen) });
    try {
      await s.read(() => s.messages.length >= 1);
      expect(s.messages[0].data).toMatchObject({ last_event: atInput });
      // in steps: some batches are all old to the client, one straddles what it has
      for (let i = 0; i < 12; i++) {
        clock.ms += 10_000;
        b.rt.tick();
      }
      // the same events again, the same ordinals; and what a later tick adds
      expect(JSON.stringify(b.rt.history.since(0).events.slice(0, seen))).toBe(JSON.stringify(all));
      const more = b.rt.history.since(seen).events;
      await feedWithTicks(b.rt, clock, rec.items.slice(end, end + 20));
      const expected = b.rt.history.since(seen).events;
      expect(expected.length).toBeGreaterThan(more.length);
      await s.read(() => s.twinEvents().length >= expected.length);
      expect(s.twinEvents()).toEqual(expected);
      expectOrdinalIds(s.messages, seen);
    } finally {
      await s.close();
    }
    await b.stop();
  });

  it('events asked for and dropped already: a gap first, then what is kept', async () => {
    const clock = { ms: EPOCH_MS };
    const { rt, url, stop } = await serve(join(dir, 'gap.sqlite'), clock, 50);
    await feedWithTicks(rt, clock, rec.items.slice(0, 300));
    const last = rt.lastEvent;
    expect(last).toBeGreaterThan(100);
    const kept = rt.history.since(0).events;
    expect(kept.length).toBe(50);
    const s = await openStream(url, '/api/events?since=0');
    try {
      await s.read(() => s.twinEvents().length >= 50);
      expect(s.messages.map((m) => m.event).slice(0, 3)).toEqual(['hello', 'gap', 'twin']);
      expect(s.messages[0].data).toMatchObject({ last_event: last, oldest_event: last - 49 });
      expect(s.messages[1].data).toEqual({ since: 0, oldest_event: last - 49 });
      expect(s.twinEvents()).toEqual(kept);
      expectOrdinalIds(s.messages, last - 50);
    } finally {
      await s.close();
    }
    // from just before the oldest kept: no gap
    const n = await openStream(url, `/api/events?since=${last - 50}`);
    try {
      await n.read(() => n.twinEvents().length >= 50);
      expect(n.messages.some((m) => m.event === 'gap')).toBe(false);
      expect(n.twinEvents()).toEqual(kept);
    } finally {
      await n.close();
    }
    await stop();
  });

  it('a history burst too big for one go is sent in pages: the stream ends, the client resumes with its last id', async () => {
    const clock = { ms: EPOCH_MS };
    const { rt, url, stop } = await serve(join(dir, 'burst.sqlite'), clock);
    // 60,000 events of ~500 bytes: some 30 MB, more than a client may have queued (8 MB)
    const pad = 'x'.repeat(460);
    const events = Array.from({ length: 60_000 }, (_, i) => ({ t: i, type: 'test.padding', i, pad }));
    for (let i = 0; i < events.length; i += 1000) rt.history.push(events.slice(i, i + 1000));
    const got: TwinEvent[] = [];
    let last = 0;
    let pages = 0;
    while (got.length < events.length && pages < 20) {
      const s = await openStream(url, pages === 0 ? '/api/events?since=0' : '/api/events', pages === 0 ? {} : { 'last-event-id': String(last) });
      try {
        await s.read(() => got.length + s.twinEvents().length >= events.length, { orEnd: true, ms: 60_000 });
        expectOrdinalIds(s.messages, last);
        got.push(...s.twinEvents());
        last = got.length;
        pages++;
      } finally {
        await s.close();
      }
    }
    // more than one page, and every event once, in order
    expect(pages).toBeGreaterThan(1);
    expect(got.length).toBe(events.length);
    expect(got.every((e, i) => e.i === i)).toBe(true);
    await stop();
  }, 120_000);
});

/** the recorded site's first few hundred inputs give well over this many events */
const HISTORY_EVENTS_AT_LEAST = 100;
