/**
 * The officer trainer's storage: accounts, login tokens, sessions, served cases and decisions,
 * in one SQLite file (better-sqlite3, WAL, foreign keys on). The schema version is kept in
 * `PRAGMA user_version`; a file written by newer code is refused rather than misread.
 *
 * JSON values (the exercise, the run outcome, image marks) are stored as TEXT and checked only
 * lightly when read back.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AccountRole, Box, Decision, ExerciseView, Outcome, RunOutcome, UserView } from './api-types.js';
import { TRAIN_ROLES } from './api-types.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** Bump when the schema changes, and add a migration step in `migrate`. */
export const SCHEMA_VERSION = 1;

/** A request the store refuses; `message` is meant for the user (the server answers it with 4xx). */
export class TrainingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingInputError';
  }
}

export interface StoredSession {
  id: number;
  user_id: number;
  exercise: ExerciseView;
  state: 'open' | 'finished';
  /** ISO */
  started_at: string;
  finished_at: string | null;
  difficulty: number;
  outcome: RunOutcome | null;
}

export interface StoredDecision {
  session_id: number;
  index: number;
  ref: number;
  difficulty: number;
  projected: boolean;
  signal: boolean;
  decision: Decision;
  marks: Box[];
  outcome: Outcome;
  served_at_ms: number;
  decided_at_ms: number;
  decision_s: number;
  baseline_yes: boolean;
}

const ACCOUNT_ROLES: readonly AccountRole[] = ['trainer', 'trainee'];
const DECISIONS: readonly Decision[] = ['clear', 'mark', 'release', 'hold', 'accept', 'query', 'refer'];
const OUTCOMES: readonly Outcome[] = ['hit', 'miss', 'false_alarm', 'correct_rejection'];

const NAME_MAX = 40;
/** letters of any script (with their combining marks), decimal digits, '_', '.', '-' */
const NAME_RE = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 1024;
const DEFAULT_TTL_MS = 12 * 3600e3;

const SCHEMA = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  password TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('trainer', 'trainee'))
);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  issued_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens(user_id);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  exercise TEXT NOT NULL,
  exercise_key TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'finished')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  difficulty REAL NOT NULL,
  outcome TEXT
);
CREATE INDEX sessions_user ON sessions(user_id, id);
CREATE TABLE served (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  served_at_ms INTEGER NOT NULL,
  difficulty REAL NOT NULL,
  PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE TABLE decisions (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  ref INTEGER NOT NULL,
  difficulty REAL NOT NULL,
  projected INTEGER NOT NULL,
  signal INTEGER NOT NULL,
  decision TEXT NOT NULL,
  marks TEXT NOT NULL,
  outcome TEXT NOT NULL,
  served_at_ms INTEGER NOT NULL,
  decided_at_ms INTEGER NOT NULL,
  decision_s REAL NOT NULL,
  baseline_yes INTEGER NOT NULL,
  PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
`;

interface UserRow {
  id: number;
  name: string;
  role: string;
}
interface UserAuthRow extends UserRow {
  password: string;
}
interface SessionRow {
  id: number;
  user_id: number;
  exercise: string;
  state: string;
  started_at: string;
  finished_at: string | null;
  difficulty: number;
  outcome: string | null;
}
interface ServedRow {
  served_at_ms: number;
  difficulty: number;
}
interface DecisionRow {
  session_id: number;
  idx: number;
  ref: number;
  difficulty: number;
  projected: number;
  signal: number;
  decision: string;
  marks: string;
  outcome: string;
  served_at_ms: number;
  decided_at_ms: number;
  decision_s: number;
  baseline_yes: number;
}

function normalizeName(name: string): string {
  return name.normalize('NFC');
}
function nameKey(name: string): string {
  return normalizeName(name).toLowerCase();
}

function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new TrainingInputError('A name is required.');
  const n = normalizeName(name);
  const len = [...n].length;
  if (len < 1 || len > NAME_MAX) throw new TrainingInputError(`A name must be 1 to ${NAME_MAX} characters long.`);
  if (!NAME_RE.test(n)) {
    throw new TrainingInputError("A name may contain only letters, digits, '_', '.' and '-' (no spaces).");
  }
  return n;
}

function checkPasswordRules(password: unknown): string {
  if (typeof password !== 'string') throw new TrainingInputError('A password is required.');
  const len = [...password].length;
  if (len < PASSWORD_MIN) throw new TrainingInputError(`A password must be at least ${PASSWORD_MIN} characters long.`);
  if (len > PASSWORD_MAX) throw new TrainingInputError(`A password must be at most ${PASSWORD_MAX} characters long.`);
  return password;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function finite(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new TrainingInputError(`${what} must be a finite number.`);
  return x;
}

/** The fields that make two exercises "the same" for resuming an open session. */
function exerciseKey(e: ExerciseView): string {
  return JSON.stringify([e.scenario_hash, e.policy, e.seed, e.role, e.cases, e.projection_rate]);
}

function checkExercise(e: unknown): ExerciseView {
  const x = e as Partial<ExerciseView> | null;
  if (
    x === null ||
    typeof x !== 'object' ||
    typeof x.scenario !== 'string' ||
    typeof x.scenario_hash !== 'string' ||
    typeof x.policy !== 'string' ||
    typeof x.seed !== 'number' ||
    typeof x.role !== 'string' ||
    !TRAIN_ROLES.includes(x.role) ||
    typeof x.cases !== 'number' ||
    !Number.isInteger(x.cases) ||
    x.cases < 0 ||
    typeof x.projection_rate !== 'number'
  ) {
    throw new TrainingInputError('Malformed exercise.');
  }
  return x as ExerciseView;
}

function checkBoxes(marks: unknown): Box[] {
  if (!Array.isArray(marks)) throw new TrainingInputError('Marks must be a list of boxes.');
  for (const b of marks as unknown[]) {
    const x = b as Partial<Box> | null;
    if (
      x === null ||
      typeof x !== 'object' ||
      ![x.x0, x.x1, x.y0, x.y1].every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new TrainingInputError('A mark must be a box {x0, y0, x1, y1} of finite numbers.');
    }
  }
  return marks as Box[];
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`corrupt ${what} in the training database: not JSON`);
  }
}

function readExercise(text: string): ExerciseView {
  try {
    return checkExercise(parseJson(text, 'exercise'));
  } catch (e) {
    throw new Error(`corrupt exercise in the training database: ${(e as Error).message}`);
  }
}

function readOutcome(text: string | null): RunOutcome | null {
  if (text === null) return null;
  const o = parseJson(text, 'run outcome') as Partial<RunOutcome> | null;
  if (o === null || typeof o !== 'object' || typeof o.baseline !== 'object' || typeof o.trainee !== 'object') {
    throw new Error('corrupt run outcome in the training database');
  }
  return o as RunOutcome;
}

function toUser(row: UserRow): UserView {
  return { id: row.id, name: row.name, role: row.role as AccountRole };
}

function toSession(row: SessionRow): StoredSession {
  return {
    id: row.id,
    user_id: row.user_id,
    exercise: readExercise(row.exercise),
    state: row.state === 'finished' ? 'finished' : 'open',
    started_at: row.started_at,
    finished_at: row.finished_at,
    difficulty: row.difficulty,
    outcome: readOutcome(row.outcome),
  };
}

function toDecision(row: DecisionRow): StoredDecision {
  const marks = parseJson(row.marks, 'marks');
  return {
    session_id: row.session_id,
    index: row.idx,
    ref: row.ref,
    difficulty: row.difficulty,
    projected: row.projected !== 0,
    signal: row.signal !== 0,
    decision: row.decision as Decision,
    marks: Array.isArray(marks) ? (marks as Box[]) : [],
    outcome: row.outcome as Outcome,
    served_at_ms: row.served_at_ms,
    decided_at_ms: row.decided_at_ms,
    decision_s: row.decision_s,
    baseline_yes: row.baseline_yes !== 0,
  };
}

const SESSION_COLS = 'id, user_id, exercise, state, started_at, finished_at, difficulty, outcome';

export class TrainingStore {
  private readonly db: Database.Database;
  private readonly file: string;
  /** what an unknown name's password is checked against, so that it takes as long as a known one's */
  private dummyHash: Promise<string> | null = null;

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
  }

  /** Opens (creating if needed, with its parent directory) the store at `file`; ':memory:' for a throwaway one. */
  static open(file: string): TrainingStore {
    const memory = file === ':memory:';
    const shown = memory ? file : resolve(file);
    if (!memory) mkdirSync(dirname(shown), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (e) {
      throw new Error(`cannot open the training database ${shown}: ${(e as Error).message}`);
    }
    try {
      let version: number;
      try {
        version = db.pragma('user_version', { simple: true }) as number;
      } catch (e) {
        throw new Error(`${shown} is not a training database (${(e as Error).message})`);
      }
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `the training database ${shown} has schema version ${version}, newer than this program's (${SCHEMA_VERSION}); ` +
            'use a newer ctwin or another file',
        );
      }
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      migrate(db, version, shown);
      return new TrainingStore(db, shown);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** the file this store is kept in (absolute), or ':memory:' */
  get path(): string {
    return this.file;
  }

  // ---------------------------------------------------------------- users

  async createUser(name: string, password: string, role: AccountRole): Promise<UserView> {
    const n = checkName(name);
    checkPasswordRules(password);
    if (!ACCOUNT_ROLES.includes(role)) throw new TrainingInputError(`Unknown account role "${String(role)}".`);
    const key = nameKey(n);
    const taken = () => new TrainingInputError(`The name "${n}" is already taken.`);
    if (this.db.prepare('SELECT 1 FROM users WHERE name_key = ?').get(key) !== undefined) throw taken();
    const hash = await hashPassword(password);
    try {
      const info = this.db
        .prepare('INSERT INTO users (name, name_key, password, role) VALUES (?, ?, ?, ?)')
        .run(n, key, hash, role);
      return { id: Number(info.lastInsertRowid), name: n, role };
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw taken();
      throw e;
    }
  }

  /** The user when `name` (case-insensitive) and `password` match, else null. Takes as long for an unknown name. */
  async checkPassword(name: string, password: string): Promise<UserView | null> {
    const row =
      typeof name === 'string'
        ? this.db
            .prepare<[string], UserAuthRow>('SELECT id, name, role, password FROM users WHERE name_key = ?')
            .get(nameKey(name))
        : undefined;
    const pw = typeof password === 'string' ? password : '';
    if (row === undefined) {
      this.dummyHash ??= hashPassword('not a password of anyone');
      await verifyPassword(pw, await this.dummyHash);
      return null;
    }
    return (await verifyPassword(pw, row.password)) ? toUser(row) : null;
  }

  /** Sets a new password. Tokens already issued stay valid (see `revokeTokensOf`). */
  async setPassword(userId: number, password: string): Promise<void> {
    checkPasswordRules(password);
    const hash = await hashPassword(password);
    const info = this.db.prepare('UPDATE users SET password = ? WHERE id = ?').run(hash, userId);
    if (info.changes === 0) throw new TrainingInputError(`No user ${userId}.`);
  }

  user(id: number): UserView | null {
    const row = this.db.prepare<[number], UserRow>('SELECT id, name, role FROM users WHERE id = ?').get(id);
    return row === undefined ? null : toUser(row);
  }

  /** all users, or those of one role, by id */
  users(role?: AccountRole): UserView[] {
    const rows =
      role === undefined
        ? this.db.prepare<[], UserRow>('SELECT id, name, role FROM users ORDER BY id').all()
        : this.db.prepare<[string], UserRow>('SELECT id, name, role FROM users WHERE role = ? ORDER BY id').all(role);
    return rows.map(toUser);
  }

  hasTrainer(): boolean {
    return this.db.prepare("SELECT 1 FROM users WHERE role = 'trainer' LIMIT 1").get() !== undefined;
  }

  // ---------------------------------------------------------------- tokens

  /** A new login token (32 random bytes, base64url); only its SHA-256 is stored. Expired tokens are purged. */
  issueToken(userId: number, nowMs: number, ttlMs: number = DEFAULT_TTL_MS): string {
    finite(nowMs, 'nowMs');
    finite(ttlMs, 'ttlMs');
    const token = randomBytes(32).toString('base64url');
    this.db.transaction(() => {
      if (this.user(userId) === null) throw new TrainingInputError(`No user ${userId}.`);
      this.db.prepare('DELETE FROM tokens WHERE expires_at_ms <= ?').run(nowMs);
      this.db
        .prepare('INSERT INTO tokens (hash, user_id, issued_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)')
        .run(tokenHash(token), userId, Math.floor(nowMs), Math.floor(nowMs + ttlMs));
    })();
    return token;
  }

  /** the token's user, or null when the token is unknown, revoked or expired */
  userForToken(token: string, nowMs: number): UserView | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    const row = this.db
      .prepare<[string, number], UserRow>(
        'SELECT u.id, u.name, u.role FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.expires_at_ms > ?',
      )
      .get(tokenHash(token), nowMs);
    return row === undefined ? null : toUser(row);
  }

  revokeToken(token: string): void {
    if (typeof token !== 'string') return;
    this.db.prepare('DELETE FROM tokens WHERE hash = ?').run(tokenHash(token));
  }

  /** revokes every token of a user (e.g. after a trainer resets their password) */
  revokeTokensOf(userId: number): void {
    this.db.prepare('DELETE FROM tokens WHERE user_id = ?').run(userId);
  }

  // ---------------------------------------------------------------- sessions

  createSession(userId: number, exercise: ExerciseView, startedAt: string, difficulty: number): StoredSession {
    const ex = checkExercise(exercise);
    finite(difficulty, 'Difficulty');
    if (typeof startedAt !== 'string' || startedAt === '') throw new TrainingInputError('A start time is required.');
    return this.db.transaction(() => {
      if (this.user(userId) === null) throw new TrainingInputError(`No user ${userId}.`);
      const info = this.db
        .prepare(
          "INSERT INTO sessions (user_id, exercise, exercise_key, state, started_at, finished_at, difficulty, outcome) VALUES (?, ?, ?, 'open', ?, NULL, ?, NULL)",
        )
        .run(userId, JSON.stringify(ex), exerciseKey(ex), startedAt, difficulty);
      return this.session(Number(info.lastInsertRowid)) as StoredSession;
    })();
  }

  session(id: number): StoredSession | null {
    const row = this.db.prepare<[number], SessionRow>(`SELECT ${SESSION_COLS} FROM sessions WHERE id = ?`).get(id);
    return row === undefined ? null : toSession(row);
  }

  /** the user's latest open session on the same exercise (scenario hash, policy, seed, role, cases, projection rate), or null */
  openSessionOf(userId: number, exercise: ExerciseView): StoredSession | null {
    const row = this.db
      .prepare<[number, string], SessionRow>(
        `SELECT ${SESSION_COLS} FROM sessions WHERE user_id = ? AND state = 'open' AND exercise_key = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(userId, exerciseKey(exercise));
    return row === undefined ? null : toSession(row);
  }

  /** the user's sessions, oldest first */
  sessionsOf(userId: number): StoredSession[] {
    return this.db
      .prepare<[number], SessionRow>(`SELECT ${SESSION_COLS} FROM sessions WHERE user_id = ? ORDER BY id`)
      .all(userId)
      .map(toSession);
  }

  /** every session, by user id then oldest first */
  allSessions(): StoredSession[] {
    return this.db
      .prepare<[], SessionRow>(`SELECT ${SESSION_COLS} FROM sessions ORDER BY user_id, id`)
      .all()
      .map(toSession);
  }

  /**
   * Records that case `index` was shown at `servedAtMs` at `difficulty`. The first call wins: later
   * calls (a reload) get the stored values back, so the decision clock and the case's difficulty stay put.
   */
  markServed(sessionId: number, index: number, servedAtMs: number, difficulty: number): { served_at_ms: number; difficulty: number } {
    finite(servedAtMs, 'servedAtMs');
    finite(difficulty, 'Difficulty');
    return this.db.transaction(() => {
      const got = this.served(sessionId, index);
      if (got !== null) return got;
      const s = this.requireOpen(sessionId);
      this.checkIndex(s, index);
      this.db
        .prepare('INSERT INTO served (session_id, idx, served_at_ms, difficulty) VALUES (?, ?, ?, ?)')
        .run(sessionId, index, Math.floor(servedAtMs), difficulty);
      return { served_at_ms: Math.floor(servedAtMs), difficulty };
    })();
  }

  served(sessionId: number, index: number): { served_at_ms: number; difficulty: number } | null {
    const row = this.db
      .prepare<[number, number], ServedRow>('SELECT served_at_ms, difficulty FROM served WHERE session_id = ? AND idx = ?')
      .get(sessionId, index);
    return row === undefined ? null : { served_at_ms: row.served_at_ms, difficulty: row.difficulty };
  }

  /** Records a decision. Refused when the session is not open or the case was already decided. */
  addDecision(d: StoredDecision): void {
    if (!DECISIONS.includes(d.decision)) throw new TrainingInputError(`Unknown decision "${String(d.decision)}".`);
    if (!OUTCOMES.includes(d.outcome)) throw new TrainingInputError(`Unknown outcome "${String(d.outcome)}".`);
    const marks = checkBoxes(d.marks);
    for (const [k, v] of [
      ['ref', d.ref],
      ['difficulty', d.difficulty],
      ['served_at_ms', d.served_at_ms],
      ['decided_at_ms', d.decided_at_ms],
      ['decision_s', d.decision_s],
    ] as const) {
      finite(v, k);
    }
    this.db.transaction(() => {
      const s = this.requireOpen(d.session_id);
      this.checkIndex(s, d.index);
      if (this.db.prepare('SELECT 1 FROM decisions WHERE session_id = ? AND idx = ?').get(d.session_id, d.index) !== undefined) {
        throw new TrainingInputError(`Case ${d.index + 1} of session ${d.session_id} was already decided.`);
      }
      this.db
        .prepare(
          `INSERT INTO decisions (session_id, idx, ref, difficulty, projected, signal, decision, marks, outcome,
             served_at_ms, decided_at_ms, decision_s, baseline_yes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          d.session_id,
          d.index,
          d.ref,
          d.difficulty,
          d.projected ? 1 : 0,
          d.signal ? 1 : 0,
          d.decision,
          JSON.stringify(marks),
          d.outcome,
          Math.floor(d.served_at_ms),
          Math.floor(d.decided_at_ms),
          d.decision_s,
          d.baseline_yes ? 1 : 0,
        );
    })();
  }

  /** the session's decisions, by case index */
  decisions(sessionId: number): StoredDecision[] {
    return this.db
      .prepare<[number], DecisionRow>('SELECT * FROM decisions WHERE session_id = ? ORDER BY idx')
      .all(sessionId)
      .map(toDecision);
  }

  /** sets the difficulty the next case is shown at */
  setDifficulty(sessionId: number, difficulty: number): void {
    finite(difficulty, 'Difficulty');
    const info = this.db.prepare('UPDATE sessions SET difficulty = ? WHERE id = ?').run(difficulty, sessionId);
    if (info.changes === 0) throw new TrainingInputError(`No session ${sessionId}.`);
  }

  /** Finishes an open session; finishing one already finished is refused. */
  finishSession(id: number, finishedAt: string, outcome: RunOutcome | null): void {
    if (typeof finishedAt !== 'string' || finishedAt === '') throw new TrainingInputError('A finish time is required.');
    this.db.transaction(() => {
      this.requireOpen(id);
      this.db
        .prepare("UPDATE sessions SET state = 'finished', finished_at = ?, outcome = ? WHERE id = ?")
        .run(finishedAt, outcome === null ? null : JSON.stringify(outcome), id);
    })();
  }

  // ---------------------------------------------------------------- helpers

  private requireOpen(sessionId: number): StoredSession {
    const s = this.session(sessionId);
    if (s === null) throw new TrainingInputError(`No session ${sessionId}.`);
    if (s.state !== 'open') throw new TrainingInputError(`Session ${sessionId} is finished.`);
    return s;
  }

  private checkIndex(s: StoredSession, index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= s.exercise.cases) {
      throw new TrainingInputError(`Session ${s.id} has no case ${index} (it has ${s.exercise.cases}).`);
    }
  }
}

function migrate(db: Database.Database, version: number, shown: string): void {
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version === 0) {
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all();
      if (tables.length > 0) {
        throw new Error(`${shown} is not a training database (it has tables ${tables.map((t) => t.name).join(', ')})`);
      }
      db.exec(SCHEMA);
    }
    // future: if (version < 2) { … }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
