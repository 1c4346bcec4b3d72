/**
 * The processing-trade zone: enterprise-days simulated per second for each policy of a zone
 * scenario (full logic, metrics from the stream), best of a few repeats. One JSON line.
 *
 *   node dist/bench/zone.js [--scenario FILE] [--seed N] [--repeat N]
 */
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenarios/loader.js';
import { zoneConfigFor } from '../scenarios/zone-config.js';
import { runZone } from '../runner/run-zone.js';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: join(root, 'scenarios', 'suzhou-networked-zone.yaml') },
    seed: { type: 'string', default: '2005' },
    repeat: { type: 'string', default: '5' },
  },
});
const s = loadScenario(values.scenario!, 'zone', 'bench/zone');
const seed = Number(values.seed);
const repeat = Number(values.repeat);
const policies: Record<string, { best_s: number; enterprise_days_per_s: number; events: number }> = {};
for (const p of s.policies) {
  const cfg = zoneConfigFor(s, p.name);
  let best = Infinity;
  let events = 0;
  for (let i = 0; i < repeat; i++) {
    let n = 0;
    const t0 = performance.now();
    runZone(cfg, { seed, sink: () => void n++ });
    best = Math.min(best, (performance.now() - t0) / 1000);
    events = n;
  }
  policies[p.name] = { best_s: best, enterprise_days_per_s: (s.population.enterprises * s.horizon.days) / best, events };
}
process.stdout.write(JSON.stringify({ bench: 'zone', scenario: s.name, enterprises: s.population.enterprises, days: s.horizon.days, seed, repeat, policies }) + '\n');
