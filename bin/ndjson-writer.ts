/**
 * Writes the event stream as NDJSON, buffered: one `{"t":…,"id":…,"type":…,…}` object per line.
 * The file is written under a temporary name and renamed by `commit()`, so a failed run leaves
 * no half-written stream behind.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { EventObject } from 'xstate';

const FLUSH_AT = 1 << 20;

export class NdjsonWriter {
  private readonly fd: number;
  private buf = '';
  private closed = false;
  lines = 0;

  constructor(
    private readonly path: string,
    private readonly tmpPath = `${path}.partial`,
  ) {
    this.fd = openSync(tmpPath, 'w');
  }

  readonly write = (t: number, id: string, ev: EventObject): void => {
    this.buf += JSON.stringify({ t, id, ...ev }) + '\n';
    this.lines++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  };

  private flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf);
    this.buf = '';
  }

  /** Flushes and closes the temporary file; `commit()` renames it later. */
  finish(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }

  commit(): void {
    this.finish();
    renameSync(this.tmpPath, this.path);
  }

  abort(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
    rmSync(this.tmpPath, { force: true });
  }
}
