/**
 * Device frames over HTTP, as the emulators' HTTP transport (and an ANPR camera) posts them: one
 * frame per POST, the lane, device, format and sequence number in `x-ctwin-*` headers, the bearer
 * token in Authorization. Handled on node:http directly, before express: it is the hot path.
 *
 * The answer comes after the frame is in the log and applied: 200 with the customs reply XML for
 * a front-end's GATHER_INFO (as a gate front-end expects), else 200 JSON {status, id}; a
 * duplicate is 200 {status: 'duplicate'}; refused frames get 4xx JSON with the reason.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gatherReplyCodec } from '../hardware-emu/gate-frontend/gather-info.js';
import { bearerMatches } from './auth.js';
import { MAX_FRAME_BYTES, type IngestResult, type RejectReason, type TwinRuntime } from './runtime.js';

/** the paths frames may be posted to: ours, and the path an ANPR camera is usually configured with */
export const INGEST_PATHS: ReadonlySet<string> = new Set(['/ingest', '/ISAPI/Event/notification/alertStream']);

export const STATUS_OF: Record<RejectReason, number> = {
  'unknown-device': 404, 'wrong-format': 400, 'wrong-lane': 400, 'bad-seq': 400, 'too-large': 413, undecodable: 400, 'not-allowed': 403, unavailable: 503,
};

const json = (res: ServerResponse, status: number, body: unknown) => {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s) }).end(s);
};

export interface IngestCounters { unauthorized: number; malformed: number }

/** Handles one POST to an ingest path; `counters` counts refusals that never reach the runtime. */
export function handleIngest(rt: TwinRuntime, token: string, counters: IngestCounters, req: IncomingMessage, res: ServerResponse): void {
  const refuse = (status: number, reason: string, message: string) => {
    counters[status === 401 ? 'unauthorized' : 'malformed']++;
    // the body is not wanted: stop reading it, and let the client know the connection ends
    if (!req.complete) res.setHeader('connection', 'close');
    json(res, status, { status: 'rejected', reason, message });
  };
  if (req.method !== 'POST') return refuse(405, 'method', 'POST a frame here');
  if (!bearerMatches(token, req.headers.authorization)) return refuse(401, 'unauthorized', 'missing or wrong bearer token (Authorization: Bearer <token>)');
  const h = (n: string) => {
    const v = req.headers[n];
    return typeof v === 'string' ? v : undefined;
  };
  const lane = h('x-ctwin-lane') ?? '';
  const device = h('x-ctwin-device');
  const format = h('x-ctwin-format');
  if (device === undefined || format === undefined) return refuse(400, 'headers', 'x-ctwin-device and x-ctwin-format headers are required (x-ctwin-lane, x-ctwin-seq optional)');
  const seqText = h('x-ctwin-seq');
  const seq = seqText === undefined ? null : /^\d{1,15}$/.test(seqText) ? Number(seqText) : NaN;
  if (Number.isNaN(seq)) return refuse(400, 'bad-seq', `x-ctwin-seq: a non-negative integer, got ${JSON.stringify(seqText)}`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_FRAME_BYTES) return refuse(413, 'too-large', `frame of ${declared} bytes; at most ${MAX_FRAME_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (b: Buffer) => {
    if (over) return;
    size += b.length;
    if (size > MAX_FRAME_BYTES) {
      over = true;
      refuse(413, 'too-large', `frame of more than ${MAX_FRAME_BYTES} bytes`);
      req.destroy();
      return;
    }
    chunks.push(b);
  });
  req.on('error', () => {}); // a client that goes away mid-frame: nothing was accepted
  req.on('end', () => {
    if (over) return;
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    rt.enqueue({ source: 'http', lane, device, format, seq, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, (r) => answer(res, r));
  });
}

function answer(res: ServerResponse, r: IngestResult): void {
  if (res.destroyed) return;
  if (r.status === 'rejected') return json(res, STATUS_OF[r.reason], r);
  if (r.status === 'duplicate') return json(res, 200, r);
  if (r.reply !== undefined) {
    const body = gatherReplyCodec.encode(r.reply);
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'content-length': body.length, 'x-ctwin-id': String(r.id) }).end(body);
    return;
  }
  json(res, 200, { status: 'accepted', id: r.id, t: r.t });
}
