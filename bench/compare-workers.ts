/**
 * Parallel speed-up of `ctwin compare`: the same 20 replications on one worker and on two,
 * alternated over rounds so that drift in the shared host's speed hits both alike. Reports the
 * wall times, the speed-up and whether the two results are identical bit for bit.
 *
 *   node dist/bench/compare-workers.js [--scenario FILE] [--policy NAME] [--replications 20] [--rounds 2]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../scenarios/loader.js';
import { runComparison, seedList } from '../experiments/compare.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'scenarios/port-reform.yaml' },
    policy: { type: 'string', default: 'reform' },
    replications: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
  },
});
const scenario = loadScenario(values.scenario!);
const seeds = seedList(scenario.seed ?? 1, Number(values.replications));
const times: Record<number, number[]> = { 1: [], 2: [] };
// CPU time of all threads over wall time: above 1 with one worker means V8's own helper threads
// (parallel scavenges, concurrent marking, compilation) already use the second core
const cores: Record<number, number[]> = { 1: [], 2: [] };
const outputs: Record<number, string> = {};
for (let round = 0; round < Number(values.rounds); round++) {
  for (const workers of round % 2 === 0 ? [1, 2] : [2, 1]) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await runComparison({ scenario, policies: [values.policy!], seeds, workers, version: 'bench' });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    times[workers].push(wall);
    cores[workers].push((cpu.user + cpu.system) / 1e6 / wall);
    outputs[workers] = JSON.stringify(r);
  }
}
const best = (xs: number[]) => Math.min(...xs);
process.stdout.write(
  JSON.stringify({
    bench: 'compare-workers',
    scenario: scenario.name,
    policy: values.policy,
    replications: seeds.length,
    wall_s_1_worker: times[1],
    wall_s_2_workers: times[2],
    speedup_best: best(times[1]) / best(times[2]),
    speedup_per_round: times[1].map((t, i) => t / times[2][i]),
    cores_busy_1_worker: cores[1],
    cores_busy_2_workers: cores[2],
    per_replication_s_1_worker: best(times[1]) / seeds.length,
    identical: outputs[1] === outputs[2],
  }) + '\n',
);
