import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Scores, SessionSummary, UserView } from '../../train/api-types.js';
import { SESSIONS_CSV_HEADER, sessionsCsv } from '../../train/csv.js';

/** A strict RFC 4180 parser: CRLF records, quoted fields with "" escapes; the input must end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      rows.push(row);
      row = [];
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 5))}`);
  }
}

function scores(over: Partial<Scores> = {}): Scores {
  return {
    n: 10,
    signals: 4,
    noises: 6,
    hits: 3,
    misses: 1,
    false_alarms: 2,
    correct_rejections: 4,
    hit_rate: 0.75,
    false_alarm_rate: 1 / 3,
    d_prime: 1.234567,
    a_prime: 0.81234,
    mean_decision_s: 4.2,
    p90_decision_s: 9.87654,
    ...over,
  };
}

function summary(over: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: 3,
    role: 'image-analyst',
    scenario: 'port-reform',
    seed: 42,
    state: 'finished',
    started_at: '2026-11-30T10:00:00.000Z',
    finished_at: '2026-11-30T10:30:00.000Z',
    decided: 10,
    difficulty: 3,
    scores: scores(),
    baseline: scores({ hit_rate: 0.5, false_alarm_rate: 0.1, d_prime: -0.25, a_prime: null }),
    ...over,
  };
}

const user = (name: string, id = 1): UserView => ({ id, name, role: 'trainee' });

function expectedText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

describe('sessionsCsv', () => {
  it('starts with a UTF-8 BOM and the header, CRLF line ends', () => {
    const csv = sessionsCsv([]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFF' + SESSIONS_CSV_HEADER.join(',') + '\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes one row per session, numbers rounded to 4 decimals, nulls empty', () => {
    const csv = sessionsCsv([
      { user: user('王小明'), session: summary() },
      {
        user: user('ann', 2),
        session: summary({
          id: 4,
          state: 'open',
          finished_at: null,
          scores: scores({ hit_rate: null, false_alarm_rate: null, d_prime: null, a_prime: null, mean_decision_s: null, p90_decision_s: null }),
          baseline: scores({ hit_rate: null, false_alarm_rate: null, d_prime: null, a_prime: null }),
        }),
      },
    ]);
    expect(csv.split('\r\n')).toHaveLength(4); // header, 2 rows, '' after the final CRLF
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...SESSIONS_CSV_HEADER]);
    expect(rows[1]).toEqual([
      '王小明', '3', 'image-analyst', 'port-reform', '42', 'finished', '2026-11-30T10:00:00.000Z', '2026-11-30T10:30:00.000Z',
      '10', '3', '3', '1', '2', '4', '0.75', '0.3333', '1.2346', '0.8123', '4.2', '9.8765', '0.5', '0.1', '-0.25', '',
    ]);
    expect(rows[2]).toEqual([
      'ann', '4', 'image-analyst', 'port-reform', '42', 'open', '2026-11-30T10:00:00.000Z', '',
      '10', '3', '3', '1', '2', '4', '', '', '', '', '', '', '', '', '', '',
    ]);
    for (const r of rows) expect(r).toHaveLength(SESSIONS_CSV_HEADER.length);
  });

  it('defuses formula injection in text fields', () => {
    for (const name of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const rows = parseCsv(sessionsCsv([{ user: user(name), session: summary({ scenario: name }) }]).slice(1));
      expect(rows[1]![0]).toBe(`'${name}`);
      expect(rows[1]![3]).toBe(`'${name}`);
    }
    const safe = parseCsv(sessionsCsv([{ user: user('a=b'), session: summary() }]).slice(1));
    expect(safe[1]![0]).toBe('a=b');
    // numbers are not text: a negative d′ stays a number
    expect(safe[1]![22]).toBe('-0.25');
  });

  it('parses back to the same fields for any names and scenarios (property)', () => {
    const unit = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' ', '=', '+', '-', '@', '\t', "'", '中', '文', 'é') },
      { weight: 5, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    );
    const text = fc.string({ unit, maxLength: 30 });
    const maybeNum = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: text, scenario: text, finished: fc.option(text, { nil: null }), d: maybeNum, seed: fc.nat() }), {
          maxLength: 5,
        }),
        (items) => {
          const csv = sessionsCsv(
            items.map((x, i) => ({
              user: user(x.name, i + 1),
              session: summary({ id: i + 1, scenario: x.scenario, seed: x.seed, finished_at: x.finished, scores: scores({ d_prime: x.d }) }),
            })),
          );
          expect(csv.startsWith('\uFEFF')).toBe(true);
          const rows = parseCsv(csv.slice(1));
          expect(rows).toHaveLength(items.length + 1);
          items.forEach((x, i) => {
            const r = rows[i + 1]!;
            expect(r).toHaveLength(SESSIONS_CSV_HEADER.length);
            expect(r[0]).toBe(expectedText(x.name));
            expect(r[1]).toBe(String(i + 1));
            expect(r[3]).toBe(expectedText(x.scenario));
            expect(r[4]).toBe(String(x.seed));
            expect(r[7]).toBe(x.finished === null ? '' : expectedText(x.finished));
            if (x.d === null) expect(r[16]).toBe('');
            else expect(Math.abs(Number(r[16]) - x.d)).toBeLessThanOrEqual(5e-5 + 1e-9 * Math.abs(x.d));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
