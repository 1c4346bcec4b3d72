/**
 * The road network: consignments and GPS position reports simulated per second for each policy of
 * a network scenario (full logic: every sealed trip driven report by report through the corridor
 * monitor; metrics from the stream), best of a few repeats. One JSON line.
 *
 *   node dist/bench/network.js [--scenario FILE] [--seed N] [--repeat N]
 */
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenarios/loader.js';
import { networkConfigFor } from '../scenarios/network-config.js';
import { runNetwork } from '../runner/run-network.js';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: join(root, 'scenarios', 'shanghai-ftz-2014.yaml') },
    seed: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' },
  },
});
const s = loadScenario(values.scenario!, 'network', 'bench/network');
const seed = Number(values.seed);
const repeat = Number(values.repeat);
const policies: Record<string, { best_s: number; consignments: number; consignments_per_s: number; trips: number; gps_reports_per_s: number; events: number }> = {};
for (const p of s.policies) {
  const cfg = networkConfigFor(s, p.name);
  let best = Infinity;
  let events = 0;
  let result: ReturnType<typeof runNetwork> | null = null;
  for (let i = 0; i < repeat; i++) {
    let n = 0;
    const t0 = performance.now();
    result = runNetwork(cfg, { seed, sink: () => void n++ });
    best = Math.min(best, (performance.now() - t0) / 1000);
    events = n;
  }
  const m = result!.metrics;
  // GPS reports: one per interval of each sealed trip (the extra tamper and arrival reports aside)
  const reports = (m.transit.trips * m.transit.mean_trip_h * 3600) / cfg.world.gps.intervalS;
  policies[p.name] = {
    best_s: best,
    consignments: m.consignments.lodged,
    consignments_per_s: m.consignments.lodged / best,
    trips: m.transit.trips,
    gps_reports_per_s: reports / best,
    events,
  };
}
process.stdout.write(JSON.stringify({ bench: 'network', scenario: s.name, days: s.horizon.days, seed, repeat, policies }) + '\n');
