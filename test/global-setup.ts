/**
 * Builds dist/ once before the tests: the tests that run the real `ctwin` binary (exit codes,
 * files written, nothing written on bad input can only be checked on the built command) and
 * the browser tests of the viewer (dist/viewer, built by Vite).
 *
 * Type errors do not stop the build here: `npm test` type-checks the whole tree before vitest
 * starts and fails on them; tsc still writes the JavaScript, so a single test file can be run
 * while another part of the tree is half-edited.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function setup(): void {
  warmNpx();
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (tsc.error) throw tsc.error;
  // tsc exits 2 when it wrote the files despite type errors, 1 when it could not write them
  if (tsc.status !== 0 && tsc.status !== 2) throw new Error(`tsc -p tsconfig.build.json exited ${tsc.status}`);
  execFileSync(process.execPath, ['scripts/bin-executable.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

/**
 * Some tests start ctwin as the README tells users to, with `npx ctwin`. In the package's own folder
 * npm does that by installing the folder into its npx cache the first time, which runs the
 * package's `prepare` (a full build, tens of seconds). Done by two tests at once, or while other
 * tests run from dist/, that races (a half-made cache entry, dist/ rewritten under a running
 * test), so it is done once here, before the build below and before any test.
 */
function warmNpx(): void {
  const r = spawnSync('npx', ['--no', 'ctwin', '--', '--version'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.error) throw r.error;
}
