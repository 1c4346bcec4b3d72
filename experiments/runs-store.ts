/**
 * The runs store: every experiment (`ctwin run`, `compare`, `sweep`) kept in an embedded SQLite
 * database `<dir>/runs.sqlite`, so a planner's history survives and past runs can be set side by side.
 *
 * Tables
 * - `experiments`: one row per experiment, with the full report as JSON (to re-render it later).
 * - `results`: for a comparison, one row per policy per replication seed (the replication's scalars)
 *   plus one aggregated row per policy (`seed` NULL, the MetricStat map); for a sweep, one row per
 *   point per policy (`point` = the point's index, `point_values` = its factor values as JSON).
 *
 * NaN and ±Infinity: JSON has no such numbers, so they are stored as null and read back as null
 * (a MetricStat of one replication reads back with `ci95: [null, null]`). Readers must accept null
 * wherever a number had nothing to measure, as experiments/types.ts says.
 *
 * Two ctwin processes may write at once: WAL lets readers go on while one writes, the busy timeout
 * makes a writer wait for the lock instead of failing, and each experiment is written in one
 * IMMEDIATE transaction (all rows or none).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ComparisonReport, SweepReport } from '../reports/experiment-results.js';

export const RUNS_DB_FILE = 'runs.sqlite';

/** How long a writer waits for another process's lock before giving up (ms). */
const BUSY_TIMEOUT_MS = 15_000;

export type ExperimentKind = 'run' | 'compare' | 'sweep';

/** One experiment as `list` returns it (and `get` returns it beside the report). */
export interface ExperimentSummary {
  id: string;
  kind: ExperimentKind;
  scenario: string;
  scenario_hash: string;
  family: 'port' | 'gate' | 'zone' | 'network';
  version: string;
  seeds: number[];
  replications: number;
  /** policy names in the report's order */
  policies: string[];
  out_dir: string | null;
  /** ISO 8601, UTC */
  created_at: string;
}

export type StoredExperiment = { experiment: ExperimentSummary; report: ComparisonReport | SweepReport };

export interface RecordOptions {
  /** the folder the experiment wrote its files to (report.html, CSV …), if any */
  outDir?: string | null;
  /** when the experiment ran; passed in so the store is deterministic in tests */
  createdAt: Date;
}

/** An id that names no experiment, or more than one. */
export class RunsStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunsStoreError';
  }
}

/** Schema migrations: entry i takes the database from user_version i to i + 1. */
const MIGRATIONS: string[] = [
  `CREATE TABLE experiments (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('run', 'compare', 'sweep')),
     scenario TEXT NOT NULL,
     scenario_hash TEXT NOT NULL,
     family TEXT NOT NULL,
     version TEXT NOT NULL,
     seeds TEXT NOT NULL,
     replications INTEGER NOT NULL,
     out_dir TEXT,
     report TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX experiments_created ON experiments (created_at);
   CREATE INDEX experiments_scenario ON experiments (scenario, created_at);
   CREATE TABLE results (
     experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
     policy TEXT NOT NULL,
     seed INTEGER,
     point INTEGER,
     point_values TEXT,
     metrics TEXT NOT NULL
   );
   -- one row per policy per seed (or aggregate) per point: a report naming a policy or seed twice is refused
   CREATE UNIQUE INDEX results_key ON results (experiment_id, policy, ifnull(seed, -1), ifnull(point, -1));`,
];

/** A summary as SQLite returns it: `seeds` and `policies` are JSON arrays in text. */
type ExperimentRow = Omit<ExperimentSummary, 'seeds' | 'policies'> & { seeds: string; policies: string };

interface ResultRow {
  policy: string;
  seed: number | null;
  point: number | null;
  point_values: string | null;
  metrics: string;
}

/** Columns of a summary; `policies` is a JSON array in first-insert order. */
const SUMMARY_COLUMNS = `e.id, e.kind, e.scenario, e.scenario_hash, e.family, e.version, e.seeds, e.replications, e.out_dir, e.created_at,
  (SELECT json_group_array(policy) FROM (SELECT policy FROM results r WHERE r.experiment_id = e.id GROUP BY policy ORDER BY min(r.rowid))) AS policies`;
/** Newest first; rowid breaks ties between experiments stamped with the same instant. */
const NEWEST_FIRST = 'ORDER BY e.created_at DESC, e.rowid DESC';

export class RunsStore {
  private constructor(
    private readonly db: Database.Database,
    /** the database file, for messages */
    readonly file: string,
  ) {}

  /** Opens (creating if need be) `<dir>/runs.sqlite` and brings its schema up to date. */
  static open(dir = 'runs'): RunsStore {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, RUNS_DB_FILE);
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      walMode(db);
      db.pragma('foreign_keys = ON');
      migrate(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new RunsStore(db, file);
  }

  /** Records a `ctwin run` or `ctwin compare` report; returns the new experiment's id. */
  recordComparison(report: ComparisonReport, opts: RecordOptions): string {
    const rows: ResultInsert[] = [];
    for (const p of report.policies) {
      for (const r of p.replications) rows.push({ policy: p.name, seed: r.seed, point: null, point_values: null, metrics: r.metrics });
      rows.push({ policy: p.name, seed: null, point: null, point_values: null, metrics: p.metrics });
    }
    return this.insert(report.kind, report, rows, opts);
  }

  /** Records a `ctwin sweep` report: one experiment, one result row per point per policy. */
  recordSweep(report: SweepReport, opts: RecordOptions): string {
    const rows: ResultInsert[] = [];
    for (const pt of report.points) {
      for (const p of pt.policies) rows.push({ policy: p.name, seed: null, point: pt.index, point_values: pt.values, metrics: p.metrics });
    }
    return this.insert('sweep', report, rows, opts);
  }

  /** Past experiments, newest first. */
  list(opts: { limit?: number; scenario?: string } = {}): ExperimentSummary[] {
    const limit = opts.limit ?? 50;
    const rows =
      opts.scenario === undefined
        ? this.db.prepare<[number], ExperimentRow>(`SELECT ${SUMMARY_COLUMNS} FROM experiments e ${NEWEST_FIRST} LIMIT ?`).all(limit)
        : this.db.prepare<[string, number], ExperimentRow>(`SELECT ${SUMMARY_COLUMNS} FROM experiments e WHERE e.scenario = ? ${NEWEST_FIRST} LIMIT ?`).all(opts.scenario, limit);
    return rows.map(toSummary);
  }

  /**
   * One experiment and its full report. `ref` is an id, a unique prefix of one, `last` (the newest)
   * or `last~N` (N before the newest). Throws RunsStoreError when it names none or several.
   */
  get(ref: string): StoredExperiment {
    const row = this.resolve(ref.trim());
    const { report } = this.db.prepare<[string], { report: string }>('SELECT report FROM experiments WHERE id = ?').get(row.id)!;
    return { experiment: toSummary(row), report: JSON.parse(report) as ComparisonReport | SweepReport };
  }

  /** The result rows of one experiment (as stored: NaN reads back as null). */
  results(id: string): { policy: string; seed: number | null; point: number | null; point_values: Record<string, unknown> | null; metrics: Record<string, unknown> }[] {
    return this.db
      .prepare<[string], ResultRow>('SELECT policy, seed, point, point_values, metrics FROM results WHERE experiment_id = ? ORDER BY rowid')
      .all(id)
      .map((r) => ({ ...r, point_values: r.point_values === null ? null : JSON.parse(r.point_values), metrics: JSON.parse(r.metrics) }));
  }

  close(): void {
    this.db.close();
  }

  private resolve(ref: string): ExperimentRow {
    const last = /^last(?:~(\d+))?$/.exec(ref);
    if (last) {
      const back = Number(last[1] ?? 0);
      const row = this.db.prepare<[number], ExperimentRow>(`SELECT ${SUMMARY_COLUMNS} FROM experiments e ${NEWEST_FIRST} LIMIT 1 OFFSET ?`).get(back);
      if (row) return row;
      const count = this.count();
      throw new RunsStoreError(count === 0 ? `${ref}: no experiments recorded yet in ${this.file}` : `${ref}: only ${count} experiment${count === 1 ? '' : 's'} in ${this.file} (last~${count - 1} is the oldest)`);
    }
    const exact = this.db.prepare<[string], ExperimentRow>(`SELECT ${SUMMARY_COLUMNS} FROM experiments e WHERE e.id = ?`).get(ref);
    if (exact) return exact;
    // substr, not LIKE: LIKE ignores case and treats _ and % as wildcards
    const matches = ref === '' ? [] : this.db.prepare<[number, string], ExperimentRow>(`SELECT ${SUMMARY_COLUMNS} FROM experiments e WHERE substr(e.id, 1, ?) = ? ${NEWEST_FIRST} LIMIT 11`).all(ref.length, ref);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      const shown = matches.slice(0, 10).map((m) => m.id).join(', ');
      throw new RunsStoreError(`${JSON.stringify(ref)} is ambiguous: it starts ${matches.length > 10 ? 'more than 10' : matches.length} experiment ids (${shown}); give more of the id`);
    }
    const recent = this.list({ limit: 5 }).map((s) => s.id);
    throw new RunsStoreError(
      recent.length === 0
        ? `no experiment ${JSON.stringify(ref)}: no experiments recorded yet in ${this.file}`
        : `no experiment ${JSON.stringify(ref)} in ${this.file}; the newest are ${recent.join(', ')} (or use last, last~1 …)`,
    );
  }

  private count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM experiments').get()!.n;
  }

  private insert(kind: ExperimentKind, report: ComparisonReport | SweepReport, rows: ResultInsert[], opts: RecordOptions): string {
    const reportJson = JSON.stringify(report);
    const base = experimentId(kind, report.scenario, reportJson, opts.createdAt);
    const insertExperiment = this.db.prepare(
      `INSERT INTO experiments (id, kind, scenario, scenario_hash, family, version, seeds, replications, out_dir, report, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertResult = this.db.prepare('INSERT INTO results (experiment_id, policy, seed, point, point_values, metrics) VALUES (?, ?, ?, ?, ?, ?)');
    const taken = this.db.prepare<[string], { id: string }>('SELECT id FROM experiments WHERE id = ?');
    const write = this.db.transaction((): string => {
      // the same report recorded again within the same second: -2, -3 … (checked under the write lock)
      let id = base;
      for (let k = 2; taken.get(id); k++) id = `${base}-${k}`;
      insertExperiment.run(id, kind, report.scenario, report.scenario_hash, report.family, report.version, JSON.stringify(report.seeds), report.replications, opts.outDir ?? null, reportJson, opts.createdAt.toISOString());
      for (const r of rows) insertResult.run(id, r.policy, r.seed, r.point, r.point_values === null ? null : JSON.stringify(r.point_values), JSON.stringify(r.metrics));
      return id;
    });
    // IMMEDIATE takes the write lock up front, so a second process waits (busy timeout) rather than failing mid-way
    return write.immediate();
  }
}

interface ResultInsert {
  policy: string;
  seed: number | null;
  point: number | null;
  point_values: Record<string, unknown> | null;
  metrics: Record<string, unknown>;
}

/** `20261130-061502-port-reform-compare-3f2a`: UTC time, scenario, kind, 4 hex of the report's sha256. */
export function experimentId(kind: ExperimentKind, scenario: string, reportJson: string, createdAt: Date): string {
  if (Number.isNaN(createdAt.getTime())) throw new RangeError('runs store: createdAt is an invalid Date');
  const stamp = createdAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const slug = scenario.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'scenario';
  const tag = createHash('sha256').update(reportJson).digest('hex').slice(0, 4);
  return `${stamp}-${slug}-${kind}-${tag}`;
}

function toSummary(r: ExperimentRow): ExperimentSummary {
  return {
    id: r.id,
    kind: r.kind,
    scenario: r.scenario,
    scenario_hash: r.scenario_hash,
    family: r.family,
    version: r.version,
    seeds: JSON.parse(r.seeds) as number[],
    replications: r.replications,
    policies: JSON.parse(r.policies) as string[],
    out_dir: r.out_dir,
    created_at: r.created_at,
  };
}

function migrate(db: Database.Database, file: string): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() > MIGRATIONS.length) {
    throw new RunsStoreError(`${file} has schema version ${version()}, newer than this ctwin understands (${MIGRATIONS.length}); upgrade ctwin`);
  }
  if (version() === MIGRATIONS.length) return;
  // IMMEDIATE, and the version read again inside: two processes opening a new store migrate it once
  db.transaction(() => {
    for (let v = version(); v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/** Opens the store in `dir`, runs `fn` on it, and closes it whatever happens. */
export function withRunsStore<T>(dir: string, fn: (store: RunsStore) => T): T {
  const store = RunsStore.open(dir);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/**
 * Switches to WAL. SQLite may answer "database is locked" here without waiting on the busy
 * timeout (two processes creating the store at once: the switch needs a lock the other holds for
 * a moment), so it is retried for as long as the busy timeout would have waited.
 */
function walMode(db: Database.Database): void {
  const until = performance.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() > until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // a short synchronous pause
    }
  }
}
