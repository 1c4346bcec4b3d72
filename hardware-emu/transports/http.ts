/**
 * HTTP transport: each frame is POSTed to a target URL, as an ANPR camera posts its alarms. The
 * ANPR multipart body goes with `multipart/form-data; boundary=…`; other devices' frames as
 * application/octet-stream. Headers name the lane, device and format so one receiver serves all.
 * Also a small node:http receiver (tests, and the CLI when no --target is given).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANPR_BOUNDARY, type EmuFrame } from '../emulated-gate.js';
import type { Transport } from './replay.js';

/** The Content-Type a device sends its frame with; the boundary is the camera's own, not the body's (which may be corrupted). */
export function contentType(format: string): string {
  return format === 'anpr-multipart' ? `multipart/form-data; boundary=${ANPR_BOUNDARY}` : 'application/octet-stream';
}

/** The headers a frame is POSTed with: its content type, lane, device, format and seq, and the bearer token if any. */
export function frameHeaders(f: Pick<EmuFrame, 'lane' | 'device' | 'format' | 'bytes' | 'seq'>, token?: string): Record<string, string | number> {
  return {
    'content-type': contentType(f.format), 'content-length': f.bytes.length, 'x-ctwin-lane': f.lane, 'x-ctwin-device': f.device, 'x-ctwin-format': f.format,
    ...(f.seq !== undefined ? { 'x-ctwin-seq': String(f.seq) } : {}),
    ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** `token`: sent as `Authorization: Bearer …` (a twin wants it); the frame's seq goes in `x-ctwin-seq`. */
export function startHttpPoster(target: string, token?: string): Transport {
  const url = new URL(target);
  // keep-alive like a camera; destroyed on stop so no socket outlives the run
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const c = { posted: 0, accepted: 0, rejected: 0, failed: 0 };
  return {
    addresses: () => [`http POST ${url.href}`],
    send: (f) =>
      new Promise<void>((resolve) => {
        const req = http.request(url, {
          method: 'POST', agent,
          headers: frameHeaders(f, token),
        }, (res) => {
          const s = res.statusCode ?? 0;
          if (s >= 200 && s < 300) c.accepted++;
          else if (s >= 400 && s < 500) c.rejected++;
          else c.failed++;
          res.resume().on('end', () => resolve());
        });
        // a failed POST is counted, not thrown: the camera keeps going
        req.on('error', () => (c.failed++, resolve()));
        c.posted++;
        req.end(Buffer.from(f.bytes));
      }),
    counters: () => ({ ...c }),
    async stop() {
      agent.destroy();
    },
  };
}

export interface HttpReceiver {
  url: string;
  counters(): { received: number; accepted: number; rejected: number };
  stop(): Promise<void>;
}

/** Accepts POSTs, hands each body to `onFrame` (true = accepted → 200, false → 400). */
export async function startHttpReceiver(onFrame: (f: Omit<EmuFrame, 'at'>, contentType: string) => boolean): Promise<HttpReceiver> {
  const c = { received: 0, accepted: 0, rejected: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const h = (n: string) => String(req.headers[n] ?? '');
      c.received++;
      const ok = onFrame({ lane: h('x-ctwin-lane'), device: h('x-ctwin-device'), format: h('x-ctwin-format'), bytes: new Uint8Array(Buffer.concat(chunks)) }, h('content-type'));
      ok ? c.accepted++ : c.rejected++;
      res.writeHead(ok ? 200 : 400).end();
    });
  });
  await new Promise<void>((res, rej) => (server.once('error', rej), server.listen(0, '127.0.0.1', () => res())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ISAPI/Event/notification/alertStream`,
    counters: () => ({ ...c }),
    stop: () => new Promise<void>((res) => (server.closeAllConnections(), server.close(() => res()))),
  };
}
