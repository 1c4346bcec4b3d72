/**
 * A runs folder for the server and viewer tests, made with the real `ctwin`: a shrunk
 * port-reform run (two policies, with streams and report), a gate run, and a comparison.
 * Built once per test file (a few seconds).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ctwin, ROOT, tempDir } from '../cli/helpers.js';

export interface FixtureRuns {
  root: string;
  portId: string;
}

export function fixtureRuns(hours = 6): FixtureRuns {
  const root = tempDir('ctwin-serve-');
  const scen = join(root, 'port-small.yaml');
  writeFileSync(
    scen,
    readFileSync(join(ROOT, 'scenarios', 'port-reform.yaml'), 'utf8')
      .replace(/^name: port-reform$/m, 'name: port-small')
      .replace(/^  hours: 72$/m, `  hours: ${hours}`)
      .replace(/^  warmup_hours: 24$/m, '  warmup_hours: 1'),
  );
  const port = ctwin(['run', scen, '--policy', 'baseline,reform', '--out', join(root, 'port-small-seed11')]);
  expect(port.status, port.stderr).toBe(0);
  const gate = ctwin(['run', join(ROOT, 'scenarios', 'gate-mmc.yaml'), '--out', join(root, 'nested', 'gate-mmc-seed7')]);
  expect(gate.status, gate.stderr).toBe(0);
  const cmp = ctwin(['compare', scen, '--policies', 'baseline,reform', '--replications', '2', '--workers', '1', '--out', join(root, 'port-small-compare')]);
  expect(cmp.status, cmp.stderr).toBe(0);
  return { root, portId: 'port-small-seed11' };
}
