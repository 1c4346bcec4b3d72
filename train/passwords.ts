/**
 * Password hashing for the officer trainer's accounts: scrypt (node:crypto), encoded as
 * `scrypt$N$r$p$saltB64$keyB64` so the cost can be raised later without breaking stored hashes.
 * Asynchronous: scrypt runs on libuv's thread pool, so the ~0.1 s of a hash never holds up the
 * server's one JavaScript thread (the other trainees' requests go on meanwhile).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Limits on what `verifyPassword` accepts from an encoding, so a tampered row cannot make it burn memory or CPU. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MIN_KEY_BYTES = 16;
const MAX_KEY_BYTES = 128;

/** scrypt needs about 128·N·r bytes; Node's default maxmem (32 MiB) is just too small for N = 2^15, r = 8. */
function maxmem(n: number, r: number, p: number): number {
  return 128 * n * r + 128 * r * p + 16 * 1024 * 1024;
}

function scryptAsync(pw: string, salt: Buffer, bytes: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((ok, fail) => scrypt(pw, salt, bytes, o, (err, key) => (err ? fail(err) : ok(key))));
}

export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(pw.normalize('NFC'), salt, KEY_BYTES, { N, r: R, p: P, maxmem: maxmem(N, R, P) });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseIntField(s: string | undefined, max: number): number | null {
  if (s === undefined || !/^[1-9][0-9]{0,9}$/.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

/** True when `pw` matches `encoded`; false for a wrong password and for any malformed encoding (never throws). */
export async function verifyPassword(pw: string, encoded: string): Promise<boolean> {
  try {
    if (typeof pw !== 'string' || typeof encoded !== 'string') return false;
    const parts = encoded.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const n = parseIntField(parts[1], MAX_N);
    const r = parseIntField(parts[2], MAX_R);
    const p = parseIntField(parts[3], MAX_P);
    if (n === null || r === null || p === null || n < 2 || (n & (n - 1)) !== 0) return false;
    const saltB64 = parts[4] ?? '';
    const keyB64 = parts[5] ?? '';
    if (!B64.test(saltB64) || !B64.test(keyB64)) return false;
    const salt = Buffer.from(saltB64, 'base64');
    const expected = Buffer.from(keyB64, 'base64');
    if (salt.length === 0 || expected.length < MIN_KEY_BYTES || expected.length > MAX_KEY_BYTES) return false;
    const actual = await scryptAsync(pw.normalize('NFC'), salt, expected.length, { N: n, r, p, maxmem: maxmem(n, r, p) });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
