/**
 * Comparisons as a planner relies on them: intervals that cover the truth as often as they claim,
 * common random numbers that make paired intervals narrower, and results that do not depend on
 * how many workers ran them.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/loader.js';
import { smallPort } from './small-port.js';
import { runComparison, seedList } from '../../experiments/compare.js';
import { aggregate } from '../../experiments/aggregate.js';
import { metricCatalog, PORT_METRICS } from '../../experiments/metrics-catalog.js';
import { runReplication } from '../../experiments/replication.js';
import { runPort } from '../../runner/run-port.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { ROOT } from '../cli/helpers.js';

const gate = loadScenario(join(ROOT, 'scenarios', 'gate-mmc.yaml'));


describe('interval coverage on the M/M/c gate (Erlang C known)', () => {
  it('95 % intervals from 200 independent comparisons of 10 replications cover Wq 93–97 % of the time', async () => {
    // 200 disjoint seed blocks, fixed so that the test is repeatable; 2,000 runs of 24 h
    const R = 10;
    let covered = 0;
    let truth = NaN;
    for (let k = 0; k < 200; k++) {
      const r = await runComparison({ scenario: gate, seeds: seedList(500_000 + k * R, R), workers: 0, version: 'test' });
      truth = r.theory!.wait_in_queue_mean_s;
      const m = r.policies[0].metrics.wait_in_queue_mean_s;
      expect(m.n).toBe(R);
      if (m.ci95[0] <= truth && truth <= m.ci95[1]) covered++;
    }
    expect(truth).toBeCloseTo(44.732, 2);
    expect(covered / 200).toBeGreaterThanOrEqual(0.93);
    expect(covered / 200).toBeLessThanOrEqual(0.97);
  }, 300_000);
});

describe('comparing port policies', () => {
  const port = smallPort();
  const policies = ['reform', 'reform-no-sharing'];

  it('common random numbers: paired intervals are narrower than unpaired ones on the same replications', async () => {
    const r = await runComparison({ scenario: port, policies, seeds: seedList(11, 6), workers: 2, version: 'test' });
    for (const key of ['clearance_mean_min', 'caught', 'revenue_recovered_rmb', 'consignments']) {
      const d = r.differences.find((x) => x.metric === key)!;
      expect(d.policy).toBe('reform-no-sharing');
      expect(d.vs).toBe('reform');
      expect(d.ci95[1] - d.ci95[0], key).toBeLessThan(d.ci95_unpaired[1] - d.ci95_unpaired[0]);
    }
    // the same world under both policies: the same consignments arrive
    const a = r.policies[0].replications.map((x) => x.metrics.consignments);
    const b = r.policies[1].replications.map((x) => x.metrics.consignments);
    expect(b).toEqual(a);
    // without information sharing, notices wait: clearance is slower, and the verdict says so
    const c = r.differences.find((x) => x.metric === 'clearance_mean_min')!;
    expect(c.significant).toBe(true);
    // Fieller's interval for the ratio of means: not symmetric, so both bounds
    expect(c.verdict).toMatch(/^slower by \d+ % \[\d+ %, \d+ %\]$/);
  }, 120_000);

  it('the result is the same bit for bit in this thread, on one worker or on two, and has the shape CI tools read', async () => {
    const here = await runComparison({ scenario: port, policies, seeds: seedList(3, 3), workers: 0, version: 'test' });
    const one = await runComparison({ scenario: port, policies, seeds: seedList(3, 3), workers: 1, version: 'test' });
    const two = await runComparison({ scenario: port, policies, seeds: seedList(3, 3), workers: 2, version: 'test' });
    expect(JSON.stringify(one)).toBe(JSON.stringify(here));
    expect(JSON.stringify(two)).toBe(JSON.stringify(here));
    const json = JSON.parse(JSON.stringify(one));
    for (const key of ['clearance_mean_min', 'clearance_p95_min', 'recall', 'hit_rate', 'check_rate', 'container_check_rate', 'revenue_recovered_rmb', 'revenue_recovered_share', 'gate_pass_mean_s', 'officer_utilisation', 'officer_hours_worked']) {
      for (const p of json.policies) {
        expect(typeof p.metrics[key].mean, `${p.name} ${key}`).toBe('number');
        expect(p.metrics[key].ci95).toHaveLength(2);
      }
      const d = json.differences.find((x: { metric: string }) => x.metric === key);
      expect(d).toMatchObject({ policy: 'reform-no-sharing', vs: 'reform', metric: key });
      expect(d.ci95).toHaveLength(2);
      expect(typeof d.relative === 'number' || d.relative === null).toBe(true);
    }
  }, 120_000);
});

describe('aggregate', () => {
  it('refuses results out of seed order (a lost or swapped replication would pair the wrong worlds)', () => {
    const rep = (seed: number) => ({ policy: 'a', seed, metrics: {}, charts: {} });
    const base = { kind: 'compare' as const, scenario: 's', scenario_hash: 'h', family: 'port' as const, version: 'v', policies: [{ name: 'a' }], catalog: metricCatalog('port') };
    expect(() => aggregate({ ...base, seeds: [1, 2], results: [[rep(2), rep(1)]] })).toThrow(/expected a on seed 1, got a on seed 2/);
  });

  it('a port replication reads every catalogue metric from the run, the headline ones as numbers', () => {
    const scenario = smallPort(4);
    const r = runReplication({ scenario, policy: 'reform', seed: 3 });
    const summary = runPort(portConfigFor(scenario, 'reform'), { seed: 3 }).metrics!;
    expect(Object.keys(r.metrics)).toEqual(PORT_METRICS.map((d) => d.key));
    for (const d of PORT_METRICS.filter((m) => m.headline)) expect(Number.isFinite(r.metrics[d.key]), d.key).toBe(true);
    expect(r.metrics.clearance_mean_min).toBe(summary.clearance_min.mean);
    expect(r.metrics.recall).toBe(summary.detection.recall);
    expect(r.metrics.consignments).toBe(summary.consignments.counted);
    expect(r.metrics.officer_utilisation).toBeGreaterThan(0);
    expect(r.metrics.officer_utilisation).toBeLessThan(1);
    // officer hours: the work done within the hours rostered, in the ratio utilisation reports
    expect(r.metrics.officer_hours_worked).toBeGreaterThan(0);
    expect(r.metrics.officer_hours_worked / r.metrics.officer_hours_on_duty).toBeCloseTo(r.metrics.officer_utilisation, 9);
    // document reviews are checks, not container inspections: the container rate is the smaller
    expect(r.metrics.check_rate).toBe(summary.detection.check_rate);
    expect(r.metrics.container_check_rate).toBe(summary.detection.container_checks.rate);
    expect(r.metrics.container_check_rate).toBeLessThan(r.metrics.check_rate);
    expect(r.metrics.revenue_recovered_rmb).toBe(summary.detection.revenue_recovered);
    // the histogram counts every released consignment once
    expect(r.charts.clearance_hist!.counts.reduce((a, b) => a + b, 0)).toBe(summary.consignments.released);
  });
});
