/**
 * The twin's durable log: every accepted input (device frame, release notice, operator command)
 * appended to SQLite in WAL mode before it is acknowledged or acted on. The twin's state is a fold
 * over this log, so a restart replays it and arrives at the state it had.
 *
 * Group commit: many inputs arriving together are written in one transaction (one WAL write), which
 * is what makes thousands of durable inputs a second possible; each caller is answered only after
 * the transaction that holds its input has committed.
 *
 * Duplicates: an input that carries its device's sequence number is stored once per (device, seq);
 * the second copy is answered "duplicate" and not applied again. Inputs without one (`seq` null)
 * are never deduplicated.
 *
 * Durability: `synchronous = NORMAL` in WAL mode survives the process being killed (kill -9: the
 * WAL is in the OS's hands once the transaction commits); `FULL` also survives losing the machine's
 * power, at the cost of an fsync per commit (`durability: 'power'`).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LogInput {
  /** wall-clock time the twin received it, ms since the epoch (the state's clock) */
  receivedMs: number;
  /** http | tcp | mqtt | api | internal */
  source: string;
  lane: string;
  device: string;
  format: string;
  /** the device's own sequence number, if its transport carries one */
  seq: number | null;
  bytes: Uint8Array;
}

export interface LogRecord extends LogInput {
  /** position in the log, from 1 */
  id: number;
}

export type Durability = 'process' | 'power';

/** Another process (another twin) has the log open. */
export class LogBusyError extends Error {
  constructor(readonly file: string) {
    super(`${file}: another process (another twin?) has this log open; one twin per log`);
    this.name = 'LogBusyError';
  }
}

export class FrameLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly appendMany: (inputs: readonly LogInput[]) => (number | null)[];
  readonly file: string;

  constructor(file: string, durability: Durability = 'process') {
    this.file = file;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 200 });
    // one twin per log: two folding the same log would each hold a state the other lacks. The
    // exclusive lock is taken at the first write below and held until close (or the process dies)
    this.db.pragma('locking_mode = EXCLUSIVE');
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.exec('BEGIN IMMEDIATE; COMMIT');
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new LogBusyError(file);
      throw err;
    }
    this.db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS log (
        id INTEGER PRIMARY KEY,
        received_ms REAL NOT NULL,
        source TEXT NOT NULL,
        lane TEXT NOT NULL,
        device TEXT NOT NULL,
        format TEXT NOT NULL,
        seq INTEGER,
        bytes BLOB NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS log_device_seq ON log(device, seq) WHERE seq IS NOT NULL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.insert = this.db.prepare('INSERT OR IGNORE INTO log (received_ms, source, lane, device, format, seq, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.appendMany = this.db.transaction((inputs: readonly LogInput[]) =>
      inputs.map((i) => {
        const r = this.insert.run(i.receivedMs, i.source, i.lane, i.device, i.format, i.seq, Buffer.from(i.bytes.buffer, i.bytes.byteOffset, i.bytes.byteLength));
        return r.changes === 1 ? Number(r.lastInsertRowid) : null;
      }),
    );
  }

  /** Appends in one transaction; per input its log id, or null when (device, seq) was already there. */
  append(inputs: readonly LogInput[]): (number | null)[] {
    return this.appendMany(inputs);
  }

  /** Records with id > `after`, in log order, `batch` at a time (replay without loading the whole log). */
  *read(after = 0, batch = 10_000): Generator<LogRecord> {
    const q = this.db.prepare('SELECT id, received_ms, source, lane, device, format, seq, bytes FROM log WHERE id > ? ORDER BY id LIMIT ?');
    for (let from = after; ;) {
      const rows = q.all(from, batch) as { id: number; received_ms: number; source: string; lane: string; device: string; format: string; seq: number | null; bytes: Buffer }[];
      for (const r of rows) yield { id: r.id, receivedMs: r.received_ms, source: r.source, lane: r.lane, device: r.device, format: r.format, seq: r.seq, bytes: new Uint8Array(r.bytes) };
      if (rows.length < batch) return;
      from = rows[rows.length - 1].id;
    }
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM log').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
