import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario, ScenarioError } from '../../scenarios/loader.js';
import { distSchema, type ArrivalsSpec, type GateScenarioInput, type HorizonSpec } from '../../scenarios/schema.js';
import { expectedArrivals } from '../../scenarios/expected-counts.js';
import { MAX_GATE_TRUCKS, MAX_HOURS } from '../../scenarios/limits.js';
import { sampler } from '../../sim/kernel/distributions.js';
import { formatPath, type PathSegment } from '../../scenarios/validation.js';
import { BASE, outcome } from './helpers.js';

// ---------------------------------------------------------------------------------------------
// An arbitrary for valid scenario documents (the input form: defaults may be left out).

const pos = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const nonNeg = fc.oneof(fc.constant(0), pos);

const dist = fc.oneof(
  fc.record({ dist: fc.constant('constant' as const), value: nonNeg }),
  fc.record({ dist: fc.constant('exponential' as const), mean: pos }),
  fc
    .tuple(nonNeg, pos)
    .map(([min, d]) => ({ dist: 'uniform' as const, min, max: min + d }))
    .filter((u) => u.min < u.max),
  fc
    .tuple(nonNeg, nonNeg, nonNeg)
    .map(([min, a, b]) => ({ dist: 'triangular' as const, min, mode: min + a, max: min + a + b }))
    .filter((t) => t.min < t.max && t.min <= t.mode && t.mode <= t.max),
  fc
    .record({ dist: fc.constant('normal' as const), mean: pos, sd: pos, min: nonNeg }, { requiredKeys: ['dist', 'mean', 'sd'] })
    .filter((n) => n.min === undefined || (n.min - n.mean) / n.sd <= 3),
  fc.record({ dist: fc.constant('lognormal' as const), mean: pos, sd: pos }),
  fc.record({ dist: fc.constant('gamma' as const), shape: pos, scale: pos }),
  fc.record({ dist: fc.constant('erlang' as const), k: fc.integer({ min: 1, max: 50 }), mean: pos }),
  fc.array(nonNeg, { minLength: 1, maxLength: 8 }).chain((values) =>
    fc.oneof(
      fc.constant({ dist: 'empirical' as const, values }),
      fc
        .array(nonNeg, { minLength: values.length, maxLength: values.length })
        .filter((w) => w.some((x) => x > 0))
        .map((weights) => ({ dist: 'empirical' as const, values, weights })),
    ),
  ),
);

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Non-overlapping windows: sorted distinct minute marks taken two by two, in shuffled order. */
const shifts = fc
  .uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 8 })
  .chain((marks) => {
    const m = [...marks].sort((a, b) => a - b);
    const n = Math.floor(m.length / 2);
    return fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.integer({ min: 0, max: 20 }).map((lanes) => ({ from: hhmm(m[2 * i]), to: hhmm(m[2 * i + 1]), lanes })),
      ),
    );
  })
  .chain((ws) => fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length }));

// horizons within what a run can hold (scenarios/limits.ts)
const hours = fc.oneof(
  fc.integer({ min: 1, max: MAX_HOURS }),
  fc.double({ min: 1e-6, max: MAX_HOURS, noNaN: true, noDefaultInfinity: true }),
);
const horizon = fc.oneof(
  fc.record({ hours }),
  fc.tuple(hours, fc.double({ min: 0, max: 0.999, noNaN: true })).map(([hours, f]) => ({ hours, warmup_hours: hours * f })),
  fc.record({ trucks: fc.integer({ min: 1, max: MAX_GATE_TRUCKS }), warmup_hours: fc.oneof(fc.constant(0), hours) }, { requiredKeys: ['trucks'] }),
);

const arrivals = fc.oneof(
  fc.record({ per_hour: pos }),
  fc
    .array(nonNeg, { minLength: 24, maxLength: 24 })
    .filter((p) => p.some((x) => x > 0))
    .map((profile_per_hour) => ({ profile_per_hour })),
);

const scenarioInput: fc.Arbitrary<GateScenarioInput> = fc.record(
  {
    version: fc.constant(1 as const),
    name: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    description: fc.string({ unit: 'grapheme', maxLength: 60 }),
    seed: fc.maxSafeNat(),
    horizon,
    site: fc.record({
      gates: fc.record(
        { lanes: fc.integer({ min: 1, max: 64 }), service_s: dist, discipline: fc.constantFrom('fifo' as const, 'priority' as const), shifts },
        { requiredKeys: ['lanes', 'service_s'] },
      ),
    }),
    demand: fc.record({ arrivals }),
  },
  { requiredKeys: ['version', 'name', 'horizon', 'site', 'demand'] },
).map((s) => {
  // rates scaled down where the arrivals over the horizon would exceed what a run holds
  const h = s.horizon as HorizonSpec;
  const a = s.demand.arrivals as ArrivalsSpec;
  const n = h.hours === undefined ? 0 : expectedArrivals(h.hours, a);
  if (n <= MAX_GATE_TRUCKS / 2) return s;
  const f = MAX_GATE_TRUCKS / 2 / n;
  const scaled = a.per_hour !== undefined ? { per_hour: a.per_hour * f } : { profile_per_hour: a.profile_per_hour.map((x) => x * f) };
  return { ...s, demand: { arrivals: scaled } };
});

/** What the loader returns for an input: the input with defaults filled in. */
function withDefaults(s: GateScenarioInput): unknown {
  const copy = structuredClone(s);
  copy.site.gates.discipline ??= 'fifo';
  return { kind: 'gate', ...copy };
}

// ---------------------------------------------------------------------------------------------


function wellFormed(err: ScenarioError): void {
  expect(err.issues.length).toBeGreaterThan(0);
  for (const i of err.issues) {
    expect(i.file).toBe('fuzz.yaml');
    expect(i.message).not.toBe('');
    expect(i.message).not.toContain('\n');
    expect(typeof i.path).toBe('string');
  }
  for (const line of err.message.split('\n')) expect(line).toMatch(/^fuzz\.yaml(:\d+:\d+: .+)?: .+|^… and \d+ more$/);
}

describe('property: valid scenarios round-trip through YAML', () => {
  it('stringify → parseScenario gives back the same object (defaults added)', () => {
    fc.assert(
      fc.property(scenarioInput, (s) => {
        expect(parseScenario(stringify(s), 'gen.yaml')).toEqual(withDefaults(s));
      }),
      { numRuns: 120 },
    );
  });
});

describe('property: every distribution the schema accepts, the kernel can sample', () => {
  it('sampler(spec) accepts it and draws finite values, >= 0 unless a normal without min', () => {
    // a varying stream (a constant one would make rejection samplers loop forever): Park-Miller
    let state = 12345;
    const rng = { next: () => (state = (state * 48271) % 2147483647) / 2147483647 };
    fc.assert(
      fc.property(dist, (d) => {
        const spec = distSchema.parse(d);
        const draw = sampler(spec);
        for (let i = 0; i < 5; i++) {
          const x = draw(rng);
          expect(Number.isFinite(x)).toBe(true);
          // an untruncated normal can go below 0: the schema allows it (min is optional in DistSpec)
          if (!(spec.dist === 'normal' && spec.min === undefined)) expect(x).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Mutations of a valid document.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Kind = 'number' | 'string' | 'boolean' | 'null' | 'list' | 'mapping';

const kindOf = (v: unknown): Kind =>
  v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'mapping' : (typeof v as Kind);

const valueOfKind: Record<Kind, fc.Arbitrary<Json>> = {
  number: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
  string: fc.string({ maxLength: 8 }),
  boolean: fc.boolean(),
  null: fc.constant(null),
  list: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }),
  mapping: fc.dictionary(fc.stringMatching(/^z[a-z]{0,4}$/), fc.integer(), { maxKeys: 2 }),
};

const KNOWN_KEYS = new Set(
  'version name description seed horizon hours trucks warmup_hours site gates lanes service_s discipline shifts from to demand arrivals per_hour profile_per_hour dist value mean min max mode sd shape scale k values weights'.split(
    ' ',
  ),
);

/** Every place in the document: its path and value. */
function places(v: Json, path: PathSegment[] = []): { path: PathSegment[]; value: Json }[] {
  const here = path.length === 0 ? [] : [{ path, value: v }];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => places(x, [...path, i]))];
  if (v !== null && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => places(x, [...path, k]))];
  return here;
}

/** Where the error for deleting the key at `path` belongs, or undefined if the key is optional. */
function requiredAt(path: PathSegment[], doc: Json): PathSegment[] | undefined {
  const pattern = path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.');
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  if (['horizon.hours', 'horizon.trucks', 'demand.arrivals.per_hour', 'demand.arrivals.profile_per_hour'].includes(pattern)) {
    return parent; // exactly-one-of groups: the mapping is incomplete
  }
  if (pattern.startsWith('site.gates.service_s.') && path.length === 4) {
    const d = (doc as { site: { gates: { service_s: { dist: string } } } }).site.gates.service_s.dist;
    if ((d === 'normal' && key === 'min') || (d === 'empirical' && key === 'weights')) return undefined;
    return path;
  }
  const required = [
    'version',
    'name',
    'horizon',
    'site',
    'demand',
    'site.gates',
    'site.gates.lanes',
    'site.gates.service_s',
    'demand.arrivals',
    'site.gates.shifts.[].from',
    'site.gates.shifts.[].to',
    'site.gates.shifts.[].lanes',
  ];
  return required.includes(pattern) ? path : undefined;
}

function setAt(doc: Json, path: PathSegment[], f: (parent: Record<string, Json> | Json[], key: PathSegment) => void): void {
  let cur = doc as Record<string, Json> | Json[];
  for (const seg of path.slice(0, -1)) cur = (cur as Record<string, Json>)[seg] as Record<string, Json> | Json[];
  f(cur, path[path.length - 1]);
}

const unknownKey = fc.stringMatching(/^[a-z][a-z_]{0,11}$/).filter((k) => !KNOWN_KEYS.has(k));

type Mutation = { kind: 'delete' | 'retype' | 'unknown'; doc: Json; expectPath: PathSegment[]; lineHas?: string };

const mutated: fc.Arbitrary<Mutation> = scenarioInput.chain((s) => {
  const doc = s as unknown as Json;
  const all = places(doc);
  const deletable = all.flatMap((p) => {
    const at = typeof p.path[p.path.length - 1] === 'string' ? requiredAt(p.path, doc) : undefined;
    return at ? [{ path: p.path, at }] : [];
  });
  const mappings: PathSegment[][] = [[], ...all.filter((p) => kindOf(p.value) === 'mapping').map((p) => p.path)];

  const del = fc.constantFrom(...deletable).map(({ path, at }): Mutation => {
    const d = structuredClone(doc);
    setAt(d, path, (parent, key) => delete (parent as Record<string, Json>)[key as string]);
    const parentKey = at.length === path.length ? at[at.length - 2] : at[at.length - 1];
    return { kind: 'delete', doc: d, expectPath: at, lineHas: typeof parentKey === 'string' ? `${parentKey}:` : undefined };
  });

  const retype = fc
    .constantFrom(...all)
    .chain((p) =>
      fc
        .constantFrom(...(Object.keys(valueOfKind) as Kind[]).filter((k) => k !== kindOf(p.value)))
        .chain((k) => valueOfKind[k])
        .map((v): Mutation => {
          const d = structuredClone(doc);
          setAt(d, p.path, (parent, key) => ((parent as Record<string, Json>)[key as string] = v));
          const key = p.path[p.path.length - 1];
          return { kind: 'retype', doc: d, expectPath: p.path, lineHas: typeof key === 'string' ? `${key}:` : undefined };
        }),
    );

  const unknown = fc
    .tuple(
      fc.constantFrom(...mappings),
      unknownKey,
      valueOfKind.number,
    )
    .map(([path, key, v]): Mutation => {
      const d = structuredClone(doc);
      let target = d as Record<string, Json>;
      for (const seg of path) target = (target as unknown as Record<string, Record<string, Json>>)[seg];
      target[key] = v;
      return { kind: 'unknown', doc: d, expectPath: [...path, key], lineHas: `${key}:` };
    });

  return deletable.length > 0 ? fc.oneof(del, retype, unknown) : fc.oneof(retype, unknown);
});

describe('property: every mutation of a valid document is reported at the mutated place', () => {
  it('delete a required key, give a field a value of the wrong type, add an unknown key', () => {
    fc.assert(
      fc.property(mutated, (m) => {
        const text = stringify(m.doc);
        const result = outcome(text);
        expect(result, `${m.kind} at ${formatPath(m.expectPath)} was accepted`).toBeInstanceOf(ScenarioError);
        const err = result as ScenarioError;
        expect(err.issues.map((i) => i.path)).toEqual([formatPath(m.expectPath)]);
        const issue = err.issues[0];
        expect(issue.line).toBeGreaterThanOrEqual(1);
        expect(issue.col).toBeGreaterThanOrEqual(1);
        if (m.lineHas) expect(text.split('\n')[issue.line! - 1]).toContain(m.lineHas);
      }),
      { numRuns: 250 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Arbitrary text.

const yamlish = fc
  .array(
    fc.constantFrom(
      'version', 'name', 'horizon', 'site', 'gates', 'lanes', 'service_s', 'dist', 'demand', 'arrivals',
      'per_hour', 'hours', 'shifts', ':', ': ', ' ', '  ', '\n', '\n  ', '- ', '[', ']', '{', '}', ', ',
      '"', "'", '&a ', '*a', '*b', '!', '!!str ', '!!map ', '!!binary ', '? ', '|', '>-', '#', '---', '...',
      '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', '\t', '<<: ', '1', '-2', '0.5', '.inf', '.nan', '~', 'null',
      'true', '"06:00"', '24:00', 'exponential', '\\', '\u00e9', '\ufeff', '\r\n', '\0', '__proto__',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** The valid base document with a few characters deleted, inserted or replaced. */
const damaged = fc
  .array(
    fc.tuple(fc.nat({ max: BASE.length }), fc.nat({ max: 3 }), fc.string({ unit: 'binary', maxLength: 3 })),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => edits.reduce((t, [at, del, ins]) => t.slice(0, at) + ins + t.slice(at + del), BASE));

describe('property: any text gives a Scenario or a ScenarioError, nothing else', () => {
  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const r = outcome(text);
        if (r !== 'ok') wellFormed(r);
      }),
      { numRuns: 400 },
    );
  });

  it('YAML-ish token soup', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const r = outcome(text);
        if (r !== 'ok') wellFormed(r);
      }),
      { numRuns: 400 },
    );
  });

  it('a valid document, damaged', () => {
    fc.assert(
      fc.property(damaged, (text) => {
        const r = outcome(text);
        if (r !== 'ok') wellFormed(r);
      }),
      { numRuns: 400 },
    );
  });
});
