/**
 * The gateway link: device frames to the twin over one TCP connection, each acknowledged once it
 * is logged and applied. A site's gateway (or `ctwin emu --transport tcp --target tcp://…`, or
 * `ctwin load`) collects its devices' frames and forwards them in the devices' own bytes, with the
 * lane, device, format and sequence number beside them: the device protocols themselves have no
 * place for those.
 *
 * Every message is a 4-byte big-endian length and that many bytes; the first byte says what it is:
 * - 1 HELLO (client → twin): the bearer token, UTF-8. Must come first (within 10 s, at most 1 kB);
 *   the twin answers ACK with tag 0, or ERROR and closes. Frames' tags start at 1.
 * - 2 FRAME (client → twin): tag u32 (the client's, echoed in the ack), seq f64 (the device's
 *   sequence number, −1 for none), then lane, device and format each as a u8 length and that many
 *   UTF-8 bytes, then the frame's bytes.
 * - 3 ACK (twin → client): tag u32, status u8 (0 accepted, 1 duplicate, 2 rejected), then UTF-8:
 *   for a rejection `reason: message`, for an accepted GATHER_INFO the customs reply XML, else empty.
 * - 4 ERROR (twin → client): UTF-8 message; the twin closes the connection after it.
 */
import type { Socket } from 'node:net';
import { MAX_FRAME_BYTES } from './limits.js';

export const HELLO = 1;
export const FRAME = 2;
export const ACK = 3;
export const ERROR = 4;
export const ACK_ACCEPTED = 0;
export const ACK_DUPLICATE = 1;
export const ACK_REJECTED = 2;

/** Largest message either side accepts: a frame at its limit plus room for the names. */
export const MAX_MESSAGE = MAX_FRAME_BYTES + 1024;

export interface FrameHeader { lane: string; device: string; format: string; seq?: number }

const msg = (kind: number, body: Buffer): Buffer => {
  const head = Buffer.allocUnsafe(5);
  head.writeUInt32BE(body.length + 1, 0);
  head[4] = kind;
  return Buffer.concat([head, body]);
};

export const helloMessage = (token: string): Buffer => msg(HELLO, Buffer.from(token, 'utf8'));
export const errorMessage = (text: string): Buffer => msg(ERROR, Buffer.from(text, 'utf8'));

export function frameMessage(tag: number, h: FrameHeader, bytes: Uint8Array): Buffer {
  const lane = Buffer.from(h.lane, 'utf8');
  const device = Buffer.from(h.device, 'utf8');
  const format = Buffer.from(h.format, 'utf8');
  if (lane.length > 255 || device.length > 255 || format.length > 255) throw new LinkError('lane, device and format names are at most 255 bytes');
  const n = 1 + 4 + 8 + 3 + lane.length + device.length + format.length + bytes.length;
  const b = Buffer.allocUnsafe(4 + n);
  let o = b.writeUInt32BE(n, 0);
  b[o++] = FRAME;
  o = b.writeUInt32BE(tag >>> 0, o);
  o = b.writeDoubleBE(h.seq ?? -1, o);
  for (const s of [lane, device, format]) (b[o++] = s.length, (o += s.copy(b, o)));
  b.set(bytes, o);
  return b;
}

export function ackMessage(tag: number, status: number, text: string | Uint8Array): Buffer {
  const pre = Buffer.allocUnsafe(5);
  pre.writeUInt32BE(tag >>> 0, 0);
  pre[4] = status;
  return msg(ACK, Buffer.concat([pre, typeof text === 'string' ? Buffer.from(text, 'utf8') : text]));
}

export type LinkMessage =
  | { kind: typeof HELLO; token: string }
  | { kind: typeof FRAME; tag: number; header: FrameHeader; bytes: Uint8Array }
  | { kind: typeof ACK; tag: number; status: number; text: Buffer }
  | { kind: typeof ERROR; text: string };

export class LinkError extends Error {}

function parse(b: Buffer): LinkMessage {
  const kind = b[0];
  if (kind === HELLO) return { kind, token: b.subarray(1).toString('utf8') };
  if (kind === ERROR) return { kind, text: b.subarray(1).toString('utf8') };
  if (kind === FRAME) {
    if (b.length < 16) throw new LinkError('frame message too short');
    const seq = b.readDoubleBE(5);
    if (seq !== -1 && !(Number.isSafeInteger(seq) && seq >= 0)) throw new LinkError(`sequence number must be a non-negative integer or -1, got ${seq}`);
    let o = 13;
    const name = (what: string) => {
      const n = b[o++];
      if (n === undefined || o + n > b.length) throw new LinkError(`frame's ${what} runs past the message`);
      const v = b.toString('utf8', o, o + n);
      o += n;
      return v;
    };
    const lane = name('lane');
    const device = name('device');
    const format = name('format');
    const bytes = b.subarray(o);
    return { kind, tag: b.readUInt32BE(1), header: { lane, device, format, ...(seq !== -1 ? { seq } : {}) }, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  if (kind === ACK) {
    if (b.length < 6) throw new LinkError('ack message too short');
    return { kind, tag: b.readUInt32BE(1), status: b[5], text: b.subarray(6) };
  }
  throw new LinkError(`unknown message kind ${kind}`);
}

/**
 * Splits a byte stream into messages; throws LinkError on a malformed one or one longer than
 * `limit()` (the connection is then closed). A message arriving in many small chunks is joined
 * once, when it is complete, not chunk by chunk.
 */
export function linkDeframer(onMessage: (m: LinkMessage) => void, limit: () => number = () => MAX_MESSAGE): (chunk: Buffer) => void {
  let chunks: Buffer[] = [];
  let size = 0;
  /** bytes the first pending message needs in all (its length prefix included) */
  let need = 4;
  return (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size < need) return;
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    chunks = [];
    size = 0;
    need = 4;
    let off = 0;
    while (buf.length - off >= 4) {
      const n = buf.readUInt32BE(off);
      if (n === 0 || n > limit()) throw new LinkError(`message of ${n} bytes (1..${limit()})`);
      if (buf.length - off < 4 + n) {
        need = 4 + n;
        break;
      }
      // a copy: the frame's bytes outlive this chunk (they are logged after the next turn of the loop)
      onMessage(parse(Buffer.from(buf.subarray(off + 4, off + 4 + n))));
      off += 4 + n;
    }
    if (off < buf.length) {
      chunks = [buf.subarray(off)];
      size = buf.length - off;
    }
  };
}

/** Messages written in one turn of the event loop go out in one write: a syscall per frame or ack would cost more than the frame. */
export function batchedWriter(socket: Socket): (b: Buffer) => void {
  let pending: Buffer[] = [];
  return (b) => {
    if (pending.length === 0) setImmediate(() => {
      const out = pending;
      pending = [];
      if (!socket.destroyed) socket.write(out.length === 1 ? out[0] : Buffer.concat(out));
    });
    pending.push(b);
  };
}
