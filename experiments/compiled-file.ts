/**
 * Where a module that must run in a thread of its own lives: next to the caller in dist/, or,
 * when the caller runs from its TypeScript source (under vitest), at the same place in dist/,
 * which the tests' global setup builds. A thread cannot load TypeScript.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `name` (e.g. 'replication-worker.js') beside the module at `callerUrl` (its import.meta.url), compiled; `folder` is its folder under dist/. */
export function compiledSibling(callerUrl: string, folder: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  const file = here.endsWith('.ts') ? fileURLToPath(new URL(`../dist/${folder}/${name}`, callerUrl)) : fileURLToPath(new URL(`./${name}`, callerUrl));
  if (!existsSync(file)) throw new Error(`${name} not found at ${file}: run npm run build`);
  return file;
}
