/**
 * The runs store: reports go in and come back whole (NaN as null), ids resolve by prefix and
 * `last~N`, a failed write leaves nothing, two processes can write at once, and `ctwin report`
 * prints the history and a side-by-side comparison.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUNS_DB_FILE, RunsStore, RunsStoreError } from '../../experiments/runs-store.js';
import type { ComparisonReport, MetricDef, MetricStat, SweepReport } from '../../reports/experiment-results.js';
import { reportCommand } from '../../bin/commands/report.js';
import { UsageError } from '../../bin/usage-error.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

const CATALOG: MetricDef[] = [
  { key: 'clearance_p95_min', label: 'clearance p95', unit: 'min', better: 'lower', headline: true, group: 'clearance' },
  { key: 'detection_rate', label: 'detection rate', unit: 'share', better: 'higher', headline: true, group: 'detection' },
  { key: 'inspections', label: 'inspections', unit: 'count', better: null, headline: false, group: 'volume' },
];

function stat(mean: number, lo: number, hi: number, n = 3): MetricStat {
  return { mean, ci95: [lo, hi], sd: (hi - lo) / 4, n };
}

function comparison(over: Partial<ComparisonReport> = {}): ComparisonReport {
  const seeds = over.seeds ?? [1, 2, 3];
  return {
    schema: 'customs-twin.compare/1',
    kind: 'compare',
    scenario: 'port-reform',
    scenario_hash: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    family: 'port',
    version: '0.1.0',
    seeds,
    replications: seeds.length,
    metrics_catalog: CATALOG,
    policies: [
      {
        name: 'baseline',
        metrics: { clearance_p95_min: stat(42.5, 40.1, 44.9), detection_rate: stat(0.61, 0.55, 0.67), inspections: stat(120, 110, 130) },
        replications: seeds.map((seed) => ({ seed, metrics: { clearance_p95_min: 40 + seed, detection_rate: 0.6, inspections: 120 } })),
        charts: {},
      },
      {
        name: 'reform',
        metrics: { clearance_p95_min: stat(29.25, 27.5, 31), detection_rate: stat(0.64, 0.6, 0.68), inspections: stat(95, 90, 100) },
        replications: seeds.map((seed) => ({ seed, metrics: { clearance_p95_min: 28 + seed, detection_rate: 0.64, inspections: 95 } })),
        charts: {},
      },
    ],
    differences: [],
    ...over,
  };
}

function sweep(): SweepReport {
  const path = 'policies.reform.staffing.gate_officer.0.officers';
  return {
    schema: 'customs-twin.sweep/1',
    scenario: 'port-reform',
    scenario_hash: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    family: 'port',
    version: '0.1.0',
    seeds: [1, 2],
    replications: 2,
    factors: [{ path, values: [2, 3] }],
    metrics_catalog: CATALOG,
    points: [2, 3].map((officers, index) => ({
      index,
      values: { [path]: officers },
      policies: [{ name: 'reform', metrics: { clearance_p95_min: stat(60 / officers, 50 / officers, 70 / officers, 2) } }],
    })),
  };
}

const at = (iso: string) => ({ createdAt: new Date(iso), outDir: 'runs/out' });

const dirs: string[] = [];
function tempStore(): string {
  const d = mkdtempSync(join(tmpdir(), 'ctwin-runs-'));
  dirs.push(d);
  return join(d, 'runs'); // not created yet: open() must make it
}

const open: RunsStore[] = [];
function openStore(dir: string): RunsStore {
  const s = RunsStore.open(dir);
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
  vi.restoreAllMocks();
});

function rowCounts(dir: string): { experiments: number; results: number } {
  const db = new Database(join(dir, RUNS_DB_FILE), { readonly: true });
  try {
    const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { experiments: n('experiments'), results: n('results') };
  } finally {
    db.close();
  }
}

describe('RunsStore', () => {
  it('creates the folder and a WAL database with the current schema version', () => {
    const dir = tempStore();
    openStore(dir).close();
    expect(existsSync(join(dir, RUNS_DB_FILE))).toBe(true);
    const db = new Database(join(dir, RUNS_DB_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('round-trips a comparison: experiment row, one result row per policy per seed plus an aggregate', () => {
    const store = openStore(tempStore());
    const report = comparison();
    const id = store.recordComparison(report, at('2026-11-30T06:15:02.123Z'));
    expect(id).toMatch(/^20261130-061502-port-reform-compare-[0-9a-f]{4}$/);

    const { experiment, report: back } = store.get(id);
    expect(back).toEqual(report);
    expect(experiment).toEqual({
      id,
      kind: 'compare',
      scenario: 'port-reform',
      scenario_hash: report.scenario_hash,
      family: 'port',
      version: '0.1.0',
      seeds: [1, 2, 3],
      replications: 3,
      policies: ['baseline', 'reform'],
      out_dir: 'runs/out',
      created_at: '2026-11-30T06:15:02.123Z',
    });

    const rows = store.results(id);
    expect(rows).toHaveLength(2 * (3 + 1));
    expect(rows.filter((r) => r.policy === 'reform' && r.seed !== null).map((r) => [r.seed, r.metrics.clearance_p95_min])).toEqual([[1, 29], [2, 30], [3, 31]]);
    expect(rows.find((r) => r.policy === 'baseline' && r.seed === null)!.metrics).toEqual(report.policies[0].metrics);
  });

  it('the same inputs give the same id; recording the same report twice in one second gets a -2 suffix', () => {
    const a = openStore(tempStore());
    const b = openStore(tempStore());
    const idA = a.recordComparison(comparison(), at('2026-11-30T06:15:02Z'));
    expect(b.recordComparison(comparison(), at('2026-11-30T06:15:02Z'))).toBe(idA);
    expect(a.recordComparison(comparison(), at('2026-11-30T06:15:02Z'))).toBe(`${idA}-2`);
  });

  it('round-trips a sweep: one experiment, one result row per point per policy with the point and its factor values', () => {
    const store = openStore(tempStore());
    const report = sweep();
    const id = store.recordSweep(report, at('2026-12-01T08:00:00Z'));
    expect(id).toMatch(/^20261201-080000-port-reform-sweep-[0-9a-f]{4}$/);
    const got = store.get(id);
    expect(got.report).toEqual(report);
    expect(got.experiment).toMatchObject({ kind: 'sweep', policies: ['reform'], replications: 2 });
    expect(store.results(id).map((r) => [r.policy, r.seed, r.point, r.point_values])).toEqual([
      ['reform', null, 0, { 'policies.reform.staffing.gate_officer.0.officers': 2 }],
      ['reform', null, 1, { 'policies.reform.staffing.gate_officer.0.officers': 3 }],
    ]);
  });

  it('stores NaN (and Infinity) as null and reads them back as null', () => {
    const store = openStore(tempStore());
    const report = comparison({ kind: 'run', seeds: [7] });
    report.policies[0].metrics.detection_rate = { mean: NaN, ci95: [NaN, NaN], sd: NaN, n: 0 };
    report.policies[0].replications[0].metrics.detection_rate = NaN;
    report.policies[1].metrics.clearance_p95_min = { mean: 29, ci95: [-Infinity, Infinity], sd: NaN, n: 1 };
    const id = store.recordComparison(report, at('2026-11-30T06:15:02Z'));

    const back = store.get(id).report as ComparisonReport;
    expect(back.policies[0].metrics.detection_rate).toEqual({ mean: null, ci95: [null, null], sd: null, n: 0 });
    expect(back.policies[0].replications[0].metrics.detection_rate).toBeNull();
    expect(back.policies[1].metrics.clearance_p95_min).toEqual({ mean: 29, ci95: [null, null], sd: null, n: 1 });
    const rows = store.results(id);
    expect(rows.find((r) => r.policy === 'baseline' && r.seed === 7)!.metrics.detection_rate).toBeNull();
    expect(rows.find((r) => r.policy === 'baseline' && r.seed === null)!.metrics.detection_rate).toEqual({ mean: null, ci95: [null, null], sd: null, n: 0 });
  });

  it('lists newest first, filters by scenario and honours the limit', () => {
    const store = openStore(tempStore());
    const old = store.recordComparison(comparison(), at('2026-11-01T00:00:00Z'));
    const gate = store.recordComparison(comparison({ scenario: 'gate-mmc', family: 'gate' }), at('2026-11-02T00:00:00Z'));
    const sw = store.recordSweep(sweep(), at('2026-11-03T00:00:00Z'));
    expect(store.list().map((s) => s.id)).toEqual([sw, gate, old]);
    expect(store.list({ limit: 2 }).map((s) => s.id)).toEqual([sw, gate]);
    expect(store.list({ scenario: 'port-reform' }).map((s) => s.id)).toEqual([sw, old]);
    expect(store.list({ scenario: 'nope' })).toEqual([]);
  });

  it('resolves a unique id prefix, last and last~N', () => {
    const store = openStore(tempStore());
    const a = store.recordComparison(comparison(), at('2026-11-01T09:00:00Z'));
    const b = store.recordComparison(comparison({ scenario: 'gate-mmc' }), at('2026-11-02T09:00:00Z'));
    const c = store.recordSweep(sweep(), at('2026-11-03T09:00:00Z'));
    expect(store.get('20261101').experiment.id).toBe(a);
    expect(store.get('20261102-090000-gate').experiment.id).toBe(b);
    expect(store.get(c).experiment.id).toBe(c);
    expect(store.get('last').experiment.id).toBe(c);
    expect(store.get('last~0').experiment.id).toBe(c);
    expect(store.get('last~1').experiment.id).toBe(b);
    expect(store.get('last~2').experiment.id).toBe(a);
  });

  it('an unknown, ambiguous or out-of-range id is a clear error naming what exists', () => {
    const dir = tempStore();
    const store = openStore(dir);
    expect(() => store.get('last')).toThrow(/no experiments recorded yet/);
    expect(() => store.get('2026')).toThrow(/no experiments recorded yet/);
    const a = store.recordComparison(comparison(), at('2026-11-01T09:00:00Z'));
    const b = store.recordComparison(comparison({ scenario: 'gate-mmc' }), at('2026-11-02T09:00:00Z'));

    const err = (ref: string) => {
      try {
        store.get(ref);
      } catch (e) {
        expect(e).toBeInstanceOf(RunsStoreError);
        return (e as Error).message;
      }
      throw new Error(`get(${ref}) did not throw`);
    };
    const unknown = err('20250101');
    expect(unknown).toContain('no experiment "20250101"');
    expect(unknown).toContain(a);
    expect(unknown).toContain(b);
    const ambiguous = err('2026');
    expect(ambiguous).toMatch(/ambiguous/);
    expect(ambiguous).toContain(a);
    expect(ambiguous).toContain(b);
    expect(err('last~2')).toMatch(/only 2 experiments.*last~1 is the oldest/);
    // prefix matching is exact: no LIKE wildcards, no case folding
    expect(err('2026110_')).toContain('no experiment');
    expect(err('20261101-090000-PORT')).toContain('no experiment');
  });

  it('a write that fails mid-way leaves nothing: the experiment row is rolled back with the result rows', () => {
    const dir = tempStore();
    const store = openStore(dir);
    const kept = store.recordComparison(comparison(), at('2026-11-01T00:00:00Z'));
    const before = rowCounts(dir);

    // two policies of the same name: the experiment row and the first policy's rows go in, then the
    // second policy's first row breaks the unique key (experiment, policy, seed), inside the transaction
    const bad = comparison();
    bad.policies[1].name = 'baseline';
    expect(() => store.recordComparison(bad, at('2026-11-02T00:00:00Z'))).toThrow(/UNIQUE constraint failed/);

    expect(rowCounts(dir)).toEqual(before);
    expect(store.list().map((s) => s.id)).toEqual([kept]);
    // and the store still works afterwards
    store.recordSweep(sweep(), at('2026-11-03T00:00:00Z'));
    expect(store.list()).toHaveLength(2);
  });

  it('reopening an existing database keeps its history', () => {
    const dir = tempStore();
    const first = openStore(dir);
    const id = first.recordComparison(comparison(), at('2026-11-01T00:00:00Z'));
    first.close();
    const second = openStore(dir);
    expect(second.list().map((s) => s.id)).toEqual([id]);
    expect(second.get('last').report).toEqual(comparison());
    const next = second.recordSweep(sweep(), at('2026-11-02T00:00:00Z'));
    expect(second.list().map((s) => s.id)).toEqual([next, id]);
  });

  it('refuses a database made by a newer ctwin (schema version ahead)', () => {
    const dir = tempStore();
    openStore(dir).close();
    const db = new Database(join(dir, RUNS_DB_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(() => RunsStore.open(dir)).toThrow(/schema version 99, newer than this ctwin understands/);
  });

  it('two instances on the same file, interleaving writes, both see every experiment', () => {
    const dir = tempStore();
    const a = openStore(dir);
    const b = openStore(dir);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(a.recordComparison(comparison(), at(`2026-11-01T00:00:0${i}Z`)));
      ids.push(b.recordSweep(sweep(), at(`2026-11-01T00:00:0${i}Z`)));
    }
    expect(new Set(ids).size).toBe(10);
    expect(a.list().length).toBe(10);
    expect(b.list().length).toBe(10);
  });

  // the real case: two ctwin processes recording at once (dist/ is built by the global setup)
  const storeModule = pathToFileURL(join(ROOT, 'dist', 'experiments', 'runs-store.js')).href;

  function node(script: string, args: string[]): { done: Promise<{ code: number | null; stderr: string }>; stdout: AsyncIterable<string> } {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.setEncoding('utf8');
    const done = new Promise<{ code: number | null; stderr: string }>((ok) => child.on('close', (code) => ok({ code, stderr })));
    return { done, stdout: child.stdout };
  }

  it('two processes writing to the same store at the same time both succeed', async () => {
    const dir = tempStore();
    const report = comparison();
    const writer = `
      const { RunsStore } = await import(${JSON.stringify(storeModule)});
      const [dir, who, report] = process.argv.slice(1);
      const store = RunsStore.open(dir);
      for (let i = 0; i < 40; i++) {
        store.recordComparison({ ...JSON.parse(report), scenario: 'writer-' + who }, { createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)) });
      }
      store.close();`;
    // both open a store that does not exist yet, so schema creation races too
    const runs = [node(writer, [dir, 'a', JSON.stringify(report)]), node(writer, [dir, 'b', JSON.stringify(report)])];
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });
    expect(rowCounts(dir)).toEqual({ experiments: 80, results: 80 * 8 });
    const store = openStore(dir);
    expect(store.list({ scenario: 'writer-a', limit: 100 })).toHaveLength(40);
    expect(store.list({ scenario: 'writer-b', limit: 100 })).toHaveLength(40);
  });

  it('a write waits for another process holding the write lock, then succeeds (busy timeout)', async () => {
    const dir = tempStore();
    const store = openStore(dir);
    const holder = node(
      `
      const { default: Database } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'node_modules', 'better-sqlite3', 'lib', 'index.js')).href)});
      const db = new Database(process.argv[1]);
      db.exec('BEGIN IMMEDIATE');
      db.prepare("INSERT INTO experiments VALUES ('held', 'run', 'held', 'h', 'gate', '0', '[]', 0, NULL, '{}', '2026-01-01T00:00:00.000Z')").run();
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
      [join(dir, RUNS_DB_FILE)],
    );
    for await (const line of holder.stdout) if (line.includes('locked')) break;
    const t0 = Date.now();
    const id = store.recordComparison(comparison(), at('2026-11-01T00:00:00Z')); // blocks until the holder commits
    expect(Date.now() - t0).toBeGreaterThan(100);
    expect((await holder.done).code).toBe(0);
    expect(store.list().map((s) => s.id).sort()).toEqual([id, 'held'].sort());
  });
});

describe('reportCommand', () => {
  function capture(fn: () => void): string {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      fn();
    } finally {
      vi.restoreAllMocks();
    }
    return out;
  }

  function seeded(): { dir: string; a: string; b: string; s: string } {
    const dir = tempStore();
    const store = RunsStore.open(dir);
    const a = store.recordComparison(comparison(), at('2026-11-01T09:30:00Z'));
    const newer = comparison({ scenario_hash: 'ffff0000ffff0000ffff0000ffff0000', version: '0.2.0' });
    newer.policies[1].metrics.clearance_p95_min = stat(25.5, 24, 27);
    const b = store.recordComparison(newer, at('2026-11-02T10:45:00Z'));
    const s = store.recordSweep(sweep(), at('2026-11-03T11:00:00Z'));
    store.close();
    return { dir, a, b, s };
  }

  it('--list prints past experiments newest first, with kind, scenario, policies, replications and time', () => {
    const { dir, a, b, s } = seeded();
    const out = capture(() => reportCommand({ list: true, store: dir }));
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+kind\s+scenario\s+policies\s+replications\s+created \(UTC\)$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([s, b, a]);
    expect(lines[2]).toMatch(/compare\s+port-reform\s+baseline, reform\s+3\s+2026-11-02 10:45:00$/);
    expect(capture(() => reportCommand({ list: true, store: dir, limit: 1 })).trimEnd().split('\n')).toHaveLength(2);
  });

  it('--list on a store that does not exist says so and creates nothing', () => {
    const dir = tempStore();
    expect(capture(() => reportCommand({ list: true, store: dir }))).toMatch(/no experiments recorded yet/);
    expect(existsSync(dir)).toBe(false);
  });

  it('--compare sets headline metrics side by side and warns that hashes and versions differ', () => {
    const { dir, a, b } = seeded();
    const out = capture(() => reportCommand({ compare: [a.slice(0, 20), 'last~1'], store: dir }));
    expect(out).toContain(`A  ${a}`);
    expect(out).toContain(`B  ${b}`);
    expect(out).toMatch(/WARNING: scenario hashes differ \(A a1b2c3d4e5f6, B ffff0000ffff\)/);
    expect(out).toMatch(/WARNING: ctwin versions differ \(A 0\.1\.0, B 0\.2\.0\)/);
    const table = out.slice(out.indexOf('\n\n') + 2).trimEnd().split('\n');
    expect(table[0]).toMatch(/^metric\s+A baseline\s+A reform\s+B baseline\s+B reform$/);
    expect(table[1]).toMatch(/^clearance p95 \(min\)\s+42\.5 \[40\.1, 44\.9\]\s+29\.25 \[27\.5, 31\]\s+42\.5 \[40\.1, 44\.9\]\s+25\.5 \[24, 27\]$/);
    expect(table[2]).toMatch(/^detection rate \(share\)\s+0\.61 \[0\.55, 0\.67\]/);
    expect(out).not.toContain('inspections'); // not a headline metric
  });

  it('--compare of the same world says nothing about differences; NaN shows as a dash, one replication as the mean alone', () => {
    const dir = tempStore();
    const store = RunsStore.open(dir);
    const single = comparison({ kind: 'run', seeds: [7] });
    single.policies[0].metrics.detection_rate = { mean: NaN, ci95: [NaN, NaN], sd: NaN, n: 0 };
    single.policies[0].metrics.clearance_p95_min = { mean: 41, ci95: [NaN, NaN], sd: NaN, n: 1 };
    const a = store.recordComparison(single, at('2026-11-01T00:00:00Z'));
    const b = store.recordComparison(comparison(), at('2026-11-02T00:00:00Z'));
    store.close();
    const out = capture(() => reportCommand({ compare: [a, b], store: dir }));
    expect(out).not.toContain('WARNING');
    expect(out).toMatch(/clearance p95 \(min\)\s+41\s+29\.25 \[27\.5, 31\]/);
    expect(out).toMatch(/detection rate \(share\)\s+—\s+0\.64 \[0\.6, 0\.68\]/);
  });

  it('--compare with a sweep gives one column per policy per point', () => {
    const { dir, a, s } = seeded();
    const out = capture(() => reportCommand({ compare: [a, s], store: dir }));
    expect(out).toMatch(/B reform @officers=2\s+B reform @officers=3/);
    expect(out).toMatch(/30 \[25, 35\]\s+20 \[16\.67, 23\.33\]/);
  });

  it('--compare --json gives each experiment with its policies and metrics', () => {
    const { dir, a, b } = seeded();
    const json = JSON.parse(capture(() => reportCommand({ compare: [a, b], store: dir, json: true })));
    expect(json.experiments.map((e: { id: string }) => e.id)).toEqual([a, b]);
    expect(json.experiments[1]).toMatchObject({ scenario: 'port-reform', scenario_hash: 'ffff0000ffff0000ffff0000ffff0000', version: '0.2.0', kind: 'compare' });
    expect(json.experiments[1].policies.map((p: { name: string }) => p.name)).toEqual(['baseline', 'reform']);
    expect(json.experiments[1].policies[1].metrics.clearance_p95_min).toEqual(stat(25.5, 24, 27));
  });

  it('bad ids, one id, or a missing store are UsageErrors (exit 2)', () => {
    const { dir, a } = seeded();
    expect(() => reportCommand({ compare: [a, 'nope'], store: dir })).toThrow(UsageError);
    expect(() => reportCommand({ compare: [a, 'nope'], store: dir })).toThrow(/no experiment "nope".*the newest are/);
    expect(() => reportCommand({ compare: [a, '2026'], store: dir })).toThrow(/ambiguous/);
    expect(() => reportCommand({ compare: [a], store: dir })).toThrow(UsageError);
    expect(() => reportCommand({ compare: [a, 'last'], store: tempStore() })).toThrow(UsageError);
    expect(() => reportCommand({ list: true, compare: [a, 'last'], store: dir })).toThrow(UsageError);
  });
});
