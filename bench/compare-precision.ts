/**
 * What `ctwin compare --precision` costs over a fixed comparison of as many replications: the
 * sequential procedure re-aggregates (intervals, bootstraps, steady-state checks) after each round.
 * Runs both in this thread (workers 0) so that process CPU time holds all the work; alternated
 * over rounds. Reports the CPU ratio (issue 25 asks ≤ 1.10) and whether the two results agree.
 *
 *   node dist/bench/compare-precision.js [--scenario FILE] [--precision 0.05] [--rounds 2]
 */
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenarios/loader.js';
import { runComparison, seedList } from '../experiments/compare.js';
import { runToPrecision } from '../experiments/precision.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'scenarios/gate-mmc.yaml' },
    precision: { type: 'string', default: '0.05' },
    rounds: { type: 'string', default: '2' },
  },
});
const scenario = loadScenario(values.scenario!);
const first = scenario.seed ?? 1;
const cpu = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1e6, r];
};
const seq: number[] = [];
const fixed: number[] = [];
let n = 0;
let same = true;
for (let round = 0; round < Number(values.rounds); round++) {
  const [ts, r] = await cpu(() => runToPrecision({ scenario, workers: 0, version: 'bench', firstSeed: first, initial: 5, precision: Number(values.precision), maxReplications: 200 }));
  n = r.replications;
  const [tf, f] = await cpu(() => runComparison({ scenario, seeds: seedList(first, n), workers: 0, version: 'bench' }));
  seq.push(ts);
  fixed.push(tf);
  same &&= JSON.stringify(f.policies) === JSON.stringify(r.policies);
}
const best = (xs: number[]) => Math.min(...xs);
process.stdout.write(
  JSON.stringify({ bench: 'compare-precision', scenario: scenario.name, precision: Number(values.precision), replications: n, cpu_s_precision: seq, cpu_s_fixed: fixed, cpu_ratio_best: best(seq) / best(fixed), identical: same }) + '\n',
);
