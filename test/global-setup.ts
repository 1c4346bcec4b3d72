/**
 * Builds dist/ once before the tests: the tests that run the real `ctwin` binary (exit codes,
 * files written, nothing written on bad input can only be checked on the built command) and
 * the browser tests of the viewer (dist/viewer, built by Vite).
 */
import { execFileSync } from 'node:child_process';

export function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
