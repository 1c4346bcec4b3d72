/**
 * The trainer's CSV export of sessions: RFC 4180 (CRLF, fields quoted when they hold a comma,
 * quote, CR or LF), preceded by a UTF-8 byte order mark so Excel reads non-Latin names right.
 * Text fields that a spreadsheet would take for a formula (starting with = + - @ TAB CR) get a
 * leading single quote (CSV injection).
 */
import type { Scores, SessionSummary, UserView } from './api-types.js';

export const SESSIONS_CSV_HEADER = [
  'trainee',
  'session',
  'role',
  'scenario',
  'seed',
  'state',
  'started_at',
  'finished_at',
  'decided',
  'difficulty',
  'hits',
  'misses',
  'false_alarms',
  'correct_rejections',
  'hit_rate',
  'false_alarm_rate',
  'd_prime',
  'a_prime',
  'mean_decision_s',
  'p90_decision_s',
  'baseline_hit_rate',
  'baseline_false_alarm_rate',
  'baseline_d_prime',
  'baseline_a_prime',
] as const;

const BOM = '\uFEFF';
const EOL = '\r\n';

/** a text cell, defused when a spreadsheet would read it as a formula */
function text(s: string | null): string {
  if (s === null) return '';
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** a number as JS prints it, rounded to 4 decimals; null and non-finite values give an empty cell */
function num(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '';
  return String(Number(x.toFixed(4)));
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function record(fields: string[]): string {
  return fields.map(quote).join(',') + EOL;
}

export function sessionsCsv(rows: { user: UserView; session: SessionSummary }[]): string {
  let out = BOM + record([...SESSIONS_CSV_HEADER]);
  for (const { user, session: s } of rows) {
    const sc: Scores = s.scores;
    const b: Scores = s.baseline;
    out += record([
      text(user.name),
      num(s.id),
      text(s.role),
      text(s.scenario),
      num(s.seed),
      text(s.state),
      text(s.started_at),
      text(s.finished_at),
      num(s.decided),
      num(s.difficulty),
      num(sc.hits),
      num(sc.misses),
      num(sc.false_alarms),
      num(sc.correct_rejections),
      num(sc.hit_rate),
      num(sc.false_alarm_rate),
      num(sc.d_prime),
      num(sc.a_prime),
      num(sc.mean_decision_s),
      num(sc.p90_decision_s),
      num(b.hit_rate),
      num(b.false_alarm_rate),
      num(b.d_prime),
      num(b.a_prime),
    ]);
  }
  return out;
}
