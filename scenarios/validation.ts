/**
 * Schema building blocks that carry their own plain-language messages, and the one formatter that
 * turns zod issues into messages a planner can act on ("expected a positive integer, got -2").
 *
 * Convention: a message that starts with "expected" and does not already say what was found gets
 * ", got <value>" appended by `describeIssues`, with the value read from the parsed document at the
 * issue's path. Missing keys and unknown keys get their own wording. Nothing here does I/O.
 */
import { z } from 'zod';

export type PathSegment = string | number;

// ---------------------------------------------------------------------------------------------
// Helper constructors

/** Text of the `unrecognized_keys` message of `mapping()`; `describeIssues` expands it per key. */
const ALLOWED_PREFIX = 'allowed: ';

/** A mapping with exactly these keys (unknown keys are errors), named for its messages. */
export function mapping<const S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? `${ALLOWED_PREFIX}${keys}` : `expected a mapping with keys ${keys}`,
  });
}

/**
 * Every check below aborts on failure (`abort: true`, `continue: false`): the checks on the
 * enclosing mapping or list (min < max, windows not overlapping...) then never sees a value that
 * already failed, so one mistake gives one message.
 */

/** Report a cross-field problem at `path` (relative to the value being refined). */
export function fail(ctx: z.core.$RefinementCtx, path: PathSegment[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message, continue: false });
}

/** A finite number satisfying `ok`; every failure (wrong type, NaN, infinity, range) says `what`. */
function numberWhere(what: string, ok: (n: number) => boolean) {
  return z.number({ error: what }).refine(ok, { error: what, abort: true });
}

export const anyNumber = () => numberWhere('expected a number', () => true);
export const posNumber = () => numberWhere('expected a positive number', (n) => n > 0);
export const nonNegNumber = () => numberWhere('expected a number >= 0', (n) => n >= 0);
export const posInt = () =>
  numberWhere('expected a positive integer', (n) => Number.isSafeInteger(n) && n > 0);
export const nonNegInt = () =>
  numberWhere('expected an integer >= 0', (n) => Number.isSafeInteger(n) && n >= 0);
export const probability = () =>
  numberWhere('expected a probability between 0 and 1', (n) => n >= 0 && n <= 1);

/**
 * `schema` with a ceiling: `expected at most 10,000 lanes, got 1e9: <why>`. The reason says what
 * the ceiling protects (scenarios/limits.ts), so a planner can tell a typo from a real need.
 */
export function atMost<T extends z.ZodType<number>>(schema: T, max: number, what: string, why: string): T {
  return schema.refine((n: number) => n <= max, {
    error: (iss) => `expected at most ${max.toLocaleString('en-US')} ${what}, got ${showValue(iss.input)}: ${why}`,
    abort: true,
  }) as T;
}

export const text = () => z.string({ error: 'expected a text' });

/** Lower-case identifiers such as scenario names: `gate-mmc`. */
export const slug = () =>
  z
    .string({ error: 'expected a name made of a-z, 0-9 and -' })
    .regex(/^[a-z0-9-]+$/, { error: 'expected a name made of a-z, 0-9 and -', abort: true });

/** One of a fixed set of words; the message lists them as `a|b|c`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join('|')}` });
}

/** A list of `item`; `what` names the list in the message. */
export function listOf<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: `expected a list of ${what}` });
}

/** A non-empty list of policies whose names are unique; `what` names the list in the message. */
export function policyList<T extends z.ZodType<{ name: string }>>(item: T, what: string) {
  return listOf(item, what)
    .refine((ps) => ps.length > 0, { error: 'expected at least one policy', abort: true })
    .superRefine((ps, ctx) => {
      const first = new Map<string, number>();
      ps.forEach((p, j) => {
        const i = first.get(p.name);
        if (i === undefined) first.set(p.name, j);
        else fail(ctx, [j, 'name'], `duplicate policy name '${p.name}' (policies[${i}] has it too); policy names must be unique`);
      });
    });
}

const CLOCK = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const CLOCK_MESSAGE = 'expected a clock time "HH:MM" from 00:00 to 24:00';

/** Time of day "HH:MM", 00:00 to 24:00 inclusive (24:00 ends a window at midnight). */
export const clockTime = () =>
  z.string({ error: CLOCK_MESSAGE }).regex(CLOCK, { error: CLOCK_MESSAGE, abort: true });

/** Minutes after midnight of a valid `clockTime` string. */
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

// ---------------------------------------------------------------------------------------------
// Formatting

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A key as shown in messages: `'lanes'`; odd keys JSON-quoted so a message stays on one line. */
export function showKey(key: string): string {
  return PLAIN_KEY.test(key) ? `'${key}'` : JSON.stringify(key);
}

/**
 * `site.gates.shifts[1].to`; `(root)` for the empty path. Keys that are not plain words are
 * written `["odd key"]`, so a path is unambiguous and never spans lines.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (!PLAIN_KEY.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(root)' : out;
}

/** How a value found in the document is shown after "got". */
export function showValue(v: unknown): string {
  if (v === null) return 'an empty value';
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (v === Infinity) return '.inf';
    if (v === -Infinity) return '-.inf';
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'string') {
    const s = v.length > 40 ? `${v.slice(0, 37)}...` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length} value${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in `data`, and whether the last key is absent from an existing mapping. */
function lookup(data: unknown, path: readonly PathSegment[]): { value: unknown; missingKey: boolean } {
  let cur: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (Array.isArray(cur) && typeof seg === 'number') {
      cur = cur[seg];
    } else if (isPlainObject(cur)) {
      const key = String(seg);
      if (!Object.prototype.hasOwnProperty.call(cur, key)) {
        return { value: undefined, missingKey: i === path.length - 1 };
      }
      cur = cur[key];
    } else {
      return { value: undefined, missingKey: false };
    }
  }
  return { value: cur, missingKey: false };
}

export interface DescribedIssue {
  /** Where the problem is; for a missing key, the key's own path (its parent mapping exists). */
  path: PathSegment[];
  message: string;
  /** True when `path` names a key that is absent: point at the parent mapping. */
  missingKey: boolean;
  /** True when `path` names an unknown key: point at the key rather than its value. */
  atKey: boolean;
}

/** Fallback for any zod check that was built without one of the helpers above. */
export const fallbackErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${iss.expected === 'object' ? 'a mapping' : iss.expected === 'array' ? 'a list' : `a ${iss.expected}`}`;
    case 'invalid_value':
      return `expected one of ${iss.values.map((v) => String(v)).join('|')}`;
    case 'too_small':
      return `expected a value ${iss.inclusive ? '>=' : '>'} ${String(iss.minimum)}`;
    case 'too_big':
      return `expected a value ${iss.inclusive ? '<=' : '<'} ${String(iss.maximum)}`;
    default:
      return `expected a valid value`;
  }
};

/**
 * Turn zod issues into planner-readable messages. `data` is the value that was validated (the
 * document as plain JS), used to show what was actually found at each path.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown): DescribedIssue[] {
  const out: (DescribedIssue & { guess?: string })[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const allowed = issue.message.startsWith(ALLOWED_PREFIX)
        ? issue.message.slice(ALLOWED_PREFIX.length).split(', ')
        : [];
      for (const key of issue.keys) {
        const guess = closest(key, allowed);
        const hint = allowed.length === 0 ? '' : ` (${guess ? `did you mean '${guess}'? ` : ''}allowed: ${allowed.join(', ')})`;
        out.push({ path: [...path, key], message: `unknown key ${showKey(key)}${hint}`, missingKey: false, atKey: true, guess });
      }
      continue;
    }
    const { value, missingKey } = lookup(data, path);
    if (missingKey) {
      const key = path[path.length - 1];
      out.push({ path, message: `missing required key '${String(key)}'`, missingKey: true, atKey: false });
      continue;
    }
    let message = issue.message;
    if (message.startsWith('expected') && !message.includes(', got ') && value !== undefined) {
      message += `, got ${showValue(value)}`;
    }
    out.push({ path, message, missingKey: false, atKey: false });
  }
  // A misspelt required key shows up twice, as unknown ('lane') and as missing ('lanes'): the
  // unknown-key message already suggests the right spelling, so drop the missing-key one.
  const guessed = new Set(
    out.filter((d) => d.guess !== undefined).map((d) => formatPath([...d.path.slice(0, -1), d.guess as string])),
  );
  return out
    .filter((d) => !(d.missingKey && guessed.has(formatPath(d.path))))
    .map(({ guess: _guess, ...d }) => d);
}

/** The allowed key closest to a misspelt one, if any is close enough to be a likely typo. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const a of allowed) {
    const al = a.toLowerCase();
    let score = editDistance(k, al);
    if (score > Math.max(1, Math.floor(Math.min(k.length, al.length) / 3))) {
      // also accept a clear stem: 'warmup' for 'warmup_hours', 'service' for 'service_s'
      score = k.length >= 4 && (al.startsWith(k) || k.startsWith(al)) ? 3 : Infinity;
    }
    if (score < bestScore) {
      bestScore = score;
      best = a;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
