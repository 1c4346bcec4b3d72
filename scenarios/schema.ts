/**
 * Scenario file format, version 1: the zod schemas and the `Scenario` type they produce.
 *
 * Four families share the format. A single gate (M/M/c and its variants), `site.gates`, is defined
 * here; a port with policies, `site.port`, in port-schema.ts; a processing-trade zone, `site.zone`,
 * in zone-schema.ts; a road network, `site.network`, in network-schema.ts. They reuse the building
 * blocks below (distributions, horizon, arrivals). The loader picks the family by the key under
 * `site` and returns `Scenario`, a union discriminated by `kind`.
 *
 * Time is in seconds everywhere except where a key says otherwise (`hours`, `warmup_hours`, clock
 * times "HH:MM"); rates are per hour. Every mapping is strict (an unknown key is an error, usually
 * a typo) and every check carries a message written for a planner; see validation.ts for the
 * helpers and the formatter.
 */
import { z } from 'zod';
import type { DistSpec } from '../sim/kernel/distribution-spec.js';
import type { PortScenario, PortScenarioInput } from './port-schema.js';
import type { ZoneScenario, ZoneScenarioInput } from './zone-schema.js';
import type { NetworkScenario, NetworkScenarioInput } from './network-schema.js';
import {
  atMostMessage,
  ERLANG_K_WHY,
  GATE_TRUCKS_WHY,
  HOURS_WHY,
  MAX_ERLANG_K,
  MAX_GATE_TRUCKS,
  MAX_HOURS,
  MAX_ON_DUTY,
  ON_DUTY_WHY,
} from './limits.js';
import { expectedArrivals } from './expected-counts.js';
import {
  anyNumber,
  atMost,
  clockMinutes,
  clockTime,
  fail,
  listOf,
  mapping,
  nonNegInt,
  nonNegNumber,
  oneOf,
  posInt,
  posNumber,
  slug,
  text,
} from './validation.js';

// ---------------------------------------------------------------------------------------------
// Distributions (DistSpec). Every distribution in a scenario samples a duration or a count, so
// values must be >= 0 as well as satisfy each family's own constraints.

export const DIST_NAMES = [
  'constant',
  'exponential',
  'uniform',
  'triangular',
  'normal',
  'lognormal',
  'gamma',
  'erlang',
  'empirical',
] as const;

const constantDist = mapping({ dist: z.literal('constant'), value: nonNegNumber() });

const exponentialDist = mapping({ dist: z.literal('exponential'), mean: posNumber() });

const uniformDist = mapping({ dist: z.literal('uniform'), min: nonNegNumber(), max: anyNumber() }).superRefine(
  (d, ctx) => {
    if (!(d.min < d.max)) {
      fail(ctx, ['max'], `expected max greater than min (${d.min})`);
    }
  },
);

const triangularDist = mapping({
  dist: z.literal('triangular'),
  min: nonNegNumber(),
  mode: anyNumber(),
  max: anyNumber(),
}).superRefine((d, ctx) => {
  if (!(d.min < d.max)) {
    fail(ctx, ['max'], `expected max greater than min (${d.min})`);
  } else if (!(d.min <= d.mode && d.mode <= d.max)) {
    fail(ctx, ['mode'], `expected mode between min (${d.min}) and max (${d.max})`);
  }
});

const normalDist = mapping({
  dist: z.literal('normal'),
  mean: posNumber(),
  sd: posNumber(),
  /** Lower truncation bound: the sampler redraws samples below it. */
  min: nonNegNumber().optional(),
}).superRefine((d, ctx) => {
  // Same test, same arithmetic, as the kernel's sampler (sim/kernel/distributions.ts): truncating
  // more than 3 sd above the mean would need > 700 draws per sample, almost surely a unit mistake.
  if (d.min !== undefined && (d.min - d.mean) / d.sd > 3) {
    fail(ctx, ['min'], `expected min at most mean + 3 sd (${d.mean + 3 * d.sd})`);
  }
});

const lognormalDist = mapping({ dist: z.literal('lognormal'), mean: posNumber(), sd: posNumber() });

const gammaDist = mapping({ dist: z.literal('gamma'), shape: posNumber(), scale: posNumber() });

const erlangDist = mapping({ dist: z.literal('erlang'), k: atMost(posInt(), MAX_ERLANG_K, 'stages', ERLANG_K_WHY), mean: posNumber() });

const empiricalDist = mapping({
  dist: z.literal('empirical'),
  values: listOf(nonNegNumber(), 'numbers >= 0').refine((v) => v.length > 0, {
    error: 'expected at least one value',
    abort: true,
  }),
  weights: listOf(nonNegNumber(), 'weights >= 0').optional(),
}).superRefine((d, ctx) => {
  if (d.weights === undefined) return;
  if (d.weights.length !== d.values.length) {
    fail(ctx, ['weights'], `expected as many weights as values (${d.values.length})`);
  } else if (!(d.weights.reduce((a, b) => a + b, 0) > 0)) {
    fail(ctx, ['weights'], 'expected weights that sum to more than 0, got all zeros');
  }
});

/** Any distribution, chosen by its `dist` key. Produces exactly `DistSpec`. */
export const distSchema = z.discriminatedUnion(
  'dist',
  [
    constantDist,
    exponentialDist,
    uniformDist,
    triangularDist,
    normalDist,
    lognormalDist,
    gammaDist,
    erlangDist,
    empiricalDist,
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `expected one of ${DIST_NAMES.join('|')}`
        : 'expected a distribution mapping such as { dist: exponential, mean: 60 }',
  },
);

// Compile-time proof that the schema and the kernel's DistSpec are the same type.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _DistSchemaMatchesDistSpec = Assert<Equal<z.infer<typeof distSchema>, DistSpec>>;
export type _DistSpecAssignableToSchema = Assert<DistSpec extends z.infer<typeof distSchema> ? true : false>;
export type _DistNamesMatchDistSpec = Assert<Equal<(typeof DIST_NAMES)[number], DistSpec['dist']>>;
export type _SchemaAssignableToDistSpec = Assert<z.infer<typeof distSchema> extends DistSpec ? true : false>;

// ---------------------------------------------------------------------------------------------
// Horizon: exactly one of hours / trucks.

export type HorizonSpec =
  | { hours: number; trucks?: undefined; warmup_hours?: number; transient?: boolean }
  | { trucks: number; hours?: undefined; warmup_hours?: number; transient?: boolean };

/** A ceiling on what a run sets in motion: `max` entities (`what`: trucks, consignments), for a reason. */
export interface EntityLimit {
  max: number;
  what: string;
  why: string;
}

export const GATE_TRUCKS: EntityLimit = { max: MAX_GATE_TRUCKS, what: 'trucks', why: GATE_TRUCKS_WHY };

/** The horizon of a family whose run holds at most `limit` trucks or consignments. */
export const horizonOf = (limit: EntityLimit) => mapping({
  /** Stop arrivals and the run at this simulated time. */
  hours: atMost(posNumber(), MAX_HOURS, 'hours', HOURS_WHY).optional(),
  /** Stop arrivals after this many trucks; run until the system is empty. */
  trucks: atMost(posInt(), limit.max, limit.what, limit.why).optional(),
  /** Statistics exclude trucks that arrive before this time. */
  warmup_hours: atMost(nonNegNumber(), MAX_HOURS, 'hours', HOURS_WHY).optional(),
  /** A transient run (a day of peak traffic): its metrics hold over this horizon, no steady state is claimed or tested. */
  transient: z.boolean().optional(),
})
  .refine((h): h is HorizonSpec => (h.hours === undefined) !== (h.trucks === undefined), {
    error: (iss) =>
      (iss.input as { hours?: unknown }).hours === undefined
        ? "missing required key 'hours' or 'trucks' (give exactly one: run length in hours, or number of trucks)"
        : "give exactly one of 'hours' or 'trucks', not both",
    abort: true,
  })
  .superRefine((h, ctx) => {
    if (h.hours !== undefined && h.warmup_hours !== undefined && !(h.warmup_hours < h.hours)) {
      fail(ctx, ['warmup_hours'], `expected a warm-up shorter than the horizon (hours: ${h.hours})`);
    }
  });

export const horizonSchema = horizonOf(GATE_TRUCKS);

// ---------------------------------------------------------------------------------------------
// Site: one gate with lanes, service time, queue discipline and optional shift windows.

export const shiftSchema = mapping({
  from: clockTime(),
  to: clockTime(),
  /** Lanes open inside the window; 0 closes the gate. */
  lanes: atMost(nonNegInt(), MAX_ON_DUTY, 'lanes', ON_DUTY_WHY),
}).superRefine((s, ctx) => {
  if (!(clockMinutes(s.from) < clockMinutes(s.to))) {
    fail(ctx, ['to'], `expected a time after from (${s.from}); split a window that crosses midnight in two`);
  }
});

export const shiftsSchema = listOf(shiftSchema, 'shift windows { from, to, lanes }').superRefine((shifts, ctx) => {
  const order = shifts.map((s, i) => ({ i, from: clockMinutes(s.from), to: clockMinutes(s.to) }));
  order.sort((a, b) => a.from - b.from || a.to - b.to || a.i - b.i);
  for (let j = 1; j < order.length; j++) {
    const prev = order[j - 1];
    const cur = order[j];
    if (cur.from < prev.to) {
      const [first, second] = prev.i < cur.i ? [prev, cur] : [cur, prev];
      const a = shifts[first.i];
      const b = shifts[second.i];
      fail(ctx, [second.i], `window ${b.from}-${b.to} overlaps shifts[${first.i}] (${a.from}-${a.to})`);
    }
  }
});

export const gatesSchema = mapping({
  lanes: atMost(posInt(), MAX_ON_DUTY, 'lanes', ON_DUTY_WHY),
  /** Service time per truck, seconds. */
  service_s: distSchema,
  discipline: oneOf(['fifo', 'priority']).default('fifo'),
  /** Lanes open by time of day, repeating daily; outside every window `lanes` applies. */
  shifts: shiftsSchema.optional(),
});

export const siteSchema = mapping({ gates: gatesSchema });

// ---------------------------------------------------------------------------------------------
// Demand: Poisson arrivals, constant rate or an hourly profile.

export type ArrivalsSpec =
  | { per_hour: number; profile_per_hour?: undefined }
  | { profile_per_hour: number[]; per_hour?: undefined };

/** Why a rate cannot exceed the family's ceiling an hour (the total over the horizon is checked by `checkArrivalsTotal`). */
const rateWhy = (limit: EntityLimit) => `a single hour at a higher rate already exceeds what a run can hold; ${limit.why}`;

export const profileOf = (limit: EntityLimit) =>
  listOf(nonNegNumber(), `24 hourly arrival rates (${limit.what} per hour)`)
    .refine((p) => p.length === 24, { error: 'expected exactly 24 hourly values (hours 00 to 23)', abort: true })
    .refine((p) => p.some((x) => x > 0), { error: 'expected at least one hour with arrivals > 0, got all zeros', abort: true })
    .superRefine((p, ctx) => {
      // one message for the first hour over, not one per hour
      const i = p.findIndex((x) => x > limit.max);
      if (i >= 0) fail(ctx, [i], atMostMessage(limit.max, `${limit.what} an hour`, String(p[i]), rateWhy(limit)));
    });

export const profileSchema = profileOf(GATE_TRUCKS);

export const arrivalsOf = (limit: EntityLimit) => mapping({
  /** Constant-rate Poisson arrivals, trucks per hour. */
  per_hour: atMost(posNumber(), limit.max, `${limit.what} an hour`, rateWhy(limit)).optional(),
  /** Non-homogeneous Poisson arrivals: rate for each hour of the day 00..23, trucks per hour. */
  profile_per_hour: profileOf(limit).optional(),
}).refine((a): a is ArrivalsSpec => (a.per_hour === undefined) !== (a.profile_per_hour === undefined), {
  error: (iss) =>
    (iss.input as { per_hour?: unknown }).per_hour === undefined
      ? "missing required key 'per_hour' or 'profile_per_hour' (give exactly one)"
      : "give exactly one of 'per_hour' or 'profile_per_hour', not both",
  abort: true,
});

export const arrivalsSchema = arrivalsOf(GATE_TRUCKS);

/**
 * The arrivals expected within `horizon.hours` against the family's ceiling, reported at the
 * rate's path (`demand.arrivals.per_hour`) with the horizon named. A `trucks` horizon is bounded
 * by its own key.
 */
export function checkArrivalsTotal(
  ctx: z.core.$RefinementCtx,
  s: { horizon: HorizonSpec; demand: { arrivals: ArrivalsSpec } },
  limit: EntityLimit,
): void {
  const { hours } = s.horizon;
  if (hours === undefined) return;
  const a = s.demand.arrivals;
  const n = expectedArrivals(hours, a);
  if (n <= limit.max) return;
  const rate = a.per_hour !== undefined ? 'per_hour' : 'profile_per_hour';
  const got = `${Math.round(n).toLocaleString('en-US')} over horizon.hours ${hours}`;
  fail(ctx, ['demand', 'arrivals', rate], atMostMessage(limit.max, `${limit.what} over the run`, got, `${limit.why}; shorten the horizon or lower the rate`));
}

export const demandSchema = mapping({ arrivals: arrivalsSchema });

// ---------------------------------------------------------------------------------------------
// The scenario file.

export const SCENARIO_VERSION = 1;

/** The single-gate family; the output carries `kind: 'gate'` (added after validation, not a key of the file). */
export const gateScenarioSchema = mapping({
  version: z.literal(SCENARIO_VERSION, { error: 'expected version 1 (the only scenario format so far)' }),
  name: slug(),
  description: text().optional(),
  /** Default seed; the CLI's --seed overrides it. */
  seed: nonNegInt().optional(),
  horizon: horizonSchema,
  site: siteSchema,
  demand: demandSchema,
})
  .superRefine((s, ctx) => checkArrivalsTotal(ctx, s, GATE_TRUCKS))
  .transform((s) => ({ kind: 'gate' as const, ...s }));

/** A validated single-gate scenario (defaults applied: `site.gates.discipline` is always present). */
export type GateScenario = z.output<typeof gateScenarioSchema>;
/** What a single-gate scenario file may contain before defaults are applied. */
export type GateScenarioInput = z.input<typeof gateScenarioSchema>;

/**
 * Any validated scenario; narrow on `kind` ('gate' | 'port' | 'zone' | 'network'), or ask the loader for one kind
 * (`loadScenario(file, 'gate', 'ctwin run')`).
 */
export type Scenario = GateScenario | PortScenario | ZoneScenario | NetworkScenario;
export type ScenarioKind = Scenario['kind'];
export type ScenarioOfKind<K extends ScenarioKind> = Extract<Scenario, { kind: K }>;
/** What a scenario file may contain before defaults are applied. */
export type ScenarioInput = GateScenarioInput | PortScenarioInput | ZoneScenarioInput | NetworkScenarioInput;
