/**
 * The trainer's HTTP server (express): sign-in, sessions, cases, decisions, the trainer's view of
 * every trainee, and CSV export; it also serves the built pages (train.html). Binds to 127.0.0.1
 * unless told otherwise (bin/commands/train.ts).
 *
 * Every request but sign-in and the pages needs the sign-in token, an HttpOnly SameSite=Strict
 * cookie (or `Authorization: Bearer`, for scripts). A trainee sees only their own sessions:
 * another's is a 404, as if it did not exist. Requests that change state take a JSON body with
 * `Content-Type: application/json`, which a cross-site form cannot send. Every body is checked
 * (zod) and a bad one is a 400 naming the field; nothing is written for a refused request.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DecisionRequest, MeView, SignInState, TraineeProgress, UserView } from './api-types.js';
import { TrainingInputError } from './store.js';
import { NotFoundError, type TrainingService } from './training-service.js';
import { sessionsCsv } from './csv.js';
import { TokenBuckets, type BucketSpec } from './token-buckets.js';

export const COOKIE = 'ctwin_train';
const TOKEN_TTL_MS = 12 * 3600 * 1000;

class HttpError extends Error {
  /** `retryAfterS`: sent as Retry-After (a 429) */
  constructor(readonly status: number, message: string, readonly retryAfterS?: number) {
    super(message);
  }
}

const credentials = z.object({ name: z.string().min(1).max(40), password: z.string().min(1).max(200) }).strict();
const box = z.object({ x0: z.number().finite(), y0: z.number().finite(), x1: z.number().finite(), y1: z.number().finite() }).strict();
const decisionBody = z.object({
  index: z.number().int().nonnegative(),
  decision: z.enum(['clear', 'mark', 'release', 'hold', 'accept', 'query', 'refer']),
  marks: z.array(box).max(20).optional(),
}).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new HttpError(400, `${i.path.length > 0 ? i.path.join('.') : 'body'}: ${i.message}`);
}

function tokenOf(req: Request): string | null {
  const auth = req.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== COOKIE) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null; // a mangled cookie is no sign-in
    }
  }
  return null;
}

/**
 * Sign-in tries allowed before hashing a password (train/token-buckets.ts): by client address
 * every try counts, by name the failed ones (a sign-in forgives the name). A hash takes ~0.1 s
 * of one of libuv's four threads, so these bound what one client, or a spray of names at one
 * account, can make the server do.
 */
export interface SignInLimits {
  address: BucketSpec;
  name: BucketSpec;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  // a classroom behind one address signs in at once; a spraying client gets 30 tries a minute
  address: { capacity: 30, refillMs: 2_000 },
  // five wrong passwords, then one more try every 12 s
  name: { capacity: 5, refillMs: 12_000 },
};

export interface TrainAppOptions {
  service: TrainingService;
  /** the built pages (dist/viewer) */
  viewerDir: string;
  nowMs?: () => number;
  signInLimits?: SignInLimits;
  /**
   * Express's 'trust proxy' (e.g. 'loopback' behind a reverse proxy on this machine): only then is
   * the client address taken from X-Forwarded-For. Unset, it is the connection's address.
   */
  trustProxy?: string;
}

export function createTrainApp(o: TrainAppOptions): express.Express {
  const { service } = o;
  const store = service.store;
  const now = o.nowMs ?? (() => Date.now());
  const app = express();
  app.disable('x-powered-by');
  if (o.trustProxy !== undefined) app.set('trust proxy', o.trustProxy);
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', express.json({ limit: '64kb', strict: true }));
  // a state change must come as JSON: a cross-site form cannot send that without a CORS preflight
  app.use('/api', (req, _res, next) => {
    if (req.method === 'POST' && !req.is('application/json')) return next(new HttpError(415, 'send the body as JSON (Content-Type: application/json)'));
    next();
  });

  const me = (req: Request): UserView => {
    const t = tokenOf(req);
    const u = t ? store.userForToken(t, now()) : null;
    if (u === null) throw new HttpError(401, 'sign in first');
    return u;
  };
  const trainer = (req: Request): UserView => {
    const u = me(req);
    if (u.role !== 'trainer') throw new HttpError(403, 'for trainers only');
    return u;
  };
  const id = (v: unknown, what: string): number => {
    const n = typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw new HttpError(400, `${what} must be a non-negative integer`);
    return n;
  };
  const limits = o.signInLimits ?? SIGN_IN_LIMITS;
  const byAddress = new TokenBuckets(limits.address);
  const byName = new TokenBuckets(limits.name);
  const tooMany = (waitMs: number, what: string) => {
    const s = Math.ceil(waitMs / 1000);
    return new HttpError(429, `too many sign-ins ${what}: try again in ${s} s`, s);
  };
  const meView = (user: UserView): MeView => ({ user, exercise: service.exercise.view });

  app.post('/api/login', async (req, res) => {
    const { name, password } = parse(credentials, req.body);
    // refused before hashing: a client, or a name, that keeps trying waits (Retry-After)
    const t = now();
    const addressWait = byAddress.take(req.ip ?? req.socket.remoteAddress ?? '', t);
    if (addressWait > 0) throw tooMany(addressWait, 'from this address');
    const key = name.normalize('NFC').toLowerCase();
    const nameWait = byName.take(key, t);
    if (nameWait > 0) throw tooMany(nameWait, 'failed for this name');
    const user = await store.checkPassword(name, password);
    if (user === null) throw new HttpError(401, 'wrong name or password');
    byName.forget(key);
    const token = store.issueToken(user.id, now(), TOKEN_TTL_MS);
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: TOKEN_TTL_MS });
    res.json(meView(user));
  });
  app.post('/api/logout', (req, res) => {
    const t = tokenOf(req);
    if (t) store.revokeToken(t);
    res.clearCookie(COOKIE, { path: '/' });
    res.status(204).end();
  });
  app.get('/api/me', (req, res) => {
    res.json(meView(me(req)));
  });
  // the page's "am I signed in?" on load: not being signed in is an answer, not an error (a 401
  // there is logged by the browser as a console error on every visit to the sign-in form)
  app.get('/api/session', (req, res) => {
    const t = tokenOf(req);
    const u = t ? store.userForToken(t, now()) : null;
    const state: SignInState = u === null ? { signed_in: false } : { signed_in: true, ...meView(u) };
    res.json(state);
  });

  app.post('/api/sessions', (req, res) => {
    parse(z.object({}).strict(), req.body ?? {});
    res.json(service.start(me(req)));
  });
  app.get('/api/sessions', (req, res) => {
    const u = me(req);
    const sessions = u.role === 'trainer' ? store.allSessions() : store.sessionsOf(u.id);
    res.json(sessions.map((s) => service.summary(s)));
  });
  app.get('/api/sessions/:id', (req, res) => {
    const u = me(req);
    res.json(service.view(service.session(u, id(req.params.id, 'session'))));
  });
  app.get('/api/sessions/:id/case', (req, res) => {
    res.json(service.next(me(req), id(req.params.id, 'session')));
  });
  app.get('/api/sessions/:id/cases/:index/image.png', (req, res) => {
    const png = service.image(me(req), id(req.params.id, 'session'), id(req.params.index, 'case index'), typeof req.query.layer === 'string' ? req.query.layer : 'grey');
    res.type('image/png').send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  });
  app.post('/api/sessions/:id/decisions', (req, res) => {
    const body = parse(decisionBody, req.body) as DecisionRequest;
    res.json(service.decide(me(req), id(req.params.id, 'session'), body));
  });
  app.post('/api/sessions/:id/finish', async (req, res) => {
    res.json(await service.finish(me(req), id(req.params.id, 'session')));
  });

  app.get('/api/trainees', (req, res) => {
    trainer(req);
    const out: TraineeProgress[] = store.users('trainee').map((user) => ({ user, sessions: store.sessionsOf(user.id).map((s) => service.summary(s)) }));
    res.json(out);
  });
  app.post('/api/trainees', async (req, res) => {
    trainer(req);
    const { name, password } = parse(credentials, req.body);
    res.status(201).json(await store.createUser(name, password, 'trainee'));
  });
  app.get('/api/export.csv', (req, res) => {
    const u = me(req);
    const users = u.role === 'trainer' ? store.users() : [u];
    const rows = users.flatMap((user) => store.sessionsOf(user.id).map((s) => ({ user, session: service.summary(s) })));
    res.type('text/csv; charset=utf-8').attachment('training-sessions.csv').send(sessionsCsv(rows));
  });
  app.use('/api', (_req, _res, next) => next(new HttpError(404, 'no such API path')));

  // the pages
  app.get('/', (_req, res) => res.redirect('/train.html'));
  if (existsSync(join(o.viewerDir, 'train.html'))) app.use(express.static(o.viewerDir, { index: false }));
  else app.get('/train.html', (_req, res) => res.status(503).type('text/plain').send('the pages are not built: run npm run build'));

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as Error & { status?: number; type?: string };
    const status = err instanceof HttpError ? err.status
      : err instanceof NotFoundError ? 404
      : err instanceof TrainingInputError ? 400
      : e.type === 'entity.parse.failed' ? 400
      : e.type === 'entity.too.large' ? 413
      : 500;
    if (err instanceof HttpError && err.retryAfterS !== undefined) res.set('Retry-After', String(err.retryAfterS));
    if (status === 500) process.stderr.write(`ctwin train: ${e.stack ?? e.message}\n`);
    res.status(status).json({ error: status === 500 ? 'internal error' : status === 400 && e.type === 'entity.parse.failed' ? 'the body is not valid JSON' : e.message });
  });
  return app;
}
