/**
 * Identifiers a gate reads: ISO 6346 container numbers, Chinese truck plates, electronic plates
 * (RFID EPC), driver IC cards and seal numbers; and the OCR misreads of a smart lane.
 *
 * Generators sit on the hot path (container and seal per consignment; plate, e-plate and card per
 * truck when the fleet is drawn), so each builds its result with one `String.fromCharCode` call
 * from precomputed character codes: no regex, no intermediate strings, no arrays. Digits come
 * from a 000–999 character-code table and integer arithmetic (`| 0`): `%` and `/` on the doubles
 * `Rng.int` returns made a container number 5x slower (225 against 46 ns per call, Node 20,
 * compiled output). All randomness comes from the `Rng` passed in; each generator states its
 * draw count. Validators use regexes (not hot).
 *
 * ISO 6346 (freight containers, coding): owner code (3 letters) + category identifier (U freight
 * container, J detachable equipment, Z trailer or chassis) + 6-digit serial + check digit. Letters
 * count A=10, B=12, … Z=38, skipping the multiples of 11 (11, 22, 33); character i (0-based) is
 * weighted 2^i; the check digit is (Σ mod 11) with 10 written as 0. The standard advises against
 * serials whose remainder is 10 (the check digit then aliases 0), so `drawContainerNumber` never
 * issues one.
 *
 * What the check digit does and does not catch (asserted in test/supervision/identifiers.test.ts):
 * a substitution at the check digit itself is always caught; one serial digit for another always
 * changes the remainder, because digits are distinct mod 11 and 2^i is invertible mod 11, so it
 * escapes only through the 0/10 alias (remainder 0 turned into 10 or back). Letters are NOT
 * distinct mod 11 (26 letters, 10 non-zero residues: C=13 and M=24 are both 2), so swapping an
 * owner letter for a congruent one (C↔M↔W, A↔K↔U…) is never detected (U, J and Z are not
 * congruent, so category swaps are caught). Anything off-format (lowercase, a letter where a digit
 * belongs, a category other than U/J/Z) is rejected by the format check.
 */
import type { Rng } from '../kernel/rng.js';

// ---- ISO 6346 container numbers -------------------------------------------------------------

/**
 * Owner prefixes (owner code + category U) often seen on boxes at Chinese ports: carriers
 * (COSCO, China Shipping, MSC, Maersk, CMA CGM, OOCL, Evergreen, Hapag-Lloyd, ONE) and lessors
 * (Textainer, Triton, Florens). All end in the freight-container category 'U'.
 */
export const CONTAINER_OWNERS: readonly string[] = [
  'COSU',
  'CSNU',
  'MSCU',
  'MAEU',
  'CMAU',
  'OOLU',
  'EGHU',
  'TGHU',
  'HLXU',
  'ONEU',
  'TCNU',
  'FCIU',
];

/** ISO 6346 value of each character code (A=10 … Z=38 without 11/22/33, '0'–'9' = 0–9), else -1. */
const CHAR_VALUE: number[] = new Array<number>(128).fill(-1);
{
  let v = 10;
  for (let c = 65; c <= 90; c++) {
    if (v % 11 === 0) v++;
    CHAR_VALUE[c] = v++;
  }
  for (let d = 0; d <= 9; d++) CHAR_VALUE[48 + d] = d;
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Σ value(char i) · 2^i mod 11 over the first 10 characters (0–10, 10 being the remainder the
 * standard advises against), or -1 when they are not 4 capital letters + 6 digits.
 */
function rawCheck(s: string): number {
  if (s.length < 10) return -1;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    if (i < 4 ? !isUpper(c) : !isDigit(c)) return -1;
    sum += CHAR_VALUE[c] << i;
  }
  return sum % 11;
}

/**
 * The ISO 6346 remainder (0–10) of the first 10 characters, before 10 is written as 0. Throws
 * RangeError unless the argument is 4 capital letters then 6 digits.
 */
export function iso6346CheckValue(first10: string): number {
  const r = first10.length === 10 ? rawCheck(first10) : -1;
  if (r < 0) throw new RangeError(`iso6346: expected 4 capital letters and 6 digits, got '${first10}'`);
  return r;
}

/** ISO 6346 check digit (0–9) of owner code + category + serial, e.g. 'CSQU305438' → 3. */
export function iso6346CheckDigit(first10: string): number {
  return iso6346CheckValue(first10) % 10;
}

/** 11 characters: owner (3 capitals), category U/J/Z, 6 digits, and the matching check digit. */
export function isValidContainerNumber(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 11) return false;
  const cat = s.charCodeAt(3);
  if (cat !== 85 && cat !== 74 && cat !== 90) return false; // U J Z
  const r = rawCheck(s);
  const last = s.charCodeAt(10);
  return r >= 0 && isDigit(last) && last - 48 === r % 10;
}

/** Character codes of 000 … 999: DIGITS3[3i + j] is digit j of i, zero-padded. */
const DIGITS3 = new Uint8Array(3000);
for (let i = 0; i < 1000; i++) {
  DIGITS3[3 * i] = 48 + ((i / 100) | 0);
  DIGITS3[3 * i + 1] = 48 + (((i / 10) | 0) % 10);
  DIGITS3[3 * i + 2] = 48 + (i % 10);
}

const N_OWNERS = CONTAINER_OWNERS.length;
/** Character codes of the owner prefixes, 4 per owner. */
const OWNER_CODES: number[] = [];
/** Σ value · 2^i over the 4 prefix characters, per owner. */
const OWNER_SUM: number[] = [];
for (const o of CONTAINER_OWNERS) {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    OWNER_CODES.push(o.charCodeAt(i));
    sum += CHAR_VALUE[o.charCodeAt(i)] << i;
  }
  OWNER_SUM.push(sum);
}

/** Remainder mod 11 of owner `o` with 6-digit `serial` (weights 2^4 … 2^9 on the serial digits). */
function containerRaw(o: number, serial: number): number {
  let sum = OWNER_SUM[o];
  let s = serial | 0;
  // least significant digit is character 9 (weight 512)
  for (let w = 512; w >= 16; w >>= 1) {
    const q = (s / 10) | 0;
    sum += (s - q * 10) * w;
    s = q;
  }
  return sum % 11 | 0;
}

function formatContainer(o: number, serial: number, check: number): string {
  const k = o * 4;
  const hi = (serial / 1000) | 0;
  const h = 3 * hi;
  const l = 3 * (serial - hi * 1000);
  return String.fromCharCode(
    OWNER_CODES[k],
    OWNER_CODES[k + 1],
    OWNER_CODES[k + 2],
    OWNER_CODES[k + 3],
    DIGITS3[h],
    DIGITS3[h + 1],
    DIGITS3[h + 2],
    DIGITS3[l],
    DIGITS3[l + 1],
    DIGITS3[l + 2],
    48 + check,
  );
}

/**
 * The container number of owner `CONTAINER_OWNERS[ownerIndex]` with the given serial
 * (0–999999, zero-padded), check digit appended. Any serial is accepted, including those whose
 * remainder is 10 (check digit 0); `drawContainerNumber` avoids them.
 */
export function containerNumber(ownerIndex: number, serial: number): string {
  if (!(Number.isInteger(ownerIndex) && ownerIndex >= 0 && ownerIndex < N_OWNERS)) {
    throw new RangeError(`containerNumber: ownerIndex must be an integer in [0, ${N_OWNERS}), got ${ownerIndex}`);
  }
  if (!(Number.isInteger(serial) && serial >= 0 && serial <= 999_999)) {
    throw new RangeError(`containerNumber: serial must be an integer in [0, 999999], got ${serial}`);
  }
  return formatContainer(ownerIndex, serial, containerRaw(ownerIndex, serial) % 10);
}

/**
 * A random container number: owner uniform over CONTAINER_OWNERS, serial uniform over those whose
 * remainder is not 10 (redrawn, 1/11 of the time). Draws: one `int` for the owner, then one
 * `int` per serial tried (1.1 on average).
 */
export function drawContainerNumber(rng: Rng): string {
  const o = rng.int(N_OWNERS) | 0;
  let serial: number;
  let raw: number;
  do {
    serial = rng.int(1_000_000) | 0;
    raw = containerRaw(o, serial);
  } while (raw === 10);
  return formatContainer(o, serial, raw);
}

// ---- truck identities -----------------------------------------------------------------------

/**
 * Province abbreviations on Chinese plates (GA 36): the Tianjin hinterland first, then the rest
 * of the mainland's 31 provincial-level divisions. `drawPlate` picks one uniformly.
 */
export const PLATE_PROVINCES: readonly string[] = [
  '津', '冀', '晋', '京', '蒙', '鲁', '豫', '陕', '甘', '宁', '辽', '吉', '黑', '沪', '苏', '浙',
  '皖', '闽', '赣', '鄂', '湘', '粤', '桂', '琼', '渝', '川', '贵', '云', '藏', '青', '新',
];
const PROVINCE_CODES: number[] = PLATE_PROVINCES.map((p) => p.charCodeAt(0));
const N_PROVINCES = PROVINCE_CODES.length;

/** Letters allowed in a plate's serial: A–Z without I and O (they read as 1 and 0). */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE_LETTER_CODES: number[] = Array.from(PLATE_LETTERS, (c) => c.charCodeAt(0));

/**
 * One serial character: a digit with probability 0.8 (480 of 600 outcomes, 48 per digit), else a
 * plate letter (120 outcomes, 5 per letter). One `int` per character.
 */
function plateChar(rng: Rng): number {
  const x = rng.int(600) | 0;
  if (x < 480) return 48 + x - ((x / 10) | 0) * 10;
  const y = x - 480;
  return PLATE_LETTER_CODES[y - ((y / 24) | 0) * 24];
}

/**
 * A Chinese plate such as '津A12345' or '冀B3K8L0': province (uniform over PLATE_PROVINCES),
 * city letter A–H, then 5 characters, each a digit with probability 0.8 else a letter without
 * I and O. Seven draws (`int` each).
 */
export function drawPlate(rng: Rng): string {
  const p = PROVINCE_CODES[rng.int(N_PROVINCES) | 0];
  const city = 65 + (rng.int(8) | 0);
  const c0 = plateChar(rng);
  const c1 = plateChar(rng);
  const c2 = plateChar(rng);
  const c3 = plateChar(rng);
  const c4 = plateChar(rng);
  return String.fromCharCode(p, city, c0, c1, c2, c3, c4);
}

const PLATE_RE = new RegExp(`^[${PLATE_PROVINCES.join('')}][A-H][0-9A-HJ-NP-Z]{5}$`);
/** Province from PLATE_PROVINCES, city letter A–H, 5 digits or capitals other than I and O. */
export function isValidPlate(s: string): boolean {
  return typeof s === 'string' && PLATE_RE.test(s);
}

/** Character code of hex digit n (0–15), uppercase. */
const hex = (n: number) => (n < 10 ? 48 + n : 55 + n);

/** A 96-bit EPC as 24 uppercase hex characters (three `uint32` draws). */
export function drawElectronicPlate(rng: Rng): string {
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  return String.fromCharCode(
    hex(a >>> 28), hex((a >>> 24) & 15), hex((a >>> 20) & 15), hex((a >>> 16) & 15),
    hex((a >>> 12) & 15), hex((a >>> 8) & 15), hex((a >>> 4) & 15), hex(a & 15),
    hex(b >>> 28), hex((b >>> 24) & 15), hex((b >>> 20) & 15), hex((b >>> 16) & 15),
    hex((b >>> 12) & 15), hex((b >>> 8) & 15), hex((b >>> 4) & 15), hex(b & 15),
    hex(c >>> 28), hex((c >>> 24) & 15), hex((c >>> 20) & 15), hex((c >>> 16) & 15),
    hex((c >>> 12) & 15), hex((c >>> 8) & 15), hex((c >>> 4) & 15), hex(c & 15),
  );
}

export function isValidElectronicPlate(s: string): boolean {
  return typeof s === 'string' && /^[0-9A-F]{24}$/.test(s);
}

/** A driver IC card number: 'DC' + 12 digits (two `int` draws of 6 digits each). */
export function drawDriverCard(rng: Rng): string {
  const a = rng.int(1_000_000) | 0;
  const b = rng.int(1_000_000) | 0;
  const ah = (a / 1000) | 0;
  const bh = (b / 1000) | 0;
  const p = 3 * ah, q = 3 * (a - ah * 1000), r = 3 * bh, s = 3 * (b - bh * 1000);
  return String.fromCharCode(
    68, 67,
    DIGITS3[p], DIGITS3[p + 1], DIGITS3[p + 2], DIGITS3[q], DIGITS3[q + 1], DIGITS3[q + 2],
    DIGITS3[r], DIGITS3[r + 1], DIGITS3[r + 2], DIGITS3[s], DIGITS3[s + 1], DIGITS3[s + 2],
  );
}

export function isValidDriverCard(s: string): boolean {
  return typeof s === 'string' && /^DC[0-9]{12}$/.test(s);
}

/** A seal number: 2 capital letters + 7 digits (three `int` draws). */
export function drawSealNumber(rng: Rng): string {
  const l0 = 65 + rng.int(26);
  const l1 = 65 + rng.int(26);
  const n = rng.int(10_000_000) | 0;
  const top = (n / 1_000_000) | 0;
  const rest = n - top * 1_000_000;
  const mid = (rest / 1000) | 0;
  const p = 3 * mid, q = 3 * (rest - mid * 1000);
  return String.fromCharCode(
    l0, l1, 48 + top,
    DIGITS3[p], DIGITS3[p + 1], DIGITS3[p + 2], DIGITS3[q], DIGITS3[q + 1], DIGITS3[q + 2],
  );
}

export function isValidSealNumber(s: string): boolean {
  return typeof s === 'string' && /^[A-Z]{2}[0-9]{7}$/.test(s);
}

// ---- OCR misreads ---------------------------------------------------------------------------

/**
 * Characters an OCR engine confuses, for a plate reader (ANPR). Chinese ANPR classifies over the
 * plate alphabet, so every alternative is itself a plate character (no I, no O): a misread plate
 * is still a well-formed plate, and only a comparison with other data (e-plate, declaration)
 * exposes it.
 */
export const PLATE_CONFUSIONS: Readonly<Record<string, string>> = {
  '0': 'DQ8', '1': '7T', '2': 'Z7', '3': '8', '4': 'A', '5': 'S6', '6': 'G58', '7': '1T', '8': 'B30', '9': '8',
  A: '4', B: '8E', C: 'G', D: '0Q', E: 'FB', F: 'EP', G: '6C', H: 'MN', J: 'U', K: 'X', L: '1', M: 'NH',
  N: 'MH', P: 'RF', Q: '0D', R: 'PB', S: '5', T: '17', U: 'VJ', V: 'UY', W: 'VM', X: 'KY', Y: 'VX', Z: '2',
};

/**
 * Characters a container-number OCR confuses. These cross between letters and digits (0↔O/D/Q,
 * 1↔I, 8↔B, 5↔S, 2↔Z…), so a misread may break the format outright; one that keeps it is still
 * caught by the check digit unless it lands on a blind spot (see the top of this file).
 */
export const CONTAINER_CONFUSIONS: Readonly<Record<string, string>> = {
  '0': 'ODQ8', '1': 'I7', '2': 'Z7', '3': '8', '4': 'A', '5': 'S6', '6': 'G8', '7': '1T', '8': 'B30', '9': '8',
  A: '4', B: '8', C: 'G', D: '0O', E: 'F', F: 'E', G: '6C', H: 'M', I: '1L', J: 'U', K: 'X', L: 'I', M: 'NH',
  N: 'M', O: '0DQ', P: 'R', Q: 'O0', R: 'P', S: '5', T: '7', U: 'VJ', V: 'U', W: 'V', X: 'K', Y: 'V', Z: '2',
};

/** The confusion record as a table indexed by character code ('' = never misread). */
function confusionTable(rec: Readonly<Record<string, string>>): string[] {
  const t = new Array<string>(128).fill('');
  for (const [c, alts] of Object.entries(rec)) t[c.charCodeAt(0)] = alts;
  return t;
}
const PLATE_TABLE = confusionTable(PLATE_CONFUSIONS);
const CONTAINER_TABLE = confusionTable(CONTAINER_CONFUSIONS);

/** Character k of `s`, or code `c` at index `i`. */
const at = (s: string, k: number, i: number, c: number) => (k === i ? c : s.charCodeAt(k));

/** `s` with the character at `i` replaced by code `c`; one string built for the usual lengths. */
function replaceAt(s: string, i: number, c: number): string {
  switch (s.length) {
    case 7:
      return String.fromCharCode(
        at(s, 0, i, c), at(s, 1, i, c), at(s, 2, i, c), at(s, 3, i, c), at(s, 4, i, c), at(s, 5, i, c), at(s, 6, i, c),
      );
    case 11:
      return String.fromCharCode(
        at(s, 0, i, c), at(s, 1, i, c), at(s, 2, i, c), at(s, 3, i, c), at(s, 4, i, c), at(s, 5, i, c),
        at(s, 6, i, c), at(s, 7, i, c), at(s, 8, i, c), at(s, 9, i, c), at(s, 10, i, c),
      );
    default:
      return s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1);
  }
}

/**
 * One character of `s` from index `from` on, chosen uniformly among those the table can misread,
 * replaced by one of its confusions (uniformly). Two `int` draws.
 */
function misread(what: string, s: string, from: number, table: string[], rng: Rng): string {
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && table[c].length > 0) n++;
  }
  if (n === 0) throw new RangeError(`${what}: no character of '${s}' can be misread`);
  let k = rng.int(n);
  let i = from;
  for (; ; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && table[c].length > 0 && k-- === 0) break;
  }
  const alts = table[s.charCodeAt(i)];
  return replaceAt(s, i, alts.charCodeAt(rng.int(alts.length)));
}

/**
 * A plausible ANPR misread of a plate: one of the 5 serial characters (after province and city
 * letter) replaced by a confusable plate character. Always differs from the input; a valid plate
 * stays a valid plate. Two `int` draws.
 */
export function misreadPlate(plate: string, rng: Rng): string {
  return misread('misreadPlate', plate, 2, PLATE_TABLE, rng);
}

/**
 * A plausible OCR misread of a container number: one character replaced by a confusable one
 * (letters and digits may cross). Always differs from the input. Two `int` draws.
 */
export function misreadContainerNumber(s: string, rng: Rng): string {
  return misread('misreadContainerNumber', s, 0, CONTAINER_TABLE, rng);
}
