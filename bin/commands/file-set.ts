/**
 * Writes a set of files into an output folder all or nothing: each under a `.partial` name first,
 * renamed only when all are written; on failure the partial files (and a folder this call made) go.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareOutput } from './output.js';

/** One file, whole or not at all: written under `.partial`, renamed when complete. */
export function writeFileAtomic(file: string, content: string): void {
  try {
    writeFileSync(file + '.partial', content);
    renameSync(file + '.partial', file);
  } catch (err) {
    rmSync(file + '.partial', { force: true });
    throw err;
  }
}

/** `stale`: files of other experiment kinds (or options) that must not sit beside these once written. */
export function writeFileSet(out: string, files: Record<string, string>, stale: readonly string[] = []): string[] {
  const created = prepareOutput(out);
  const names = Object.keys(files);
  try {
    for (const n of names) writeFileSync(join(out, n + '.partial'), files[n]);
    for (const n of names) renameSync(join(out, n + '.partial'), join(out, n));
    for (const n of stale) if (!(n in files)) rmSync(join(out, n), { force: true });
  } catch (err) {
    for (const n of names) rmSync(join(out, n + '.partial'), { force: true });
    if (created) rmSync(out, { recursive: true, force: true });
    throw err;
  }
  return names.map((n) => join(out, n));
}
