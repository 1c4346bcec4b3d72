/**
 * The EPC an electronic container seal (ISO 18185 style) answers with at a lane's e-seal reader:
 * the seal number's ASCII bytes as uppercase hex, zero-padded to a 96-bit EPC (24 hex digits).
 * Seal numbers are at most 12 ASCII characters (ours are 9: two letters, seven digits).
 */

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));
const PAD = '000000000000000000000000';

export function esealEpc(seal: string): string {
  const n = seal.length;
  let hex = '';
  for (let i = 0; i < n; i++) {
    const c = seal.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || n > 12) throw new RangeError(`esealEpc: a seal number is 1-12 printable ASCII characters, got ${JSON.stringify(seal)}`);
    hex += HEX[c];
  }
  if (n === 0) throw new RangeError('esealEpc: a seal number is 1-12 printable ASCII characters, got ""');
  return hex + PAD.slice(hex.length);
}

/** The seal number inside an e-seal EPC, or '' when the EPC is not one (not printable ASCII then zero padding). */
const nibble = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

export function sealFromEpc(epc: string): string {
  let s = '';
  let i = 0;
  for (; i + 1 < epc.length; i += 2) {
    const hi = nibble(epc.charCodeAt(i)), lo = nibble(epc.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return '';
    const b = hi * 16 + lo;
    if (b === 0) break;
    if (!(b >= 0x21 && b <= 0x7e)) return '';
    s += String.fromCharCode(b);
  }
  for (; i < epc.length; i++) if (epc.charCodeAt(i) !== 48) return '';
  return s;
}
