/**
 * Mettler Toledo "Toledo continuous" output: STX, status words A B C, 6 digits displayed weight,
 * 6 digits tare, CR, optional checksum (2's complement of the 7-bit sum of STX..CR).
 *
 * Bit layout from the METTLER TOLEDO Wildcat Scale Technical Manual (12/00), Appendix 2,
 * Tables 6-8..6-11 ("Continuous Mode Output", status bytes A/B/C); the same B word appears in the
 * Fairbanks FB3000 II manual ("Toledo data format"), and open-source parsers agree that the
 * decimal code is decimals + 2 (code 2 = XXXXXX, 7 = X.XXXXX; 0 and 1 = two/one dummy zeros).
 * Checksum over STX..CR inclusive: METTLER TOLEDO IND445 user manual 22013194B, 5.2.2.
 *   A: bits 0-2 decimal/dummy-zero code, bits 3-4 increment (01 x1, 10 x2, 11 x5), bit 5 = 1, bit 6 = 0
 *   B: 0 net, 1 negative, 2 out of range, 3 motion, 4 kg (0 = lb), 5 = 1, 6 power-up not zeroed
 *   C: 0-2 unit extension (000 = lb/kg; others, e.g. grams, are not emulated), 3 print request,
 *      4 expanded display, 5 = 1, 6 = 0
 * Bit 7 is the UART parity bit, not data: the emulator sends 7-bit data and rejects bit 7 set
 * (otherwise a ±128 change would leave the 7-bit checksum intact).
 */
import { type Codec, DecodeError, guarded } from '../codec.js';

export interface MettlerToledoFrame {
  /** displayed weight magnitude in display units (sign is `negative`), decimals applied */
  weight: number;
  /** tare magnitude, same scaling */
  tare: number;
  net: boolean;
  negative: boolean;
  motion: boolean;
  overCapacity: boolean;
  unit: 'kg' | 'lb';
  /** 0..5 decimals; -1/-2 = one/two dummy zeros (codes 1/0); assumed already in the 6 digits, so no scaling */
  decimals: number;
  increment: 1 | 2 | 5;
  powerUpNotZeroed: boolean;
  printRequest: boolean;
  expanded: boolean;
  /** whether the optional checksum byte follows CR */
  checksum: boolean;
}

const F = 'mettler-toledo';
const STX = 0x02;
const CR = 0x0d;
const INC_BITS: Record<number, number> = { 1: 0b01, 2: 0b10, 5: 0b11 };
const INC_OF = [0, 1, 2, 5] as const;

/** 2's complement of the 7-bit sum, so that sum(frame incl. checksum) ≡ 0 mod 128 */
export function toledoChecksum(bytes: Uint8Array, end: number): number {
  let s = 0;
  for (let i = 0; i < end; i++) s += bytes[i]!;
  return -s & 0x7f;
}

const scale = (d: number): number => 10 ** Math.max(d, 0);

function digits(v: number, d: number, what: string): string {
  const n = Math.round(v * scale(d));
  if (!(n >= 0 && n <= 999_999) || Math.abs(n / scale(d) - v) > 1e-9) {
    throw new RangeError(`${F}: ${what} ${v} does not fit 6 digits with ${d} decimals`);
  }
  return String(n).padStart(6, '0');
}

function encode(f: MettlerToledoFrame): Uint8Array {
  if (!Number.isInteger(f.decimals) || f.decimals < -2 || f.decimals > 5) throw new RangeError(`${F}: decimals ${f.decimals}`);
  const inc = INC_BITS[f.increment];
  if (inc === undefined) throw new RangeError(`${F}: increment ${f.increment}`);
  const a = 0x20 | (inc << 3) | (f.decimals + 2);
  const b = 0x20 | +f.net | (+f.negative << 1) | (+f.overCapacity << 2) | (+f.motion << 3) | ((f.unit === 'kg' ? 1 : 0) << 4) | (+f.powerUpNotZeroed << 6);
  const c = 0x20 | (+f.printRequest << 3) | (+f.expanded << 4);
  const text = digits(f.weight, f.decimals, 'weight') + digits(f.tare, f.decimals, 'tare');
  const out = new Uint8Array(f.checksum ? 18 : 17);
  out.set([STX, a, b, c], 0);
  for (let i = 0; i < 12; i++) out[4 + i] = text.charCodeAt(i);
  out[16] = CR;
  if (f.checksum) out[17] = toledoChecksum(out, 17);
  return out;
}

function decodeRaw(b: Uint8Array): MettlerToledoFrame {
  const err = (p: 'framing' | 'length' | 'checksum' | 'field', m: string, at?: number) => new DecodeError(F, p, m, at);
  if (b.length !== 17 && b.length !== 18) throw err('length', `expected 17 or 18 bytes, got ${b.length}`);
  if (b[0] !== STX) throw err('framing', 'expected STX', 0);
  if (b[16] !== CR) throw err('framing', 'expected CR', 16);
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) throw err('field', 'bit 7 set: data is 7-bit', i);
  const checksum = b.length === 18;
  if (checksum && toledoChecksum(b, 17) !== b[17]) throw err('checksum', `expected 0x${toledoChecksum(b, 17).toString(16)}`, 17);
  const [a, sb, c] = [b[1]!, b[2]!, b[3]!];
  if ((a & 0x60) !== 0x20) throw err('field', 'status A bits 5-6 must be 1,0', 1);
  const incBits = (a >> 3) & 3;
  if (incBits === 0) throw err('field', 'status A increment code 00', 1);
  if ((sb & 0x20) === 0) throw err('field', 'status B bit 5 must be 1', 2);
  if ((c & 0x60) !== 0x20) throw err('field', 'status C bits 5-6 must be 1,0', 3);
  if ((c & 0x07) !== 0) throw err('field', `status C unit code ${c & 7} (only lb/kg emulated)`, 3);
  const decimals = (a & 7) - 2;
  const num = (from: number): number => {
    let n = 0;
    for (let i = from; i < from + 6; i++) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) throw err('field', 'expected an ASCII digit', i);
      n = n * 10 + d;
    }
    return n / scale(decimals);
  };
  return {
    weight: num(4),
    tare: num(10),
    net: (sb & 1) !== 0,
    negative: (sb & 2) !== 0,
    motion: (sb & 8) !== 0,
    overCapacity: (sb & 4) !== 0,
    unit: sb & 0x10 ? 'kg' : 'lb',
    decimals,
    increment: INC_OF[incBits] as 1 | 2 | 5,
    powerUpNotZeroed: (sb & 0x40) !== 0,
    printRequest: (c & 8) !== 0,
    expanded: (c & 0x10) !== 0,
    checksum,
  };
}

export const mettlerToledo: Codec<MettlerToledoFrame> = {
  format: F,
  encode,
  decode: (bytes) => guarded(F, bytes, decodeRaw),
};
