/**
 * `ctwin run` and `ctwin compare` on a zone scenario (processing trade: e-account books,
 * write-off, audit): every policy on the same world, one stream per policy, reproducible byte for
 * byte, assertions failing the build, bad input refused with exit 2 and nothing written.
 * Runs suzhou-networked-zone.yaml as shipped (about a second a run).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/loader.js';
import { ctwin, tempDir, ROOT, refusedRun } from './helpers.js';

const SCENARIO = join(ROOT, 'scenarios', 'suzhou-networked-zone.yaml');
const POLICIES = loadScenario(SCENARIO, 'zone').policies.map((p) => p.name);
const quoted = POLICIES.map((p) => `'${p}'`).join(', ');
const SEED = 2005;

let dir: string;
/** every policy, default options: the output folder and what was printed */
let FULL: string;
let fullStdout: string;

const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

function runTo(out: string, ...extra: string[]) {
  const r = ctwin(['run', SCENARIO, '--out', out, '--no-store', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

beforeAll(() => {
  expect(POLICIES).toEqual(['paper-books', 'networked', 'networked-work-order']);
  dir = tempDir('ctwin-zone-');
  FULL = join(dir, 'full');
  fullStdout = runTo(FULL).stdout;
}, 60_000);

describe('ctwin run <zone scenario>', () => {
  it('runs every policy: summary.json (family zone), one stream per policy, a side-by-side table', () => {
    expect(readdirSync(FULL).sort()).toEqual(['events', 'report.html', 'summary.json']);
    expect(readdirSync(join(FULL, 'events')).sort()).toEqual(POLICIES.map((p) => `${p}.ndjson`).sort());

    const s = readJson(join(FULL, 'summary.json'));
    expect(s).toMatchObject({ schema: 'customs-twin.summary/1', scenario: 'suzhou-networked-zone', seed: SEED, engine: 'compiled', family: 'zone', days: 182, enterprises: 60 });
    expect(s.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.policies.map((p: { name: string }) => p.name)).toEqual(POLICIES);
    for (const p of s.policies) {
      const m = p.metrics;
      expect(m.enterprises).toBe(60);
      expect(m.days).toBe(182);
      expect(Object.keys(m.revenue)).toEqual(expect.arrayContaining(['at_stake', 'recovered', 'lost', 'collected']));
      expect(m.revenue.collected).toBeGreaterThan(0);
      expect(m.revenue.lost).toBeCloseTo(m.revenue.at_stake - m.revenue.recovered, 6);
      const byMechanism = m.write_off.detection_by_mechanism;
      expect(Object.keys(byMechanism).sort()).toEqual(['audit', 'gate', 'verification', 'write_off']);
      const caught = Object.values(byMechanism as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(caught).toBe(m.violations.detected);
      expect(m.enterprise_admin_hours.total).toBeGreaterThan(0);
      expect(p.counts.events_processed).toBeGreaterThan(0);
    }
    // the same world: the same enterprises, the same violations begun, under every policy
    expect(new Set(s.policies.map((p: { metrics: { violations: { count: number } } }) => p.metrics.violations.count)).size).toBe(1);
    // paper books: no weekly ERP verification, so nothing caught by it
    expect(s.policies[0].metrics.write_off.detection_by_mechanism.verification).toBe(0);

    // the readable table: a header with every policy, the rows of the zone family
    const header = fullStdout.split('\n').find((l) => POLICIES.every((p) => l.includes(p)));
    expect(header).toBeDefined();
    for (const row of ['bonded-goods violations', 'by verification', 'by write-off', 'revenue (RMB)', 'lost (not recovered)', 'hours on formalities']) {
      expect(fullStdout).toContain(row);
    }
    expect(fullStdout).toMatch(/written\s+.*summary\.json/);
    expect(fullStdout).toMatch(/wall time\s+[\d.]+ s/);

    // each stream: a header naming its policy, then time-ordered events, every line JSON
    for (const p of POLICIES) {
      const lines = readFileSync(join(FULL, 'events', `${p}.ndjson`), 'utf8').trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      const events = lines.map((l) => JSON.parse(l));
      expect(events[0]).toMatchObject({ type: 'run.header', schema: 'customs-twin.events/1', scenario: 'suzhou-networked-zone', seed: SEED, policy: p, scenario_hash: s.scenario_hash });
      for (let i = 2; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
      // the explicit book is the first enterprise
      expect(events.find((ev) => ev.type === 'bond.enterprise')).toMatchObject({ id: 'E01-DISPLAY', enterprise: 0 });
    }
  });

  it('--policy networked runs only that policy', () => {
    const out = join(dir, 'one');
    runTo(out, '--policy', 'networked');
    expect(readdirSync(join(out, 'events'))).toEqual(['networked.ndjson']);
    const s = readJson(join(out, 'summary.json'));
    expect(s.family).toBe('zone');
    expect(s.policies.map((p: { name: string }) => p.name)).toEqual(['networked']);
    // a policy on its own sees the world it sees beside the others
    const full = readJson(join(FULL, 'summary.json'));
    expect(s.policies[0].metrics).toEqual(full.policies[1].metrics);
    expect(readFileSync(join(out, 'events', 'networked.ndjson')).equals(readFileSync(join(FULL, 'events', 'networked.ndjson')))).toBe(true);
  }, 30_000);

  it('--json prints { scenario, seed, policies: [{ name, metrics }] } on one line, as in summary.json', () => {
    const out = join(dir, 'json');
    const r = runTo(out, '--json', '--policy', 'paper-books,networked');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['policies', 'scenario', 'seed']);
    expect(j).toMatchObject({ scenario: 'suzhou-networked-zone', seed: SEED });
    const s = readJson(join(out, 'summary.json'));
    expect(j.policies).toEqual(s.policies.map((p: { name: string; metrics: unknown }) => ({ name: p.name, metrics: p.metrics })));
    expect(j.policies.map((p: { name: string }) => p.name)).toEqual(['paper-books', 'networked']);
  }, 30_000);

  it('--seed 7 twice: byte-identical event streams and summary; the seed is recorded and changes the run', () => {
    const a = join(dir, 'seed7-a');
    const b = join(dir, 'seed7-b');
    runTo(a, '--seed', '7');
    runTo(b, '--seed', '7');
    for (const f of [...POLICIES.map((p) => join('events', `${p}.ndjson`)), 'summary.json']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    }
    expect(readJson(join(a, 'summary.json')).seed).toBe(7);
    expect(JSON.parse(readFileSync(join(a, 'events', 'networked.ndjson'), 'utf8').split('\n')[0]).seed).toBe(7);
    expect(readFileSync(join(a, 'events', 'networked.ndjson')).equals(readFileSync(join(FULL, 'events', 'networked.ndjson')))).toBe(false);
  }, 30_000);

  it("--assert 'enterprise_admin_hours < 1' fails the run: exit 1, FAIL naming every policy's figure", () => {
    const out = join(dir, 'assert');
    const r = ctwin(['run', SCENARIO, '--out', out, '--no-store', '--no-events', '--assert', 'enterprise_admin_hours < 1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL enterprise_admin_hours < 1: paper-books [\d.]+ ✗, networked [\d.]+ ✗, networked-work-order [\d.]+ ✗ \(one run\)$/m);
    // the run itself was written
    expect(readJson(join(out, 'summary.json')).family).toBe('zone');
    // a passing one: exit 0
    const ok = ctwin(['run', SCENARIO, '--out', out, '--no-store', '--no-events', '--policy', 'networked', '--assert', 'enterprise_admin_hours > 1']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^PASS enterprise_admin_hours > 1: networked [\d.]+ \(one run\)$/m);
    // with --json the failure goes to stderr and stdout stays one JSON line
    const j = ctwin(['run', SCENARIO, '--out', out, '--no-store', '--no-events', '--json', '--policy', 'networked', '--assert', 'enterprise_admin_hours < 1']);
    expect(j.status).toBe(1);
    expect(j.stderr).toMatch(/^FAIL enterprise_admin_hours < 1: networked [\d.]+ ✗ \(one run\)$/m);
    expect(JSON.parse(j.stdout).scenario).toBe('suzhou-networked-zone');
  }, 30_000);
});

describe('ctwin run <zone scenario> refuses bad input: exit 2, one clear message, nothing written', () => {
  const refused = refusedRun;

  it('--policy nope, naming the policies there are', () => {
    refused([SCENARIO, '--policy', 'nope'], new RegExp(`--policy: scenario 'suzhou-networked-zone' has no policy 'nope'; its policies are ${quoted}$`, 'm'));
  });

  it('a book with negative opening stock: FILE:LINE:COL: PATH: MESSAGE naming the enterprise and the material', () => {
    const bad = join(tempDir(), 'bad-book.yaml');
    const text = readFileSync(SCENARIO, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('{ number: LCD-17A, item: 1, stock: 1800,')) + 1;
    expect(line).toBeGreaterThan(1);
    writeFileSync(bad, text.replace('{ number: LCD-17A, item: 1, stock: 1800,', '{ number: LCD-17A, item: 1, stock: -5,'));
    refused(
      [bad],
      new RegExp(
        `bad-book\\.yaml:${line}:\\d+: books\\[0\\]\\.materials\\[1\\]\\.stock: enterprise 'E01-DISPLAY': material 'LCD-17A': opening stock -5 is negative$`,
        'm',
      ),
    );
  });

  it('a BOM naming a material the book does not have', () => {
    const bad = join(tempDir(), 'bad-bom.yaml');
    writeFileSync(bad, readFileSync(SCENARIO, 'utf8').replace('bom: { LCD-17A: 1,', 'bom: { LCD-19A: 1,'));
    refused([bad], /bad-bom\.yaml:\d+:\d+: books\[0\]\.products\[1\]\.bom\.LCD-19A: enterprise 'E01-DISPLAY': product 'MON-17' consumes material 'LCD-19A', which the book does not have$/m);
  });
});

describe('ctwin compare <zone scenario>', () => {
  it('--replications 3: compare.json (family zone, the zone metrics) and report.html', () => {
    const out = join(dir, 'compare');
    const r = ctwin(['compare', SCENARIO, '--replications', '3', '--out', out, '--no-store']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*compare\.json/);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['compare.json', 'report.html']));
    const c = readJson(join(out, 'compare.json'));
    expect(c.family).toBe('zone');
    expect(c.scenario).toBe('suzhou-networked-zone');
    const keys = c.metrics_catalog.map((m: { key: string }) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['revenue_lost', 'detection_days_mean', 'enterprise_admin_hours']));
    expect(c.policies.map((p: { name: string }) => p.name)).toEqual(POLICIES);
    expect(c.replications).toBe(3);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<html/i);
  }, 60_000);
});
