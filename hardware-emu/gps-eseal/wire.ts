/** Byte helpers shared by the GPS / e-seal codecs: big-endian reads that fail as DecodeError, BCD, GBK. */
import { DecodeError, type DecodeProblem } from '../codec.js';

/** Cursor over a byte array; every overrun is a DecodeError of the given format (never a RangeError). */
export class Reader {
  pos = 0;
  constructor(readonly format: string, readonly bytes: Uint8Array, readonly base = 0) {}
  get left(): number { return this.bytes.length - this.pos; }
  fail(problem: DecodeProblem, message: string, at = this.pos): never {
    throw new DecodeError(this.format, problem, message, this.base + at);
  }
  take(n: number, what: string): Uint8Array {
    if (this.left < n) this.fail('length', `${what} needs ${n} bytes, ${this.left} left`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u8(what: string): number { return this.take(1, what)[0]; }
  u16(what: string): number { const b = this.take(2, what); return (b[0] << 8) | b[1]; }
  u24(what: string): number { const b = this.take(3, what); return (b[0] << 16) | (b[1] << 8) | b[2]; }
  u32(what: string): number { const b = this.take(4, what); return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0; }
  rest(): Uint8Array { return this.take(this.left, 'rest'); }
}

/** Growable big-endian writer; range checks throw RangeError (encoding a bad value is a caller bug). */
export class Writer {
  private out: number[] = [];
  private check(v: number, max: number, what: string): number {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what} out of range: ${v}`);
    return v;
  }
  u8(v: number, what = 'u8'): this { this.out.push(this.check(v, 0xff, what)); return this; }
  u16(v: number, what = 'u16'): this { this.check(v, 0xffff, what); this.out.push(v >>> 8, v & 0xff); return this; }
  u24(v: number, what = 'u24'): this { this.check(v, 0xffffff, what); this.out.push(v >>> 16, (v >>> 8) & 0xff, v & 0xff); return this; }
  u32(v: number, what = 'u32'): this { this.check(v, 0xffffffff, what); this.out.push(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff); return this; }
  bytes(b: Uint8Array | readonly number[]): this { for (const x of b) this.out.push(x); return this; }
  get length(): number { return this.out.length; }
  done(): Uint8Array { return Uint8Array.from(this.out); }
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/[\s]/g, ''), 'hex'));

/** Packed BCD, two digits a byte, most significant first. */
export function encodeBcd(digits: string, bytes: number, what: string): Uint8Array {
  if (!new RegExp(`^\\d{${bytes * 2}}$`).test(digits)) throw new RangeError(`${what} must be ${bytes * 2} decimal digits: ${JSON.stringify(digits)}`);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (Number(digits[2 * i]) << 4) | Number(digits[2 * i + 1]);
  return out;
}

/** Undoes encodeBcd; a nibble above 9 is a 'field' error at its byte. */
export function decodeBcd(r: Reader, bytes: number, what: string): string {
  const start = r.pos;
  const b = r.take(bytes, what);
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const hi = b[i] >> 4, lo = b[i] & 0x0f;
    if (hi > 9 || lo > 9) r.fail('field', `${what} is not BCD (0x${b[i].toString(16).padStart(2, '0')})`, start + i);
    s += `${hi}${lo}`;
  }
  return s;
}

// GBK (the STRING type of JT/T 808): Node's WHATWG decoder reads it; the encoder is its inverse, built once on demand.
let gbkTable: Map<string, number> | undefined;
function gbk(): Map<string, number> {
  if (gbkTable) return gbkTable;
  gbkTable = new Map();
  const dec = new TextDecoder('gbk', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = dec.decode(Uint8Array.of(lead, trail));
        if (!gbkTable.has(ch)) gbkTable.set(ch, (lead << 8) | trail);
      } catch { /* unassigned pair */ }
    }
  }
  return gbkTable;
}

/** Encodes ASCII as itself and other characters as two-byte GBK; throws RangeError for anything GBK lacks. */
export function encodeGbk(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) { out.push(cp); continue; }
    const code = gbk().get(ch);
    if (code === undefined) throw new RangeError(`not encodable in GBK: ${JSON.stringify(ch)}`);
    out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}

/** Strict GBK: invalid sequences, and the 4-byte GB18030 forms encodeGbk never writes, are 'field' errors. */
export function decodeGbk(format: string, b: Uint8Array, what: string, offset?: number): string {
  let s: string;
  try {
    s = new TextDecoder('gbk', { fatal: true }).decode(b);
  } catch {
    throw new DecodeError(format, 'field', `${what} is not valid GBK`, offset);
  }
  let again: Uint8Array | undefined;
  try { again = encodeGbk(s); } catch { /* falls through to the error below */ }
  if (!again || again.length !== b.length || again.some((x, i) => x !== b[i])) {
    throw new DecodeError(format, 'field', `${what} is not plain two-byte GBK`, offset);
  }
  return s;
}
