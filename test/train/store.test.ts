import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExerciseView, RunOutcome } from '../../train/api-types.js';
import { hashPassword, verifyPassword } from '../../train/passwords.js';
import { SCHEMA_VERSION, TrainingInputError, TrainingStore, type StoredDecision } from '../../train/store.js';

const EX: ExerciseView = {
  scenario: 'port-reform',
  scenario_hash: 'abc123',
  policy: 'baseline',
  seed: 7,
  role: 'image-analyst',
  cases: 5,
  projection_rate: 0.2,
};

const OUTCOME: RunOutcome = {
  baseline: { consignments: 10, released: 9, seized: 1, clearance_mean_min: 30, clearance_p95_min: 90, detection_recall: 0.5, false_alarms: 3, missed: 1 },
  trainee: { consignments: 10, released: 8, seized: 2, clearance_mean_min: 35, clearance_p95_min: null, detection_recall: 1, false_alarms: 1, missed: 0 },
  decisions_applied: 3,
};

function decision(session_id: number, index: number, over: Partial<StoredDecision> = {}): StoredDecision {
  return {
    session_id,
    index,
    ref: 100 + index,
    difficulty: 2,
    projected: false,
    signal: true,
    decision: 'mark',
    marks: [{ x0: 1, y0: 2, x1: 30, y1: 40 }],
    outcome: 'hit',
    served_at_ms: 1000,
    decided_at_ms: 4500,
    decision_s: 3.5,
    baseline_yes: false,
    ...over,
  };
}

/** the bytes of every file of the store (db, -wal, -shm), as one latin1 string to search */
function allBytes(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctwin-train-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const h = await hashPassword('correct horse');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(h.split('$')[4]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(h.split('$')[5]!, 'base64')).toHaveLength(32);
    expect(await hashPassword('correct horse')).not.toBe(h); // salted
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct horsE', h)).toBe(false);
  });

  it('returns false on malformed encodings, never throws', async () => {
    const h = await hashPassword('pw123456');
    const parts = h.split('$');
    for (const bad of [
      '',
      'scrypt',
      'bcrypt$1$2$3$4$5',
      parts.slice(0, 5).join('$'),
      ['scrypt', '1000', ...parts.slice(2)].join('$'), // N not a power of 2
      ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'), // N too large
      ['scrypt', '0', ...parts.slice(2)].join('$'),
      ['scrypt', '-8', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 4), '!!!', parts[5]].join('$'),
      [...parts.slice(0, 5), 'AAAA'].join('$'), // key too short
      [...parts.slice(0, 5), ''].join('$'),
    ]) {
      expect(await verifyPassword('pw123456', bad)).toBe(false);
    }
    expect(await verifyPassword('pw123456', undefined as unknown as string)).toBe(false);
  });
});

describe('TrainingStore: users', () => {
  it('checks an unknown name against a dummy hash, taking as long as a known one, off the event loop', async () => {
    const st = TrainingStore.open(':memory:');
    await st.createUser('ann', 'password1', 'trainee');
    await st.checkPassword('nobody', 'password1'); // the dummy hash is made once
    /** the check's time, and how often a 1 ms timer fired meanwhile (never, when the hash holds the thread) */
    const timed = async (name: string) => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const t0 = performance.now();
      expect(await st.checkPassword(name, 'wrong-password')).toBeNull();
      const ms = performance.now() - t0;
      clearInterval(timer);
      return { ms, ticks };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [], unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      const k = await timed('ann'), u = await timed(`nobody-${i}`);
      known.push(k.ms);
      unknown.push(u.ms);
      expect(k.ticks).toBeGreaterThanOrEqual(3);
      expect(u.ticks).toBeGreaterThanOrEqual(3);
    }
    // without the dummy hash an unknown name would answer in a database look-up's time (~0.1 ms against ~100 ms)
    expect(median(unknown)).toBeGreaterThan(0.3 * median(known));
    st.close();
  });

  it('creates users and checks passwords', async () => {
    const st = TrainingStore.open(':memory:');
    expect(st.hasTrainer()).toBe(false);
    const t = await st.createUser('Chief', 'trainer-pass', 'trainer');
    const a = await st.createUser('王小明', 'trainee-pass', 'trainee');
    const b = await st.createUser('o.hara-2', 'another-pass', 'trainee');
    expect(t).toEqual({ id: t.id, name: 'Chief', role: 'trainer' });
    expect(st.hasTrainer()).toBe(true);
    expect(await st.checkPassword('Chief', 'trainer-pass')).toEqual(t);
    expect(await st.checkPassword('chief', 'trainer-pass')).toEqual(t); // names are case-insensitive
    expect(await st.checkPassword('王小明', 'trainee-pass')).toEqual(a);
    expect(await st.checkPassword('Chief', 'wrong-pass')).toBeNull();
    expect(await st.checkPassword('nobody', 'trainer-pass')).toBeNull();
    expect(st.user(a.id)).toEqual(a);
    expect(st.user(9999)).toBeNull();
    expect(st.users()).toEqual([t, a, b]);
    expect(st.users('trainee')).toEqual([a, b]);
    expect(st.users('trainer')).toEqual([t]);
    await st.setPassword(a.id, 'new-password');
    expect(await st.checkPassword('王小明', 'trainee-pass')).toBeNull();
    expect(await st.checkPassword('王小明', 'new-password')).toEqual(a);
    await expect(st.setPassword(a.id, 'short')).rejects.toThrow(TrainingInputError);
    await expect(st.setPassword(9999, 'long enough')).rejects.toThrow(TrainingInputError);
    st.close();
  });

  it('refuses a duplicate name, case-insensitively', async () => {
    const st = TrainingStore.open(':memory:');
    await st.createUser('Officer.Ann', 'password1', 'trainee');
    await expect(st.createUser('officer.ann', 'password2', 'trainer')).rejects.toThrow(/already taken/);
    await expect(st.createUser('OFFICER.ANN', 'password2', 'trainee')).rejects.toThrow(TrainingInputError);
    await st.createUser('Ärger', 'password1', 'trainee');
    await expect(st.createUser('ärger', 'password1', 'trainee')).rejects.toThrow(/already taken/);
    expect(st.users()).toHaveLength(2);
    st.close();
  });

  it('refuses bad names and short passwords with a message', async () => {
    const st = TrainingStore.open(':memory:');
    for (const bad of ['', 'a b', 'semi;colon', 'x'.repeat(41), '<script>', 'tab\there', 'new\nline', '=cmd']) {
      await expect(st.createUser(bad, 'password1', 'trainee')).rejects.toThrow(TrainingInputError);
    }
    await expect(st.createUser('a b', 'password1', 'trainee')).rejects.toThrow(/letters, digits/);
    await expect(st.createUser('x'.repeat(41), 'password1', 'trainee')).rejects.toThrow(/1 to 40/);
    await expect(st.createUser('okname', 'short12', 'trainee')).rejects.toThrow(/at least 8/);
    await expect(st.createUser('okname', 'password1', 'admin' as 'trainee')).rejects.toThrow(TrainingInputError);
    expect((await st.createUser('x'.repeat(40), 'password1', 'trainee')).name).toHaveLength(40);
    expect((await st.createUser('Ωμέγα_9', 'пароль-длинный', 'trainee')).name).toBe('Ωμέγα_9');
    expect((await st.createUser('राम', 'password1', 'trainee')).name).toBe('राम'); // Devanagari has combining vowel signs
    st.close();
  });

  it('does not store passwords in clear', async () => {
    const file = join(dir, 'sub', 'train.db');
    const st = TrainingStore.open(file);
    await st.createUser('trainer1', 'Sup3rSecretPassw0rd', 'trainer');
    await st.createUser('trainee1', '明文密码不可见的口令', 'trainee');
    // before close (WAL holds recent writes) and after
    expect(allBytes(join(dir, 'sub'))).not.toContain('Sup3rSecretPassw0rd');
    st.close();
    const bytes = allBytes(join(dir, 'sub'));
    expect(bytes).toContain('trainer1');
    expect(bytes).not.toContain('Sup3rSecretPassw0rd');
    expect(bytes).not.toContain(Buffer.from('明文密码不可见的口令', 'utf8').toString('latin1'));
    expect(bytes).toContain('scrypt$32768$8$1$');
  });
});

describe('TrainingStore: tokens', () => {
  it('issues, expires and revokes tokens, storing only their hash', async () => {
    const file = join(dir, 'train.db');
    const st = TrainingStore.open(file);
    const u = await st.createUser('ann', 'password1', 'trainee');
    const now = 1_700_000_000_000;
    const tok = st.issueToken(u.id, now);
    expect(tok).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(st.userForToken(tok, now)).toEqual(u);
    expect(st.userForToken(tok, now + 12 * 3600e3 - 1)).toEqual(u);
    expect(st.userForToken(tok, now + 12 * 3600e3)).toBeNull(); // expired
    expect(st.userForToken('not-a-token', now)).toBeNull();
    expect(st.userForToken('', now)).toBeNull();

    const short = st.issueToken(u.id, now, 1000);
    expect(st.userForToken(short, now + 999)).toEqual(u);
    expect(st.userForToken(short, now + 1000)).toBeNull();

    const tok2 = st.issueToken(u.id, now);
    expect(tok2).not.toBe(tok);
    st.revokeToken(tok2);
    expect(st.userForToken(tok2, now)).toBeNull();
    expect(st.userForToken(tok, now)).toEqual(u); // only that one revoked
    st.revokeToken('unknown'); // no-op

    const tok3 = st.issueToken(u.id, now);
    st.revokeTokensOf(u.id);
    expect(st.userForToken(tok3, now)).toBeNull();
    expect(st.userForToken(tok, now)).toBeNull();

    const kept = st.issueToken(u.id, now);
    expect(() => st.issueToken(9999, now)).toThrow(TrainingInputError);
    expect(allBytes(dir)).not.toContain(kept);
    st.close();
    expect(allBytes(dir)).not.toContain(kept);
    const again = TrainingStore.open(file);
    expect(again.userForToken(kept, now)).toEqual(u);
    again.close();
  });
});

describe('TrainingStore: sessions', () => {
  it('creates sessions and finds the open one of the same exercise only', async () => {
    const st = TrainingStore.open(':memory:');
    const u = await st.createUser('ann', 'password1', 'trainee');
    const v = await st.createUser('bob', 'password1', 'trainee');
    const s = st.createSession(u.id, EX, '2026-11-30T10:00:00.000Z', 3);
    expect(s).toEqual({
      id: s.id,
      user_id: u.id,
      exercise: EX,
      state: 'open',
      started_at: '2026-11-30T10:00:00.000Z',
      finished_at: null,
      difficulty: 3,
      outcome: null,
    });
    expect(st.session(s.id)).toEqual(s);
    expect(st.session(9999)).toBeNull();
    expect(st.openSessionOf(u.id, EX)).toEqual(s);
    expect(st.openSessionOf(u.id, { ...EX, scenario: 'renamed' })).toEqual(s); // the name is not part of the identity
    expect(st.openSessionOf(v.id, EX)).toBeNull();
    for (const other of [
      { scenario_hash: 'zzz' },
      { policy: 'reform' },
      { seed: 8 },
      { role: 'gate-officer' as const },
      { cases: 6 },
      { projection_rate: 0.3 },
    ]) {
      expect(st.openSessionOf(u.id, { ...EX, ...other })).toBeNull();
    }
    const s2 = st.createSession(u.id, { ...EX, seed: 8 }, '2026-11-30T11:00:00.000Z', 1);
    const s3 = st.createSession(v.id, EX, '2026-11-30T09:00:00.000Z', 1);
    expect(st.openSessionOf(u.id, { ...EX, seed: 8 })?.id).toBe(s2.id);
    expect(st.sessionsOf(u.id).map((x) => x.id)).toEqual([s.id, s2.id]);
    expect(st.allSessions().map((x) => x.id)).toEqual([s.id, s2.id, s3.id]);
    st.finishSession(s.id, '2026-11-30T10:30:00.000Z', OUTCOME);
    expect(st.openSessionOf(u.id, EX)).toBeNull();
    expect(st.session(s.id)).toMatchObject({ state: 'finished', finished_at: '2026-11-30T10:30:00.000Z', outcome: OUTCOME });
    expect(() => st.createSession(9999, EX, '2026-11-30T10:00:00.000Z', 1)).toThrow(TrainingInputError);
    st.close();
  });

  it('markServed: the first call wins', async () => {
    const st = TrainingStore.open(':memory:');
    const u = await st.createUser('ann', 'password1', 'trainee');
    const s = st.createSession(u.id, EX, '2026-11-30T10:00:00.000Z', 2);
    expect(st.served(s.id, 0)).toBeNull();
    expect(st.markServed(s.id, 0, 1000, 2)).toEqual({ served_at_ms: 1000, difficulty: 2 });
    expect(st.markServed(s.id, 0, 5000, 4)).toEqual({ served_at_ms: 1000, difficulty: 2 });
    expect(st.served(s.id, 0)).toEqual({ served_at_ms: 1000, difficulty: 2 });
    expect(st.markServed(s.id, 1, 6000, 4)).toEqual({ served_at_ms: 6000, difficulty: 4 });
    expect(() => st.markServed(s.id, 5, 6000, 4)).toThrow(TrainingInputError); // only 5 cases
    expect(() => st.markServed(9999, 0, 6000, 4)).toThrow(TrainingInputError);
    st.setDifficulty(s.id, 5);
    expect(st.session(s.id)?.difficulty).toBe(5);
    expect(st.served(s.id, 1)).toEqual({ served_at_ms: 6000, difficulty: 4 });
    expect(() => st.setDifficulty(9999, 1)).toThrow(TrainingInputError);
    st.close();
  });

  it('records decisions once per case, only on an open session; finishing twice is refused', async () => {
    const st = TrainingStore.open(':memory:');
    const u = await st.createUser('ann', 'password1', 'trainee');
    const s = st.createSession(u.id, EX, '2026-11-30T10:00:00.000Z', 2);
    const d1 = decision(s.id, 1, { decision: 'clear', marks: [], outcome: 'miss', projected: true, baseline_yes: true });
    const d0 = decision(s.id, 0);
    st.addDecision(d1);
    st.addDecision(d0);
    expect(st.decisions(s.id)).toEqual([d0, d1]);
    expect(() => st.addDecision(decision(s.id, 0, { decision: 'clear' }))).toThrow(/already decided/);
    expect(() => st.addDecision(decision(s.id, 0))).toThrow(TrainingInputError);
    expect(() => st.addDecision(decision(s.id, 5))).toThrow(TrainingInputError);
    expect(() => st.addDecision(decision(s.id, -1))).toThrow(TrainingInputError);
    expect(() => st.addDecision(decision(9999, 0))).toThrow(TrainingInputError);
    expect(() => st.addDecision(decision(s.id, 2, { decision: 'nope' as 'mark' }))).toThrow(TrainingInputError);
    expect(st.decisions(s.id)).toHaveLength(2);

    st.finishSession(s.id, '2026-11-30T10:30:00.000Z', null);
    expect(st.session(s.id)).toMatchObject({ state: 'finished', outcome: null });
    expect(() => st.addDecision(decision(s.id, 2))).toThrow(/finished/);
    expect(() => st.markServed(s.id, 2, 1, 1)).toThrow(TrainingInputError);
    expect(() => st.finishSession(s.id, '2026-11-30T10:31:00.000Z', OUTCOME)).toThrow(/finished/);
    expect(st.session(s.id)).toMatchObject({ finished_at: '2026-11-30T10:30:00.000Z', outcome: null });
    expect(() => st.finishSession(9999, '2026-11-30T10:31:00.000Z', null)).toThrow(TrainingInputError);
    st.close();
  });
});

describe('TrainingStore: the file', () => {
  it('keeps everything across reopening', async () => {
    const file = join(dir, 'nested', 'deeper', 'train.db');
    const st = TrainingStore.open(file);
    const t = await st.createUser('chief', 'password1', 'trainer');
    const u = await st.createUser('李四', 'password2', 'trainee');
    const s = st.createSession(u.id, EX, '2026-11-30T10:00:00.000Z', 2);
    st.markServed(s.id, 0, 1000, 2);
    const d0 = decision(s.id, 0);
    st.addDecision(d0);
    st.setDifficulty(s.id, 3);
    const s2 = st.createSession(u.id, EX, '2026-11-30T11:00:00.000Z', 1);
    st.finishSession(s2.id, '2026-11-30T11:30:00.000Z', OUTCOME);
    const tok = st.issueToken(u.id, 5000);
    st.close();

    const again = TrainingStore.open(file);
    expect(again.users()).toEqual([t, u]);
    expect(again.hasTrainer()).toBe(true);
    expect(await again.checkPassword('李四', 'password2')).toEqual(u);
    expect(again.userForToken(tok, 6000)).toEqual(u);
    expect(again.session(s.id)).toMatchObject({ state: 'open', difficulty: 3, exercise: EX });
    expect(again.openSessionOf(u.id, EX)?.id).toBe(s.id);
    expect(again.session(s2.id)).toMatchObject({ state: 'finished', outcome: OUTCOME });
    expect(again.served(s.id, 0)).toEqual({ served_at_ms: 1000, difficulty: 2 });
    expect(again.decisions(s.id)).toEqual([d0]);
    await expect(again.createUser('CHIEF', 'password1', 'trainee')).rejects.toThrow(/already taken/);
    again.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a file with a newer schema version, naming the file', () => {
    const file = join(dir, 'future.db');
    TrainingStore.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => TrainingStore.open(file)).toThrow(file);
    expect(() => TrainingStore.open(file)).toThrow(/newer/);
  });

  it('refuses a file that is not a training database, naming it', () => {
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE frames (t INTEGER)');
    db.close();
    expect(() => TrainingStore.open(other)).toThrow(other);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite at all, just some text that is long enough '.repeat(20));
    expect(() => TrainingStore.open(junk)).toThrow(junk);
  });
});
