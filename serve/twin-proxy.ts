/**
 * `ctwin serve --twin URL`: the viewer's live mode reads a running twin through this server, so the
 * page stays on one origin (no CORS, no token in the browser) and the twin may run elsewhere.
 * Only what the viewer reads is passed on, GET only: the site, lanes, KPIs, queues, one
 * consignment, and the event stream (SSE, streamed through as it comes, with `since` and
 * `Last-Event-ID`). Nothing that changes the twin's state can be reached from here.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Router, type NextFunction, type Request, type Response } from 'express';

export class ProxyError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The twin's base URL from the command line: http(s), no query; a trailing slash is added. */
export function twinBaseUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`--twin ${text}: not a URL (expected the twin's address, e.g. http://127.0.0.1:8090)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--twin ${text}: expected an http:// or https:// address, got ${u.protocol}`);
  if (u.search !== '' || u.hash !== '') throw new Error(`--twin ${text}: the twin's base address takes no query or fragment`);
  // fetch refuses such URLs, and GET /api/twin/ shows the address to any page
  if (u.username !== '' || u.password !== '') throw new Error(`--twin ${text}: the twin's address takes no user or password (its reads need none)`);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

const UPSTREAM_TIMEOUT_MS = 10_000;

/** The routes under /api/twin; without a twin, each says how to follow one. */
export function twinProxy(base: URL | null): Router {
  const r = Router();
  // which twin (if any) this server follows: asked by the runs page before anything else, so a
  // server without a twin answers 200 rather than a 404 the browser reports as an error
  r.get('/', (_req, res) => void res.json({ twin: base?.href ?? null }));
  if (base === null) {
    r.use((_req, _res, next) => next(new ProxyError(404, 'this server follows no twin: start it with ctwin serve --twin http://HOST:PORT (the address ctwin twin printed)')));
    return r;
  }
  const unreachable = (err: unknown) => new ProxyError(502, `the twin at ${base.href} did not answer: ${(err as Error).message}`);

  const pass = (path: (req: Request) => string) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const up = await fetch(new URL(`api/${path(req)}`, base), { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) }).catch((err: unknown) => {
        throw unreachable(err);
      });
      const body = await up.text();
      res.status(up.status).type(up.headers.get('content-type') ?? 'application/json').send(body);
    } catch (err) {
      next(err);
    }
  };
  for (const p of ['site', 'lanes', 'kpis', 'queues']) r.get(`/${p}`, pass(() => p));
  r.get('/consignments/:ref', (req, _res, next) => {
    if (!/^\d{1,15}$/.test(String(req.params.ref))) return next(new ProxyError(400, `ref: expected a consignment number (a non-negative integer), got '${req.params.ref}'`));
    next();
  }, pass((req) => `consignments/${req.params.ref}`));

  r.get('/events', async (req, res, next) => {
    const since = req.query.since;
    if (since !== undefined && (typeof since !== 'string' || !/^\d{1,15}$/.test(since))) return next(new ProxyError(400, `since: expected the ordinal of the last event received (a non-negative integer), got '${String(since)}'`));
    const last = req.headers['last-event-id'];
    const ac = new AbortController();
    req.on('close', () => ac.abort());
    let up: globalThis.Response;
    // a twin that takes the connection but never answers is given up like the other reads
    const noAnswer = setTimeout(() => ac.abort(new Error(`no answer in ${UPSTREAM_TIMEOUT_MS / 1000} s`)), UPSTREAM_TIMEOUT_MS);
    try {
      const url = new URL('api/events', base);
      if (since !== undefined) url.searchParams.set('since', since);
      up = await fetch(url, { headers: { accept: 'text/event-stream', ...(typeof last === 'string' ? { 'last-event-id': last } : {}) }, signal: ac.signal });
    } catch (err) {
      return next(unreachable(err));
    } finally {
      clearTimeout(noAnswer);
    }
    if (!up.ok || up.body === null) {
      const text = await up.text().catch(() => '');
      res.status(up.status).type(up.headers.get('content-type') ?? 'application/json').send(text);
      return;
    }
    if (!/^text\/event-stream\b/i.test(up.headers.get('content-type') ?? '')) {
      // not a twin's event stream (another server at that address): not passed on as one
      ac.abort();
      return next(new ProxyError(502, `the twin at ${base.href} did not answer /api/events with an event stream (content-type ${up.headers.get('content-type') ?? 'none'}): is --twin the address ctwin twin printed?`));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    const stream = Readable.fromWeb(up.body as unknown as WebReadableStream<Uint8Array>);
    // the twin gone or the page gone: the other side ends too (the page reconnects from its last event)
    stream.on('error', () => res.end());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  });
  r.use((req, _res, next) => next(new ProxyError(404, `no such twin API through this server: ${req.method} /api/twin${req.path} (the viewer reads site, lanes, kpis, queues, consignments/:ref and events)`)));
  return r;
}
