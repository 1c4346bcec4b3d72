/**
 * A redis:// URL as connection options, checked before anything connects; and the error a queue
 * backend reports (the CLI turns it into exit 2 with its message). Apart from bullmq-backend.ts so
 * that the command line can check options without loading BullMQ.
 */

/** The queue name and Redis the command line offers by default. */
export const DEFAULT_QUEUE = 'ctwin-replications';
export const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** Connection options for ioredis from a redis:// URL; a bad URL is a BackendError naming it. */
export function redisConnection(url: string): { host: string; port: number; db?: number; username?: string; password?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BackendError(`--redis: expected a URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'redis:') throw new BackendError(`--redis: expected a redis:// URL, got ${JSON.stringify(url)}`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) throw new BackendError(`--redis: the database after the / must be a number, got ${JSON.stringify(url)}`);
  return {
    host: u.hostname || '127.0.0.1',
    port,
    ...(db !== undefined ? { db } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

