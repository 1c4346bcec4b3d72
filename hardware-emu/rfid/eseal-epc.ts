/**
 * The EPC an electronic container seal (ISO 18185 style) answers with at a lane's e-seal reader:
 * the seal number's ASCII bytes as uppercase hex, zero-padded to a 96-bit EPC (24 hex digits).
 * Seal numbers are at most 12 ASCII characters (ours are 9: two letters, seven digits).
 */

export function esealEpc(seal: string): string {
  if (!/^[\x21-\x7e]{1,12}$/.test(seal)) throw new RangeError(`esealEpc: a seal number is 1-12 printable ASCII characters, got ${JSON.stringify(seal)}`);
  let hex = '';
  for (let i = 0; i < seal.length; i++) hex += seal.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0');
  return hex.padEnd(24, '0');
}

/** The seal number inside an e-seal EPC, or '' when the EPC is not one (not printable ASCII then zero padding). */
export function sealFromEpc(epc: string): string {
  let s = '';
  let i = 0;
  for (; i + 1 < epc.length; i += 2) {
    const b = parseInt(epc.slice(i, i + 2), 16);
    if (b === 0) break;
    if (!(b >= 0x21 && b <= 0x7e)) return '';
    s += String.fromCharCode(b);
  }
  for (; i < epc.length; i++) if (epc[i] !== '0') return '';
  return s;
}
