/**
 * Helpers for the tests of a running twin (bad-input, api, crash, the CLI): posting frames,
 * reading /metrics, a raw gateway-link connection that shows every message and when the twin
 * closes it, and `ctwin twin` started as a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { linkDeframer, type LinkMessage } from '../../twin/gateway-link.js';
import { parseTwinBanner } from '../../bin/commands/twin-banner.js';

export interface FrameLike { lane: string; device: string; format: string; seq?: number | null; bytes: Uint8Array }

export interface Answer { status: number; type: string; body: string; json: () => unknown }

/** POSTs a frame to /ingest; `headers` overrides or drops (undefined) the defaults. */
export async function postIngest(url: string, token: string | null, f: FrameLike, headers: Record<string, string | undefined> = {}): Promise<Answer> {
  const h: Record<string, string | undefined> = {
    ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
    'content-type': 'application/octet-stream', 'x-ctwin-lane': f.lane, 'x-ctwin-device': f.device, 'x-ctwin-format': f.format,
    ...(f.seq !== undefined && f.seq !== null ? { 'x-ctwin-seq': String(f.seq) } : {}),
    ...headers,
  };
  const res = await fetch(`${url}/ingest`, { method: 'POST', headers: Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== undefined)), body: new Uint8Array(f.bytes) });
  return answerOf(res);
}

export async function answerOf(res: Response): Promise<Answer> {
  const body = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body, json: () => JSON.parse(body) as unknown };
}

export async function call(url: string, method: string, path: string, o: { token?: string; json?: unknown; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  let body: string | undefined;
  if (o.json !== undefined) (headers['content-type'] = 'application/json', (body = JSON.stringify(o.json)));
  if (o.raw !== undefined) (headers['content-type'] = 'application/json', (body = o.raw));
  return answerOf(await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }));
}

/** Prometheus text: the value of `name` with exactly these labels (0 when absent). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter((x) => x !== '').sort().join(',');
    if (have === want) return Number(m[3]);
  }
  return 0;
}

export async function metrics(url: string): Promise<string> {
  const r = await fetch(`${url}/metrics`);
  if (r.status !== 200) throw new Error(`/metrics: ${r.status}`);
  return r.text();
}

/** A raw gateway-link connection: every message the twin sends, and whether it has closed. */
export interface RawLink {
  socket: net.Socket;
  messages: LinkMessage[];
  closed: Promise<void>;
  isClosed(): boolean;
  /** resolves with the first message (from now on or already there) that matches */
  next(pred: (m: LinkMessage) => boolean, timeoutMs?: number): Promise<LinkMessage>;
  write(b: Buffer): void;
}

export async function rawLink(port: number): Promise<RawLink> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((ok, bad) => (socket.once('connect', () => ok()), socket.once('error', bad)));
  const messages: LinkMessage[] = [];
  const waiters: { pred: (m: LinkMessage) => boolean; ok: (m: LinkMessage) => void }[] = [];
  let closedFlag = false;
  socket.on('data', linkDeframer((m) => {
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) (waiters.splice(waiters.indexOf(w), 1), w.ok(m));
  }));
  socket.on('error', () => {});
  const closed = new Promise<void>((ok) => socket.once('close', () => ((closedFlag = true), ok())));
  return {
    socket, messages, closed, isClosed: () => closedFlag,
    next: (pred, timeoutMs = 5000) => {
      const there = messages.find(pred);
      if (there !== undefined) return Promise.resolve(there);
      return new Promise((ok, bad) => {
        const t = setTimeout(() => bad(new Error('no such message from the twin in time')), timeoutMs);
        waiters.push({ pred, ok: (m) => (clearTimeout(t), ok(m)) });
      });
    },
    write: (b) => void socket.write(b),
  };
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Polls `f` until it returns a value that is not undefined. */
export async function until<T>(f: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(everyMs);
  }
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A `ctwin twin` process, once it has printed its banner (bin/commands/twin-banner.ts). */
export interface LiveTwin {
  proc: ChildProcess;
  /** http://127.0.0.1:port */
  url: string;
  tcp: string | null;
  mqtt: string | null;
  /** the token it printed, when it made one */
  printedToken: string | null;
  replayed: number;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<Exit>;
}

/**
 * `CTWIN twin ARGS`, through the bin's shebang as users start it; resolves once the banner is printed, rejects if it exits first or is not
 * up within 30 s. `running` holds the process until it exits (for the tests' clean-up).
 */
export function spawnTwin(ctwin: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; running: Set<ChildProcess> }): Promise<LiveTwin> {
  const proc = spawn(ctwin, ['twin', ...args], { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
  o.running.add(proc);
  const exit = new Promise<Exit>((ok) => proc.once('close', (code, signal) => (o.running.delete(proc), ok({ code, signal }))));
  let out = '';
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((ok, bad) => {
    const t = setTimeout(() => (proc.kill('SIGKILL'), bad(new Error(`ctwin twin not up in 30 s:\n${out}\n${err}`))), 30_000);
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      let banner;
      try {
        banner = parseTwinBanner(out);
      } catch (e) {
        return bad(e);
      }
      if (banner === null) return;
      clearTimeout(t);
      ok({ proc, url: banner.url, tcp: banner.tcp, mqtt: banner.mqtt, printedToken: banner.token, replayed: banner.replayed, exit, stdout: () => out, stderr: () => err });
    });
    void exit.then((e) => (clearTimeout(t), bad(new Error(`ctwin twin exited (${e.code ?? e.signal}) before it was up:\n${out}\n${err}`))));
  });
}

export interface SseMessage { event: string; id?: string; data: unknown }

/** Takes the complete SSE messages off the front of `buf` into `out`; returns what is left (a message still coming). */
export function takeSseMessages(buf: string, out: SseMessage[]): string {
  for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
    const block = buf.slice(0, i);
    buf = buf.slice(i + 2);
    const f: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^(\w+): ?(.*)$/.exec(line);
      if (m !== null) f[m[1]] = m[2];
    }
    if (f.event !== undefined) out.push({ event: f.event, ...(f.id !== undefined ? { id: f.id } : {}), data: JSON.parse(f.data) as unknown });
  }
  return buf;
}
