/**
 * Yaohua XK3190-A9 (also A12/A27 in "tf=0" continuous mode) serial output, 12 bytes:
 *   0x02 STX, sign '+'/'-', 6 ASCII digits (most significant first), decimal places '0'..'4'
 *   (counted from the right), XOR of bytes 1..8 as 2 uppercase hex ASCII chars (high nibble
 *   first), 0x03 ETX.
 * Sources: the byte table in njzscloud device-ctrl z-doc/wbs/地磅.md (example +20.00 →
 * 02 2B 30 30 32 30 30 30 32 31 42 03, XOR 0x1B sent as "1B"); the XK3190-C602 manual,
 * Annex E ("XOR check sum ... hexadecimal ... ASCII characters, higher digits ahead", A~F);
 * an open-source Python reader (`_a9`: "[+-]\d{6}[0-4]" then 2 XOR chars). Some firmwares send
 * each nibble as 0x30+n (':'..'?' for A..F): not emulated, decode rejects it (strict).
 */
import { type Codec, DecodeError, guarded } from '../codec.js';

export interface Xk3190Frame {
  /** magnitude with decimals applied; sign is `negative` */
  weight: number;
  decimals: number;
  negative: boolean;
}

const F = 'xk3190';
const STX = 0x02;
const ETX = 0x03;
const HEX = '0123456789ABCDEF';

export function xk3190Xor(bytes: Uint8Array): number {
  let x = 0;
  for (let i = 1; i <= 8; i++) x ^= bytes[i]!;
  return x;
}

function encode(f: Xk3190Frame): Uint8Array {
  if (!Number.isInteger(f.decimals) || f.decimals < 0 || f.decimals > 4) throw new RangeError(`${F}: decimals ${f.decimals}`);
  const n = Math.round(f.weight * 10 ** f.decimals);
  if (!(n >= 0 && n <= 999_999) || Math.abs(n / 10 ** f.decimals - f.weight) > 1e-9) throw new RangeError(`${F}: weight ${f.weight}`);
  const body = (f.negative ? '-' : '+') + String(n).padStart(6, '0') + String(f.decimals);
  const out = new Uint8Array(12);
  out[0] = STX;
  for (let i = 0; i < 8; i++) out[1 + i] = body.charCodeAt(i);
  const x = xk3190Xor(out);
  out[9] = HEX.charCodeAt(x >> 4);
  out[10] = HEX.charCodeAt(x & 15);
  out[11] = ETX;
  return out;
}

function decodeRaw(b: Uint8Array): Xk3190Frame {
  if (b.length !== 12) throw new DecodeError(F, 'length', `expected 12 bytes, got ${b.length}`);
  if (b[0] !== STX) throw new DecodeError(F, 'framing', 'expected STX', 0);
  if (b[11] !== ETX) throw new DecodeError(F, 'framing', 'expected ETX', 11);
  const x = xk3190Xor(b);
  const hi = HEX.indexOf(String.fromCharCode(b[9]!));
  const lo = HEX.indexOf(String.fromCharCode(b[10]!));
  if (hi < 0) throw new DecodeError(F, 'checksum', 'check is not uppercase hex', 9);
  if (lo < 0) throw new DecodeError(F, 'checksum', 'check is not uppercase hex', 10);
  if (((hi << 4) | lo) !== x) throw new DecodeError(F, 'checksum', `expected ${HEX[x >> 4]}${HEX[x & 15]}`, 9);
  if (b[1] !== 0x2b && b[1] !== 0x2d) throw new DecodeError(F, 'field', "sign must be '+' or '-'", 1);
  let n = 0;
  for (let i = 2; i < 8; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) throw new DecodeError(F, 'field', 'expected an ASCII digit', i);
    n = n * 10 + d;
  }
  const decimals = b[8]! - 0x30;
  if (decimals < 0 || decimals > 4) throw new DecodeError(F, 'field', "decimal places must be '0'..'4'", 8);
  return { weight: n / 10 ** decimals, decimals, negative: b[1] === 0x2d };
}

export const xk3190: Codec<Xk3190Frame> = {
  format: F,
  encode,
  decode: (bytes) => guarded(F, bytes, decodeRaw),
};
