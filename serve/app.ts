/**
 * The viewer's server (express): the built viewer, the runs under a root folder, each port run's
 * tracks and consignment details, and the runs' HTML reports. Read-only: nothing here changes
 * state, so no token is asked; it binds to 127.0.0.1 unless told otherwise (bin/commands/serve.ts).
 * Every request is validated: a run id must be one the root lists, a policy one with a stream,
 * a ref a non-negative integer; anything else is a 4xx with a JSON `error` saying what was wrong.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { listRuns, type RunFolder } from './runs.js';
import { tracksFromFile } from './tracks.js';
import { ConsignmentIndex } from './consignment-index.js';
import type { RunList, Tracks } from './tracks-format.js';
import { ProxyError, twinProxy } from './twin-proxy.js';

export interface ServeOptions {
  /** folder whose runs are listed and served */
  root: string;
  /** the built viewer (dist/viewer) */
  viewerDir: string;
  /** a running twin the viewer's live mode follows (`--twin`), read through /api/twin */
  twin?: URL | null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Small cache of the most recently used derived files (tracks, indexes): a few streams at a time. */
class Recent<T> {
  private readonly m = new Map<string, Promise<T>>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.m.get(key);
    if (p) this.m.delete(key);
    else p = make();
    this.m.set(key, p);
    // a failed build is not kept: the next request tries again
    p.catch(() => this.m.get(key) === p && this.m.delete(key));
    while (this.m.size > this.size) this.m.delete(this.m.keys().next().value as string);
    return p;
  }
}

export function createApp(o: ServeOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const tracks = new Recent<Tracks>(4);
  const indexes = new Recent<ConsignmentIndex>(4);

  // a stream rewritten by a later run is a new stream: cached by path and modification time
  const version = (file: string) => `${file}@${statSync(file).mtimeMs}`;
  const run = (id: string): RunFolder => {
    const r = listRuns(o.root).find((x) => x.id === id);
    if (!r) throw new HttpError(404, `no run '${id}' under ${o.root}`);
    return r;
  };
  const stream = (r: RunFolder, policy: unknown): { policy: string; file: string } => {
    if (typeof policy !== 'string' || policy === '') throw new HttpError(400, `policy: expected one of ${r.policies.join(', ') || '(none: this run has no event streams)'}`);
    if (!r.policies.includes(policy)) throw new HttpError(404, `run '${r.id}' has no event stream for policy '${policy}'; it has: ${r.policies.join(', ') || 'none'}`);
    return { policy, file: join(r.dir, 'events', `${policy}.ndjson`) };
  };
  // express 5 passes rejected promises to the error handler
  const handle = (f: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => f(req, res))
      .catch(next);
  };

  app.get('/api/runs', handle((_req, res) => {
    const body: RunList = { runs: listRuns(o.root).map(({ dir: _d, layouts: _l, ...e }) => e) };
    res.json(body);
  }));

  app.get('/api/runs/:id/tracks', handle(async (req, res) => {
    const r = run(String(req.params.id));
    const s = stream(r, req.query.policy);
    res.json(await tracks.get(version(s.file), () => tracksFromFile(s.file, r.layouts[s.policy])));
  }));

  app.get('/api/runs/:id/consignments/:ref', handle(async (req, res) => {
    const r = run(String(req.params.id));
    const s = stream(r, req.query.policy);
    const refText = String(req.params.ref);
    if (!/^\d{1,9}$/.test(refText)) throw new HttpError(400, `ref: expected a consignment number (a non-negative integer), got '${refText}'`);
    const idx = await indexes.get(version(s.file), () => ConsignmentIndex.build(s.file));
    const d = idx.detail(Number(refText));
    if (!d) throw new HttpError(404, `consignment ${refText} is not in the stream of policy '${s.policy}'`);
    res.json(d);
  }));

  // a run's report (only report.html: the folder's other files are not served)
  app.get('/files/:id/report.html', handle((req, res) => {
    const r = run(String(req.params.id));
    if (!r.report) throw new HttpError(404, `run '${r.id}' has no report.html`);
    res.sendFile(join(r.dir, 'report.html'), { dotfiles: 'deny' });
  }));

  app.use('/api/twin', twinProxy(o.twin ?? null));
  app.use('/api', (req, _res, next) => next(new HttpError(404, `no such API: ${req.method} ${req.path}`)));
  if (existsSync(o.viewerDir)) app.use(express.static(o.viewerDir, { index: 'index.html', fallthrough: true }));
  else app.get('/', (_req, res) => void res.status(503).type('text').send(`the viewer is not built (${o.viewerDir} is missing): run npm run build`));

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof HttpError || err instanceof ProxyError ? err.status : 500;
    res.status(status).json({ error: err instanceof Error ? err.message : String(err) });
  });
  return app;
}
