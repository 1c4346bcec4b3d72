/**
 * A fingerprint of the simulation code a replication runs: the compiled files that decide its
 * result (sim, runner, reports, scenarios, experiments, hardware-emu), hashed in path order. Jobs
 * on a shared queue are keyed by it, so a stored result is reused only by the same code, and a
 * worker running other code refuses a job instead of answering it wrongly.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FOLDERS = ['sim', 'runner', 'reports', 'scenarios', 'experiments', 'hardware-emu'];

/** dist/ of this project, whether this module runs from dist/ or from its TypeScript source (tests). */
function distDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('code fingerprint: no package.json above this module');
    dir = up;
  }
  // from dist/experiments the walk ends at the project root too
  return join(dir, 'dist');
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.js') ? [p] : [];
    });
}

let cached: string | null = null;

export function codeFingerprint(): string {
  if (cached !== null) return cached;
  const dist = distDir();
  const h = createHash('sha256');
  const all = FOLDERS.flatMap((f) => files(join(dist, f)));
  if (all.length === 0) throw new Error(`code fingerprint: no compiled code under ${dist}: run npm run build`);
  for (const f of all) {
    h.update(relative(dist, f));
    h.update('\0');
    h.update(readFileSync(f));
  }
  cached = h.digest('hex').slice(0, 16);
  return cached;
}
