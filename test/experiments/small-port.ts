/** port-reform.yaml shrunk for tests: the same world and policies, a few hours after a 1-hour warm-up. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../scenarios/loader.js';
import { ROOT } from '../cli/helpers.js';

export function smallPort(hours = 8) {
  const text = readFileSync(join(ROOT, 'scenarios', 'port-reform.yaml'), 'utf8')
    .replace(/^  hours: 72$/m, `  hours: ${hours}`)
    .replace(/^  warmup_hours: 24$/m, '  warmup_hours: 1');
  return parseScenario(text, 'port-reform (shrunk)', 'port');
}
