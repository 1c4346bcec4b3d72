/**
 * Strict JSON-message checks shared by the JSON device formats (container OCR, RFID reads, barrier):
 * one object, exactly the documented keys, each field of the documented type, else DecodeError.
 */
import { DecodeError, utf8 } from './codec.js';

export type Obj = Record<string, unknown>;

/** bytes → a plain object with exactly `keys` (no extra, none missing), and perhaps some of `optional` */
export function parseObject(format: string, bytes: Uint8Array, keys: readonly string[], optional: readonly string[] = []): Obj {
  const text = utf8.decode(format, bytes);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DecodeError(format, 'syntax', `not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(format, 'syntax', 'expected a JSON object');
  return exactKeys(format, v as Obj, keys, '', optional);
}

export function exactKeys(format: string, o: Obj, keys: readonly string[], where: string, optional: readonly string[] = []): Obj {
  for (const k of Object.keys(o)) if (!keys.includes(k) && !optional.includes(k)) throw new DecodeError(format, 'field', `unexpected key ${where}${k}`);
  for (const k of keys) if (!(k in o)) throw new DecodeError(format, 'field', `missing key ${where}${k}`);
  return o;
}

export const fieldError = (format: string, key: string, want: string): DecodeError => new DecodeError(format, 'field', `${key}: expected ${want}`);

export function str(format: string, o: Obj, key: string, re: RegExp, want: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !re.test(v)) throw fieldError(format, key, want);
  return v;
}

export function num(format: string, o: Obj, key: string, min: number, max: number, integer: boolean): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw fieldError(format, key, `${integer ? 'an integer' : 'a number'} in ${min}..${max}`);
  }
  return v;
}

export function bool(format: string, o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw fieldError(format, key, 'true or false');
  return v;
}

/** ISO 8601 UTC instant with optional milliseconds, e.g. 2026-11-30T07:01:56.123Z, that is a real date */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
export function timestamp(format: string, o: Obj, key: string): string {
  const v = str(format, o, key, ISO, 'an ISO 8601 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.mmm]Z)');
  const d = new Date(v);
  // round trip rejects 2026-02-30 and 25:00, which Date would otherwise roll over
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, v.length - 1) !== v.slice(0, -1)) throw fieldError(format, key, 'a real date and time');
  return v;
}
