/**
 * The twin's bearer token: anything that changes state (device frames, releases, operator
 * commands, what-if runs) must carry it. From CTWIN_TWIN_TOKEN when set, else made at start and
 * printed, so only whoever started the twin (or was told the token) can feed it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_ENV = 'CTWIN_TWIN_TOKEN';

export function makeToken(env: NodeJS.ProcessEnv = process.env): { token: string; from: 'env' | 'generated' } {
  const t = env[TOKEN_ENV];
  if (t !== undefined && t !== '') {
    if (t.length < 16) throw new Error(`${TOKEN_ENV}: a token of at least 16 characters, got ${t.length}`);
    return { token: t, from: 'env' };
  }
  return { token: randomBytes(24).toString('base64url'), from: 'generated' };
}

/** True when `presented` (a bare token: MQTT password, gateway HELLO) is the token; constant time. */
export function tokenMatches(token: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when an Authorization header is `Bearer <token>` (the scheme in any case, as RFC 7235 has it). */
export function bearerMatches(token: string, header: string | undefined): boolean {
  const m = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
  return m !== null && tokenMatches(token, m[1]);
}
