/**
 * `ctwin run` and `ctwin bench scenario` on a port scenario: every policy on the same world, one
 * stream per policy, reproducible byte for byte, bad input refused with exit 2 and nothing written.
 * The scenario is port-reform.yaml shrunk to 4 hours so that the suite stays fast.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/loader.js';
import { SEMI_SPACE_MB } from '../../runner/node-flags.js';
import { spawn } from 'node:child_process';
import { ctwin, ctwinPlain, tempDir, ROOT, refusedRun, CTWIN, TEST_STORE } from './helpers.js';

const SOURCE = join(ROOT, 'scenarios', 'port-reform.yaml');
/** the policies of port-reform.yaml, in file order (the tests need at least three) */
const POLICIES = loadScenario(SOURCE, 'port').policies.map((p) => p.name);
const quoted = POLICIES.map((p) => `'${p}'`).join(', ');
let dir: string;
let SCENARIO: string;
/** every policy, default options: the output folder and what was printed */
let FULL: string;
let fullStdout: string;

function shrink(text: string): string {
  const small = text.replace(/^  hours: 72$/m, '  hours: 4').replace(/^  warmup_hours: 24$/m, '  warmup_hours: 1');
  expect(small).toMatch(/^  hours: 4$/m);
  expect(small).toMatch(/^  warmup_hours: 1$/m);
  return small;
}

beforeAll(() => {
  dir = tempDir('ctwin-port-');
  SCENARIO = join(dir, 'port-small.yaml');
  expect(POLICIES.length).toBeGreaterThanOrEqual(3);
  expect(POLICIES.slice(0, 3)).toEqual(['baseline', 'reform', 'reform-rules']);
  expect(POLICIES).toContain('random-control');
  writeFileSync(SCENARIO, shrink(readFileSync(SOURCE, 'utf8')));
  FULL = join(dir, 'full');
  fullStdout = runTo(FULL).stdout;
});

function runTo(out: string, ...extra: string[]) {
  const r = ctwin(['run', SCENARIO, '--out', out, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

describe('ctwin run <port scenario>', () => {
  it('runs every policy on the same world: summary.json, one stream per policy, a side-by-side table', () => {
    const out = FULL;
    const r = { stdout: fullStdout };
    expect(readdirSync(out).sort()).toEqual(['events', 'report.html', 'summary.json']);
    expect(readdirSync(join(out, 'events')).sort()).toEqual(POLICIES.map((p) => `${p}.ndjson`).sort());

    const s = readJson(join(out, 'summary.json'));
    expect(s).toMatchObject({ schema: 'customs-twin.summary/1', scenario: 'port-reform', seed: 11, engine: 'compiled' });
    expect(s.scenario_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof s.version).toBe('string');
    expect(s.policies.map((p: { name: string }) => p.name)).toEqual(POLICIES);
    const arrived = s.policies.map((p: { metrics: { consignments: { arrived: number } } }) => p.metrics.consignments.arrived);
    expect(arrived[0]).toBeGreaterThan(200);
    expect(new Set(arrived).size).toBe(1); // same seed, same world
    for (const p of s.policies) {
      expect(p.metrics.consignments.counted).toBeGreaterThan(0);
      expect(p.metrics.clearance_min.mean).toBeGreaterThan(0);
      expect(p.site).toHaveProperty('risk');
      expect(p.site).toHaveProperty('officers');
      expect(p.site).toHaveProperty('resources');
      expect(p.final.consignments_created).toBe(p.metrics.consignments.arrived);
    }

    // the readable table: a column per policy, the rows the brief names
    const header = r.stdout.split('\n').find((l) => POLICIES.every((p) => l.includes(p)));
    expect(header).toBeDefined();
    for (const row of ['counted', 'released', 'seized', 'p95', 'decision → release', 'smart lanes', 'recall', 'hit rate', 'false alarms', 'physical_inspector']) {
      expect(r.stdout).toContain(row);
    }
    // names that say what they count, as the report names them: a document review is a check, not a container inspection;
    // revenue recovered is an amount in RMB, its share of what was at stake another row
    expect(r.stdout).not.toMatch(/^ {2}inspection rate/m);
    expect(r.stdout).toMatch(/^ {2}checked at all \(documents, scan or opening\) +\d/m);
    expect(r.stdout).toMatch(/^ {2}container checked \(scanned or opened\) +\d/m);
    expect(r.stdout).toMatch(/^ {2}revenue recovered \(RMB\) +[\d,]+ /m);
    expect(r.stdout).toMatch(/^ {2}revenue recovered, share of revenue at stake +(\d+\.\d %|n\/a)/m);
    expect(r.stdout).toMatch(/^ {2}hours worked \(busy on tasks\) +[\d,]+/m);
    const base = s.policies[0].metrics.detection;
    expect(base.check_rate).toBeGreaterThan(base.container_checks.rate);
    expect(r.stdout).toMatch(/written\s+.*summary\.json/);
    expect(r.stdout).toMatch(/wall time\s+[\d.]+ s/);

    // each stream: a header naming its policy, then time-ordered events, every line JSON
    for (const p of POLICIES) {
      const lines = readFileSync(join(out, 'events', `${p}.ndjson`), 'utf8').trimEnd().split('\n');
      const events = lines.map((l) => JSON.parse(l));
      expect(events[0]).toMatchObject({ type: 'run.header', schema: 'customs-twin.events/1', scenario: 'port-reform', seed: 11, policy: p, scenario_hash: s.scenario_hash });
      for (let i = 2; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
      expect(events.filter((e) => e.type === 'consignment.arrived').length).toBe(arrived[0]);
    }
  });

  it('same seed twice: byte-identical streams and summary', () => {
    const again = join(tempDir(), 'again');
    runTo(again);
    for (const f of [...POLICIES.map((p) => join('events', `${p}.ndjson`)), 'summary.json']) {
      expect(readFileSync(join(FULL, f)).equals(readFileSync(join(again, f))), f).toBe(true);
    }
  });

  it('the xstate executor writes the same streams; the summaries differ only in the engine named', () => {
    const base = tempDir();
    runTo(join(base, 'compiled'), '--policy', 'reform');
    runTo(join(base, 'xstate'), '--policy', 'reform', '--engine', 'xstate');
    const f = join('events', 'reform.ndjson');
    expect(readFileSync(join(base, 'xstate', f)).equals(readFileSync(join(base, 'compiled', f)))).toBe(true);
    const [a, b] = ['compiled', 'xstate'].map((d) => readJson(join(base, d, 'summary.json')));
    expect(b.engine).toBe('xstate');
    expect({ ...b, engine: 'compiled' }).toEqual(a);
  });

  it('--policy picks policies (repeatable, comma-separated); a rerun removes the streams of policies it did not run', () => {
    const out = join(tempDir(), 'out');
    cpSync(FULL, out, { recursive: true });
    runTo(out, '--policy', 'random-control');
    expect(readdirSync(join(out, 'events'))).toEqual(['random-control.ndjson']);
    expect(readJson(join(out, 'summary.json')).policies.map((p: { name: string }) => p.name)).toEqual(['random-control']);
    runTo(out, '--policy', 'reform-rules,reform', '--policy', 'random-control');
    expect(readJson(join(out, 'summary.json')).policies.map((p: { name: string }) => p.name)).toEqual(['reform-rules', 'reform', 'random-control']);
  });

  it('--json prints { scenario, seed, policies: [{ name, metrics }] } on one line, as in summary.json', () => {
    const out = join(tempDir(), 'out');
    const r = runTo(out, '--json', '--seed', '3');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['policies', 'scenario', 'seed']);
    expect(j.scenario).toBe('port-reform');
    expect(j.seed).toBe(3);
    const s = readJson(join(out, 'summary.json'));
    expect(j.policies).toEqual(s.policies.map((p: { name: string; metrics: unknown }) => ({ name: p.name, metrics: p.metrics })));
  });

  it('--no-events writes the summary only and removes the streams of an earlier run', () => {
    const out = join(tempDir(), 'out');
    runTo(out, '--policy', 'reform');
    expect(existsSync(join(out, 'events', 'reform.ndjson'))).toBe(true);
    runTo(out, '--policy', 'reform', '--no-events', '--seed', '2');
    expect(readdirSync(out).sort()).toEqual(['report.html', 'summary.json']);
    expect(readJson(join(out, 'summary.json')).seed).toBe(2);
  });
});

describe('ctwin run <port scenario> refuses bad input: exit 2, one clear message, nothing written', () => {
  const refused = refusedRun;
  it('an unknown policy, naming the policies there are', () => {
    refused([SCENARIO, '--policy', 'reform,nope'], new RegExp(`--policy: scenario 'port-reform' has no policy 'nope'; its policies are ${quoted}$`, 'm'));
  });
  it('--policy on a gate scenario', () => {
    refused([join(ROOT, 'scenarios', 'gate-mmc.yaml'), '--policy', 'reform'], /--policy: .*gate scenario/);
  });
  it('an output folder whose events/ is a file: exit 2, the folder left as it was', () => {
    const out = tempDir();
    writeFileSync(join(out, 'events'), 'keep me');
    const r = ctwin(['run', SCENARIO, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/events exists and is not a folder/);
    expect(readdirSync(out)).toEqual(['events']);
    expect(readFileSync(join(out, 'events'), 'utf8')).toBe('keep me');
  });
  it('a broken port scenario, with file:line:col', () => {
    const bad = join(tempDir(), 'broken.yaml');
    writeFileSync(bad, readFileSync(SCENARIO, 'utf8').replace('scanners: 2 }', 'scanners: -2 }'));
    refused([bad], /broken\.yaml:\d+:\d+: policies\[1\]\.inspection\.scanners: /);
  });
});

describe('ctwin bench scenario', () => {
  it('--json prints the documented fields, with positive figures; nothing written', () => {
    const cwd = tempDir();
    const r = ctwinPlain(['bench', 'scenario', SCENARIO, '--policy', 'reform-rules', '--repeat', '2', '--json'], cwd);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    for (const k of ['consignments', 'consignments_per_s', 'events', 'events_per_s', 'emits', 'wall_s', 'cpu_s', 'consignments_per_cpu_s', 'peak_rss_mb']) {
      expect(typeof j[k], k).toBe('number');
      expect(j[k], k).toBeGreaterThan(0);
    }
    expect(j).toMatchObject({ engine: 'compiled', policy: 'reform-rules', scenario: 'port-reform', seed: 11, repeat: 2, metrics: 'full' });
    expect(j.best.wall_s).toBeLessThanOrEqual(j.median.wall_s);
    // started as plain `node ctwin.js`, without the shebang's flags: said so
    expect(j.max_semi_space_mb).toBeNull();
    expect(readdirSync(cwd)).toEqual([]);
  });
  it('reports the semi-space it was started with (as npx ctwin starts it)', () => {
    const r = ctwin(['bench', 'scenario', SCENARIO, '--policy', 'reform-rules', '--hours', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).max_semi_space_mb).toBe(SEMI_SPACE_MB);
  });
  it('the first policy by default; --days stretches the horizon; --no-metrics', () => {
    const a = JSON.parse(ctwin(['bench', 'scenario', SCENARIO, '--json']).stdout);
    const b = JSON.parse(ctwin(['bench', 'scenario', SCENARIO, '--json', '--days', '2', '--no-metrics']).stdout);
    expect(a.policy).toBe('baseline');
    expect(a.horizon_h).toBe(4);
    expect(b.horizon_h).toBe(8);
    expect(a.simulated_h).toBeGreaterThanOrEqual(4);
    expect(b.simulated_h).toBeGreaterThanOrEqual(8);
    expect(b.metrics).toBe('none');
    expect(b.consignments).toBeGreaterThan(a.consignments);
  });
  it('a gate scenario: exit 2 saying a port scenario is needed', () => {
    const r = ctwin(['bench', 'scenario', join(ROOT, 'scenarios', 'gate-mmc.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/gate-mmc\.yaml:\d+:\d+: .*'gate-mmc' is a gate scenario; ctwin bench scenario needs a port scenario/);
  });
  it('a broken port scenario or an unknown policy: exit 2', () => {
    const bad = join(tempDir(), 'broken.yaml');
    writeFileSync(bad, readFileSync(SCENARIO, 'utf8').replace('  hours: 4', '  hours: [4'));
    const r = ctwin(['bench', 'scenario', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const u = ctwin(['bench', 'scenario', SCENARIO, '--policy', 'nope']);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain(`its policies are ${quoted}`);
  });
});

describe('ctwin run <port scenario> interrupted', () => {
  it('SIGTERM while a policy\'s stream is written: exit 143, no .partial left, the folder it made gone', async () => {
    const out = join(tempDir(), 'out');
    const partial = join(out, 'events', 'peak-reform.ndjson.partial');
    const child = spawn(CTWIN, ['run', join(ROOT, 'scenarios', 'port-peak.yaml'), '--out', out, '--no-store', '--no-report'], { env: { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: TEST_STORE } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const t0 = Date.now();
    while (!existsSync(partial) && child.exitCode === null && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(partial), stderr).toBe(true);
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(143);
    expect(stderr).toBe("ctwin: interrupted by SIGTERM; the run's files were removed\n");
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
