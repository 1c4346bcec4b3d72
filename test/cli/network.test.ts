/**
 * `ctwin run` and `ctwin compare` on a network scenario (transit under e-seal, factory direct
 * release): the JSON printed and summary.json agree, the same seed gives byte-identical event
 * streams, another seed other numbers, an unknown policy is refused with exit 2 and nothing
 * written, and compare carries the network metrics. Runs suzhou-factory-direct.yaml as shipped
 * (28 days; about two seconds a run: `ctwin run` has no option to shorten the horizon).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/loader.js';
import { ctwin, refusedRun, ROOT, tempDir } from './helpers.js';

const SCENARIO = join(ROOT, 'scenarios', 'suzhou-factory-direct.yaml');
const SHIPPED = loadScenario(SCENARIO, 'network');
const POLICIES = SHIPPED.policies.map((p) => p.name);
const SEED = SHIPPED.seed ?? 1;
const quoted = POLICIES.map((p) => `'${p}'`).join(', ');

const TRANSIT_KEYS = ['trips', 'alerts', 'true_alerts', 'interceptions', 'smuggling_events', 'caught_in_transit', 'mean_trip_h'];

interface PolicyJson {
  name: string;
  metrics: { transit: Record<string, unknown>; cost_rmb: Record<string, unknown>; clearance_h: { n: number; mean: number } };
}
interface RunJson {
  scenario: string;
  seed: number;
  policies: PolicyJson[];
}

const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

let dir: string;
/** the run as the brief gives it: --json --out FULL (default seed), recorded in the test store */
let FULL: string;
let printed: RunJson;

beforeAll(() => {
  expect(POLICIES).toEqual(['transfer', 'factory-direct']);
  dir = tempDir('ctwin-network-');
  FULL = join(dir, 'full');
  const r = ctwin(['run', 'scenarios/suzhou-factory-direct.yaml', '--json', '--out', FULL]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  printed = JSON.parse(r.stdout) as RunJson;
}, 60_000);

describe('ctwin run <network scenario> --json', () => {
  it('prints { scenario, seed, policies: [{ name, metrics }] } with the transit figures and the costs', () => {
    expect(Object.keys(printed).sort()).toEqual(['policies', 'scenario', 'seed']);
    expect(printed).toMatchObject({ scenario: 'suzhou-factory-direct', seed: SEED });
    expect(printed.policies.map((p) => p.name)).toEqual(POLICIES);
    for (const p of printed.policies) {
      expect(Object.keys(p).sort()).toEqual(['metrics', 'name']);
      const t = p.metrics.transit;
      expect(Object.keys(t)).toEqual(expect.arrayContaining(TRANSIT_KEYS));
      for (const k of TRANSIT_KEYS) expect(typeof t[k], `${p.name}: transit.${k}`).toBe('number');
      const n = (k: string) => t[k] as number;
      expect(n('trips')).toBeGreaterThan(0);
      expect(n('mean_trip_h')).toBeGreaterThan(0);
      expect(n('true_alerts')).toBeLessThanOrEqual(n('alerts'));
      expect(n('caught_in_transit')).toBeLessThanOrEqual(n('smuggling_events'));
      for (const k of ['trips', 'alerts', 'true_alerts', 'interceptions', 'smuggling_events', 'caught_in_transit']) expect(Number.isInteger(n(k)), `${p.name}: transit.${k}`).toBe(true);
      const c = p.metrics.cost_rmb;
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['transport', 'holding']));
      expect(c.transport as number).toBeGreaterThan(0);
      expect(c.holding as number).toBeGreaterThanOrEqual(0);
    }
  });

  it('summary.json in the out folder has the same policies (name and metrics) as the printed JSON', () => {
    expect(readdirSync(FULL)).toEqual(expect.arrayContaining(['events', 'summary.json']));
    expect(readdirSync(join(FULL, 'events')).sort()).toEqual(POLICIES.map((p) => `${p}.ndjson`).sort());
    const s = readJson(join(FULL, 'summary.json'));
    expect(s).toMatchObject({ scenario: 'suzhou-factory-direct', seed: SEED, family: 'network', days: SHIPPED.horizon.days, flows: 2 });
    expect(s.policies.map((p: { name: string; metrics: unknown }) => ({ name: p.name, metrics: p.metrics }))).toEqual(printed.policies);
  });

  it('the same seed twice: byte-identical event streams', () => {
    const again = join(dir, 'again');
    const r = ctwin(['run', SCENARIO, '--json', '--out', again, '--no-store', '--no-report']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(printed);
    const files = readdirSync(join(FULL, 'events')).sort();
    expect(readdirSync(join(again, 'events')).sort()).toEqual(files);
    for (const f of files) {
      const a = readFileSync(join(FULL, 'events', f));
      expect(a.length, f).toBeGreaterThan(0);
      expect(a.equals(readFileSync(join(again, 'events', f))), f).toBe(true);
    }
  }, 30_000);

  it('--seed 7 changes the numbers, and the seed is recorded', () => {
    const out = join(dir, 'seed7');
    const r = ctwin(['run', SCENARIO, '--json', '--out', out, '--no-store', '--no-report', '--no-events', '--seed', '7']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as RunJson;
    expect(j.seed).toBe(7);
    expect(readJson(join(out, 'summary.json')).seed).toBe(7);
    expect(j.policies.map((p) => p.name)).toEqual(POLICIES);
    j.policies.forEach((p, i) => expect(p.metrics, p.name).not.toEqual(printed.policies[i].metrics));
    expect(j.policies[0].metrics.clearance_h.mean).not.toBe(printed.policies[0].metrics.clearance_h.mean);
  }, 30_000);
});

describe('ctwin run <network scenario> refuses bad input: exit 2, one clear message, nothing written', () => {
  it('--policy nope, naming the policies there are', () => {
    refusedRun([SCENARIO, '--policy', 'nope'], new RegExp(`--policy: scenario 'suzhou-factory-direct' has no policy 'nope'; its policies are ${quoted}$`, 'm'));
  });

  it('--policy nope with --json: still exit 2, nothing on stdout, nothing written', () => {
    refusedRun([SCENARIO, '--json', '--policy', 'nope'], /has no policy 'nope'; its policies are 'transfer', 'factory-direct'$/m);
  });
});

describe('ctwin compare <network scenario>', () => {
  it('--replications 3 --json: exit 0, family network, the network metrics (clearance_h_mean, transit_caught_share)', () => {
    const out = join(dir, 'compare');
    const r = ctwin(['compare', SCENARIO, '--replications', '3', '--json', '--out', out, '--no-store', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.family).toBe('network');
    expect(j.scenario).toBe('suzhou-factory-direct');
    expect(j.replications).toBe(3);
    const keys = j.metrics_catalog.map((m: { key: string }) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['clearance_h_mean', 'transit_caught_share']));
    expect(j.policies.map((p: { name: string }) => p.name)).toEqual(POLICIES);
    for (const p of j.policies) {
      for (const k of ['clearance_h_mean', 'transit_caught_share']) {
        expect(p.metrics[k], `${p.name}: ${k}`).toMatchObject({ n: 3 });
        expect(Number.isFinite(p.metrics[k].mean), `${p.name}: ${k}`).toBe(true);
      }
      expect(p.metrics.clearance_h_mean.mean).toBeGreaterThan(0);
      expect(p.metrics.transit_caught_share.mean).toBeGreaterThanOrEqual(0);
      expect(p.metrics.transit_caught_share.mean).toBeLessThanOrEqual(1);
    }
    // the file says what was printed
    expect(readJson(join(out, 'compare.json'))).toEqual(j);
  }, 60_000);
});
