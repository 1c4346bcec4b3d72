/**
 * The twin's REST API (express): site, devices, consignments with their timelines, lanes with
 * their machines' states, queues, KPIs, the live event stream (SSE), Prometheus metrics and the
 * OpenAPI description. Reading is open; anything that changes state (releases, operator commands,
 * what-if runs) needs the bearer token. Every request is validated; a bad one gets a 4xx JSON
 * `{ error }` saying what was wrong.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { bearerMatches } from './auth.js';
import { isBarrier } from './device-twins.js';
import { STATUS_OF } from './http-ingest.js';
import type { TwinRuntime } from './runtime.js';
import type { TwinMetrics } from './metrics.js';
import type { TwinEvent } from './site-state.js';
import { desiredBodySchema, desiredCodec, DESIRED_FORMAT } from './operator-command.js';
import { CUSTOMS_DEVICE, RELEASE_FORMAT, releaseBodySchema, releaseNoticeCodec } from './release-notice.js';
import { openApiDocument } from './openapi.js';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}


const listQuery = z.strictObject({
  status: z.enum(['released', 'at_lane', 'passed', 'held', 'to_inspection']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export interface ApiOptions {
  runtime: TwinRuntime;
  token: string;
  metrics: TwinMetrics;
  /** SSE clients, counted for /metrics */
  sse: Set<Response>;
  /** runs a what-if request (validated inside); absent: 501 */
  whatIf?: (body: unknown) => unknown;
  /** one line describing the site (scenario, policy, lanes) */
  site: { scenario: string; policy?: string; summary: string };
  /** requests refused for want of the token (counted for /metrics) */
  refusals: { unauthorized: number };
  /** where devices send frames (filled in once the listeners are up) */
  links: { http_ingest: string | null; tcp: string | null; mqtt: string | null };
}

const issues = (e: z.ZodError, where: string) => e.issues.map((i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('; ');

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, issues(r.error, where));
  return r.data;
}

/** An event's ordinal: `?since=` and Last-Event-ID (digits only: no '1e3', '0x10', ' 5'). */
const ordinal = z.string().regex(/^\d{1,15}$/, 'expected a non-negative integer (an event ordinal)').transform(Number);
const eventsQuery = z.strictObject({ since: ordinal.optional() });

/** A `twin` message; its id is the ordinal of its last event, so a client resumes after it. */
const twinMessage = (events: TwinEvent[], lastOrdinal: number) => `id: ${lastOrdinal}\nevent: twin\ndata: ${JSON.stringify(events)}\n\n`;

/** One batch serialised once, however many clients follow the stream. */
const serialised = new WeakMap<TwinEvent[], string>();
function sseMessage(events: TwinEvent[], lastOrdinal: number): string {
  let m = serialised.get(events);
  if (m === undefined) serialised.set(events, (m = twinMessage(events, lastOrdinal)));
  return m;
}

/** SSE writes beyond this many bytes queued for one client: it is too slow, and is cut (it may reconnect). */
const SSE_MAX_BUFFER = 8 << 20;
/** events per `twin` message when the history is sent */
const HISTORY_MESSAGE_EVENTS = 1000;
/** a stream ended after a history burst is destroyed if the client has not taken it by then */
const SSE_DRAIN_MS = 60_000;

export function createTwinApp(o: ApiOptions): express.Express {
  const rt = o.runtime;
  const site = rt.site;
  const app = express();
  app.disable('x-powered-by');
  const needToken = (req: Request, _res: Response, next: NextFunction) => {
    if (!bearerMatches(o.token, req.headers.authorization)) throw (o.refusals.unauthorized++, new HttpError(401, 'this changes state: send Authorization: Bearer <token> (printed when the twin started, or CTWIN_TWIN_TOKEN)'));
    next();
  };
  const body = express.json({ limit: '64kb', strict: true });
  const submitApi = async (res: Response, device: string, lane: string, format: string, bytes: Uint8Array) => {
    const r = await rt.submit({ source: 'api', lane, device, format, seq: null, bytes });
    if (r.status === 'rejected') throw new HttpError(STATUS_OF[r.reason], r.message);
    res.status(r.status === 'accepted' ? 201 : 200).json(r.status === 'accepted' ? { status: r.status, id: r.id, t: r.t } : r);
  };

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
  app.get('/metrics', async (_req, res) => {
    res.set('content-type', o.metrics.contentType).send(await o.metrics.text());
  });

  app.get('/api/site', (_req, res) => {
    const now = rt.now();
    const devices = site.deviceViews(now);
    res.json({
      ...o.site, links: o.links, now_s: now, origin: rt.originMs === null ? null : new Date(rt.originMs).toISOString(),
      lanes: [...site.lanes.keys()], log: { file: rt.log.file, inputs: site.lastId, replayed_at_start: rt.counters.replayed, by_source: rt.counters.inLogBySource },
      devices: { total: devices.length, stale: devices.filter((d) => d.stale).map((d) => d.device), never_heard: devices.filter((d) => d.reported === null).length },
      inputs: { accepted: rt.counters.accepted + rt.counters.replayed, replayed: rt.counters.replayed, by_source: rt.counters.bySource, duplicates: rt.counters.duplicates, rejected: rt.counters.rejected },
      queues: site.queues(), kpis: site.kpiView(),
    });
  });
  app.get('/api/devices', (req, res) => {
    const q = parse(z.strictObject({ stale: z.enum(['true', 'false']).optional(), lane: z.string().max(64).optional() }), req.query, 'query');
    let v = site.deviceViews(rt.now());
    if (q.stale !== undefined) v = v.filter((d) => d.stale === (q.stale === 'true'));
    if (q.lane !== undefined) v = v.filter((d) => d.lane === q.lane);
    res.json(v);
  });
  app.get('/api/devices/:device', (req, res) => {
    const d = site.device(String(req.params.device), rt.now());
    if (d === undefined) throw new HttpError(404, `no device '${req.params.device}' at this site`);
    res.json(d);
  });
  app.put('/api/devices/:device/desired', needToken, body, async (req, res) => {
    const name = String(req.params.device);
    const d = site.devices.get(name);
    if (d === undefined) throw new HttpError(404, `no device '${name}' at this site`);
    if (!isBarrier(d)) throw new HttpError(409, `device '${name}' (${d.format}) takes no commands; only lane barriers do`);
    const want = parse(desiredBodySchema, req.body, 'body');
    await submitApi(res, name, d.lane, DESIRED_FORMAT, desiredCodec.encode({ device: name, ...want }));
  });
  app.post('/api/releases', needToken, body, async (req, res) => {
    const r = parse(releaseBodySchema, req.body, 'body');
    await submitApi(res, CUSTOMS_DEVICE, '', RELEASE_FORMAT, releaseNoticeCodec.encode(r));
  });
  app.get('/api/consignments', (req, res) => {
    const q = parse(listQuery, req.query, 'query');
    const all = [...site.consignments.values()].filter((c) => q.status === undefined || c.status === q.status).sort((a, b) => a.ref - b.ref);
    res.json({ total: all.length, offset: q.offset, items: all.slice(q.offset, q.offset + q.limit).map(({ timeline: _t, ...c }) => c) });
  });
  app.get('/api/consignments/:ref', (req, res) => {
    const ref = parse(z.coerce.number().int().nonnegative(), req.params.ref, 'ref');
    const c = site.consignments.get(ref);
    if (c === undefined) throw new HttpError(404, `no consignment ${ref} (the twin knows a consignment from its release notice on)`);
    res.json({ ...c, lane_machine: c.lane !== null && site.lanes.get(c.lane)?.ref === ref ? site.laneMachine(c.lane) : null });
  });
  app.get('/api/lanes', (_req, res) => {
    res.json([...site.lanes.values()].map((l) => ({ ...l, machine: site.laneMachine(l.lane), barrier: site.device(`${l.lane}-barrier`, rt.now()) ?? null })));
  });
  app.get('/api/queues', (_req, res) => void res.json(site.queues()));
  app.get('/api/kpis', (_req, res) => void res.json(site.kpiView()));
  app.get('/api/events', (req, res) => {
    let since = parse(eventsQuery, req.query, 'query').since;
    const header = req.headers['last-event-id'];
    // an empty id is EventSource's "none"; the query wins over the header
    if (since === undefined && header !== undefined && header !== '') since = parse(ordinal, header, 'header last-event-id');
    const h = rt.history;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ now_s: rt.now(), last_id: site.lastId, last_event: h.last, oldest_event: h.oldest, queues: site.queues(), kpis: site.kpiView() })}\n\n`);
    o.sse.add(res);
    const done = () => o.sse.delete(res);
    // from here to subscribe, nothing awaits: no event can fall between the history and the live stream
    let sent = since ?? h.last;
    if (since !== undefined) {
      const past = h.since(since);
      if (past.gap) res.write(`event: gap\ndata: ${JSON.stringify({ since, oldest_event: past.oldest })}\n\n`);
      for (let i = 0; i < past.events.length; i += HISTORY_MESSAGE_EVENTS) {
        const part = past.events.slice(i, i + HISTORY_MESSAGE_EVENTS);
        res.write(twinMessage(part, (sent = past.first + i + part.length - 1)));
        if (res.writableLength > SSE_MAX_BUFFER) {
          // more than a slow client may have queued: it gets what is written, then reconnects
          // with the last id and resumes there (paged, not cut mid-message)
          const stuck = setTimeout(() => res.destroy(), SSE_DRAIN_MS).unref();
          res.on('close', () => (clearTimeout(stuck), done()));
          res.end();
          return;
        }
      }
      // a client ahead of the history: after a restart, the events of ticks past the last logged
      // input come again (with the same ordinals); it has them
      sent = Math.max(sent, h.last);
    }
    const send = (events: TwinEvent[], last: number) => {
      if (last <= sent) return;
      if (res.writableLength > SSE_MAX_BUFFER) return res.destroy();
      const first = last - events.length + 1;
      res.write(first > sent ? sseMessage(events, last) : twinMessage(events.slice(sent - first + 1), last));
      sent = last;
    };
    const off = rt.subscribe(send);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => (off(), clearInterval(beat), done()));
  });
  app.post('/api/whatif', needToken, body, (req, res) => {
    if (o.whatIf === undefined) throw new HttpError(501, 'what-if needs a port scenario (its gate times and lanes)');
    res.json(o.whatIf(req.body));
  });
  app.use((req) => {
    throw new HttpError(404, `no route ${req.method} ${req.path}; see /openapi.json`);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string; message?: string };
    const status = err instanceof HttpError ? err.status : e.type === 'entity.too.large' ? 413 : e.type === 'entity.parse.failed' ? 400 : typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
    const message = err instanceof HttpError ? err.message : e.type === 'entity.parse.failed' ? `body: not JSON (${e.message})` : e.type === 'entity.too.large' ? 'body: larger than 64 kB' : status < 500 ? String(e.message) : 'internal error';
    if (status >= 500) console.error(err);
    if (!res.headersSent) res.status(status).json({ error: message });
  });
  return app;
}
