/**
 * Builds dist/ once before the tests that run the real `ctwin` binary (exit codes, files
 * written, nothing written on bad input can only be checked on the built command).
 */
import { execFileSync } from 'node:child_process';

export function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
