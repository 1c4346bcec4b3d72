/**
 * Scenario file format, version 1, network family: factories, inland customs and ports joined by
 * roads; flows of containers between them; clearance by transfer (转关), regional clearance
 * (属地申报, 口岸验放) or factory direct release (工厂径放); sealed trips watched by GPS e-seal.
 * A file is a network scenario when `site` has the key `network`.
 *
 * Units are in the key: `_h` hours, `_min` minutes, `_s` seconds, `_km`/`_m` distance, `_rmb`
 * money; a distribution takes the unit of its key. Shares and probabilities are in [0, 1].
 * Places are named by id; a flow, an office or a road naming a place that is not there is an error
 * that lists the places there are.
 */
import { z } from 'zod';
import { CREDIT_CLASSES } from '../sim/supervision/vocabulary.js';
import { PLACE_KINDS } from '../sim/supervision/road-network.js';
import { PROCEDURES, TRANSIT_SMUGGLING } from '../sim/supervision/network-config.js';
import { distSchema, SCENARIO_VERSION } from './schema.js';
import { lowerBound } from '../sim/kernel/distribution-spec.js';
import { describeMean } from '../sim/kernel/distributions.js';
import { cumulativeM } from '../sim/kernel/geo.js';
import { byCredit, byCreditOrOne, keyed, shares } from './port-schema.js';
import {
  DAYS_WHY,
  ENTERPRISES_WHY,
  GPS_WHY,
  MAX_DAYS,
  MAX_ENTERPRISES,
  MAX_NETWORK_CONSIGNMENTS,
  MAX_ON_DUTY,
  MIN_GPS_INTERVAL_S,
  NETWORK_CONSIGNMENTS_WHY,
  ON_DUTY_WHY,
  atMostMessage,
} from './limits.js';
import { expectedNetworkConsignments } from './expected-counts.js';
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
  policyList,
  posInt,
  posNumber,
  probability,
  slug,
  text,
} from './validation.js';

/** A duration: a distribution that cannot draw below 0 (a normal needs `min`). */
const timeDist = () =>
  distSchema.superRefine((d, ctx) => {
    const lo = lowerBound(d);
    if (!(lo >= 0)) fail(ctx, [], `a duration cannot be negative, and this distribution can draw ${lo === -Infinity ? 'below 0 (give a normal a min >= 0)' : lo}`);
  });

/** People and teams on duty: a whole number with a sane ceiling (a typo of 1e9 would otherwise build a billion servers). */
const onDuty = (what: string) => atMost(nonNegInt(), MAX_ON_DUTY, what, ON_DUTY_WHY);
/** An innocent rest or detour longer than a day is not one; the e-seal reports all through it. */
const MAX_INCIDENT_MIN = 24 * 60;
const incidentDist = () =>
  timeDist().superRefine((d, ctx) => {
    const m = describeMean(d);
    if (!(m <= MAX_INCIDENT_MIN)) fail(ctx, [], `expected a mean of at most ${MAX_INCIDENT_MIN} minutes (a day), got ${m}`);
  });

/** A truck's speed: a distribution that stays above 0 (a normal needs `min` > 0). */
const speedDist = () =>
  distSchema.superRefine((d, ctx) => {
    const lo = lowerBound(d);
    if (!(lo > 0) && !['exponential', 'lognormal', 'gamma', 'erlang'].includes(d.dist)) {
      fail(ctx, [], `a truck's speed must stay above 0 km/h, and this distribution can draw ${lo === -Infinity ? 'below 0 (give a normal a min > 0)' : lo}`);
    }
  });

const latLon = () =>
  listOf(anyNumber(), '[latitude, longitude] in degrees')
    .refine((p) => p.length === 2 && Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 180, {
      error: 'expected [latitude, longitude] in degrees (latitude −90..90, longitude −180..180)',
      abort: true,
    })
    .transform((p) => [p[0], p[1]] as [number, number]);

const placeSchema = mapping({
  id: slug(),
  kind: oneOf(PLACE_KINDS),
  at: latLon(),
});

const roadSchema = mapping({
  from: slug(),
  to: slug(),
  /** waypoints between the two places, from → to */
  via: listOf(latLon(), 'waypoints [[lat, lon], ...]').default([]),
  /** driving distance, at least what the waypoints measure; that length when left out */
  km: posNumber().optional(),
  /** truck speed on this road; the network's `truck_speed_kmh` when left out */
  speed_kmh: speedDist().optional(),
});

const officeSchema = mapping({
  place: slug(),
  /** office hours, e.g. { from: "08:30", to: "17:30", days_per_week: 5 }; a port works round the clock */
  hours: mapping({ from: clockTime(), to: clockTime(), days_per_week: posInt() }).superRefine((h, ctx) => {
    if (!(clockMinutes(h.from) < clockMinutes(h.to))) fail(ctx, ['to'], `expected a time after from (${h.from})`);
    if (h.days_per_week > 7) fail(ctx, ['days_per_week'], `expected 1 to 7 days a week, got ${h.days_per_week}`);
  }),
  inspectors: onDuty('inspectors'),
});

const flowSchema = mapping({
  name: slug(),
  direction: oneOf(['import', 'export']),
  factory: slug(),
  port: slug(),
  /** the inland customs near the enterprise (属地海关) */
  customs: slug(),
  per_day: atMost(posNumber(), MAX_NETWORK_CONSIGNMENTS, 'consignments a day', `one day at a higher rate already exceeds what a run can hold (${NETWORK_CONSIGNMENTS_WHY})`),
  /** share of 40-ft containers (the rest 20-ft) */
  ft40_share: probability(),
  /** each has its own credit class, drawn when the run starts */
  enterprises: atMost(posInt(), MAX_ENTERPRISES, 'enterprises in a flow', ENTERPRISES_WHY),
  credit_mix: shares(CREDIT_CLASSES),
  /** hours of the day [from, to) the goods become ready (0–24) */
  hours: listOf(nonNegNumber(), 'two hours of the day [from, to)')
    .refine((h) => h.length === 2 && h[0] < h[1] && h[1] <= 24, { error: 'expected two hours of the day [from, to), 0 <= from < to <= 24', abort: true })
    .transform((h) => [h[0], h[1]] as [number, number])
    .default([0, 24]),
});

const bySize = () => keyed(['ft20', 'ft40'] as const, () => nonNegNumber());

export const networkWorldSchema = mapping({
  places: listOf(placeSchema, 'places { id, kind, at }'),
  roads: listOf(roadSchema, 'roads { from, to, via }'),
  offices: listOf(officeSchema, 'customs offices { place, hours, inspectors }'),
  /** redrawn every GPS report; must stay above 0 (a normal needs a `min` > 0); draws below 5 km/h count as 5 */
  truck_speed_kmh: speedDist(),
  gps: mapping({
    interval_s: posNumber().refine((s) => s >= MIN_GPS_INTERVAL_S, { error: `expected at least ${MIN_GPS_INTERVAL_S} s between reports: ${GPS_WHY}`, abort: true }),
    noise_m: nonNegNumber(),
  }),
});

export const networkTruthSchema = mapping({
  /** share of declarations that misdeclare the goods, by the declarant's credit class */
  declaration_violation: byCredit(),
  /** probability that a sealed trip smuggles on the way, by credit class */
  transit_smuggling: byCredit(),
  transit_mix: shares(TRANSIT_SMUGGLING),
  rest_stop: mapping({ per_trip: probability(), duration_min: incidentDist() }),
  detour: mapping({ per_trip: probability(), offset_m: posNumber(), duration_min: incidentDist() }),
  /** enter first, declare later: entries declared after the deadline, by credit class, and how many days late */
  late_declaration: mapping({ rate: byCredit(), days_late: timeDist() }).default(() => ({
    rate: { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 },
    days_late: { dist: 'uniform' as const, min: 1, max: 10 },
  })),
});

export const networkCostsSchema = mapping({
  per_km_rmb: bySize(),
  supervised_carrier_factor: posNumber(),
  site_fee_rmb: bySize(),
  holding_per_hour_rmb: bySize(),
});

/** One procedure for every credit class, or a procedure per class. */
const procedureSchema = z.union([
  oneOf(PROCEDURES),
  keyed(CREDIT_CLASSES, () => oneOf(PROCEDURES)),
], { error: `expected one of ${PROCEDURES.join('|')}, or a mapping of credit class (${CREDIT_CLASSES.join(', ')}) to one` });

const networkPolicySchema = mapping({
  name: slug(),
  description: text().optional(),
  procedure: procedureSchema,
  /** office working hours a declaration takes to review, by procedure (enter_first: the full declaration after entry) */
  review_h: mapping({
    transfer: timeDist(),
    regional: timeDist(),
    factory_direct: timeDist(),
    enter_first: timeDist().default(() => ({ dist: 'lognormal' as const, mean: 0.5, sd: 0.3 })),
  }),
  /** transfer: waiting for a licensed customs-supervised carrier */
  carrier_wait_h: timeDist(),
  /** transfer: time at an inland customs site besides review and inspection */
  site_handling_h: timeDist(),
  /** at the port: an import's terminal formalities, a transfer export's re-declaration desk */
  port_handling_h: timeDist(),
  /** online declarations are lodged this long before the goods reach the place of release */
  lodge_lead_h: timeDist(),
  inspection_rate: byCreditOrOne(),
  inspection_min: timeDist(),
  inspection_detect: probability(),
  /** factory direct: an officer's drive to the factory and back (seed 000: 15 minutes each way) */
  factory_visit_min: timeDist(),
  /** the check before release of goods declared online, at the port gate (regional) or the factory (factory direct) */
  release_check_min: timeDist(),
  seal: mapping({
    corridor_width_m: posNumber(),
    grace_min: nonNegNumber(),
    max_stop_min: posNumber(),
    /** a trip is late after planned time × factor + slack */
    late_factor: posNumber(),
    late_slack_h: nonNegNumber(),
  }),
  interception: mapping({
    teams: onDuty('interception teams'),
    base: slug(),
    speed_kmh: posNumber(),
    dispatch_min: nonNegNumber(),
    check_min: timeDist(),
    detect: probability(),
  }),
  /** probability the check on arrival finds each kind of smuggling with no alert behind it */
  arrival_detect: keyed(TRANSIT_SMUGGLING, () => probability()),
  /** 先进区, 后报关: how the full declaration follows entry into a zone */
  enter_first: mapping({
    declare_within_days: posNumber(),
    /** 0: one declaration per entry; N: an enterprise's entries of N days declared together (集中申报) */
    aggregate_days: nonNegNumber(),
    /** days after entry (after the period, aggregated) that an enterprise keeping the deadline files */
    filing_days: timeDist(),
  }).superRefine((e, ctx) => {
    if (e.aggregate_days > e.declare_within_days) {
      fail(ctx, ['aggregate_days'], `a period of ${e.aggregate_days} days cannot be declared together within ${e.declare_within_days} days of its first entry (expected aggregate_days <= declare_within_days)`);
    }
  }).default(() => ({ declare_within_days: 14, aggregate_days: 0, filing_days: { dist: 'uniform' as const, min: 0.5, max: 3 } })),
  /** document officers' minutes per declaration reviewed, and per line (consignment) it covers */
  review_officer_min: mapping({ per_declaration: nonNegNumber(), per_line: nonNegNumber() }).default(() => ({ per_declaration: 20, per_line: 0 })),
  /** inspectors on duty at offices under this policy, by place (overrides site.network.offices) */
  staffing: z.record(z.string(), onDuty('inspectors'), { error: 'expected a mapping of office place to inspectors on duty' }).default(() => ({})),
});

export const networkPoliciesSchema = policyList(networkPolicySchema, 'policies, mappings with name, procedure, review_h, ...');

/** The network family; the output carries `kind: 'network'`. */
export const networkScenarioSchema = mapping({
  version: z.literal(SCENARIO_VERSION, { error: 'expected version 1 (the only scenario format so far)' }),
  name: slug(),
  description: text().optional(),
  seed: nonNegInt().optional(),
  horizon: mapping({
    /** days on which goods become ready */
    days: atMost(posInt(), MAX_DAYS, 'days', DAYS_WHY),
    /** days the run goes on after that, until every consignment has been delivered or seized (those still going then are counted as such) */
    drain_days: atMost(nonNegInt(), MAX_DAYS, 'days', DAYS_WHY).default(30),
  }),
  site: mapping({ network: networkWorldSchema }),
  demand: mapping({ flows: listOf(flowSchema, 'flows { name, direction, factory, port, customs, per_day, ... }') }),
  truth: networkTruthSchema,
  costs: networkCostsSchema,
  policies: networkPoliciesSchema,
})
  .superRefine((s, ctx) => {
    const net = s.site.network;
    const kinds = new Map<string, string>();
    net.places.forEach((p, i) => {
      if (kinds.has(p.id)) fail(ctx, ['site', 'network', 'places', i, 'id'], `place '${p.id}' is defined twice`);
      kinds.set(p.id, p.kind);
    });
    const list = [...kinds.keys()].join(', ');
    const known = (id: string, path: (string | number)[], ...want: string[]) => {
      const k = kinds.get(id);
      const a = (kind: string) => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
      if (k === undefined) fail(ctx, path, `no place '${id}' (places: ${list})`);
      else if (want.length > 0 && !want.includes(k)) fail(ctx, path, `place '${id}' is ${a(k)}, expected ${want.map(a).join(' or ')}`);
      else return true;
      return false;
    };
    net.roads.forEach((r, i) => {
      known(r.from, ['site', 'network', 'roads', i, 'from']);
      known(r.to, ['site', 'network', 'roads', i, 'to']);
      if (r.from === r.to) fail(ctx, ['site', 'network', 'roads', i, 'to'], `a road from '${r.from}' to itself`);
      const a = net.places.find((p) => p.id === r.from), b = net.places.find((p) => p.id === r.to);
      if (r.km !== undefined && a !== undefined && b !== undefined) {
        const m = cumulativeM([a.at, ...r.via, b.at]).at(-1)!;
        if (r.km * 1000 < m - 1e-6) fail(ctx, ['site', 'network', 'roads', i, 'km'], `${r.km} km is shorter than the road's waypoints measure (${(m / 1000).toFixed(1)} km)`);
      }
    });
    const offices = new Set<string>();
    net.offices.forEach((o, i) => {
      known(o.place, ['site', 'network', 'offices', i, 'place']);
      if (offices.has(o.place)) fail(ctx, ['site', 'network', 'offices', i, 'place'], `a second office at '${o.place}'`);
      offices.add(o.place);
    });
    if (s.demand.flows.length === 0) fail(ctx, ['demand', 'flows'], 'expected at least one flow');
    const consignments = expectedNetworkConsignments(s.horizon.days, s.demand.flows);
    if (consignments > MAX_NETWORK_CONSIGNMENTS) {
      const got = `${Math.round(consignments).toLocaleString('en-US')} (the flows' per_day over horizon.days ${s.horizon.days})`;
      fail(ctx, ['demand', 'flows'], atMostMessage(MAX_NETWORK_CONSIGNMENTS, 'consignments over the run', got, `${NETWORK_CONSIGNMENTS_WHY}; shorten the horizon or lower the rates`));
    }
    const names = new Set<string>();
    s.demand.flows.forEach((f, i) => {
      const at = (k: string) => ['demand', 'flows', i, k];
      if (names.has(f.name)) fail(ctx, at('name'), `flow '${f.name}' is listed twice`);
      names.add(f.name);
      known(f.factory, at('factory'), 'factory', 'zone');
      known(f.port, at('port'), 'port');
      if (known(f.customs, at('customs'), 'inland_customs', 'zone') && !offices.has(f.customs)) fail(ctx, at('customs'), `no office at '${f.customs}' (offices are at: ${[...offices].join(', ') || 'none'})`);
      if (kinds.get(f.port) === 'port' && !offices.has(f.port)) fail(ctx, at('port'), `no office at port '${f.port}' (offices are at: ${[...offices].join(', ') || 'none'})`);
    });
    // every office a policy inspects at needs inspectors on duty: the flows' ports and their customs
    const inspectorsAt = new Map(net.offices.map((o) => [o.place, o.inspectors]));
    const inspectedAt = [...new Set(s.demand.flows.flatMap((f) => [f.port, f.customs]))].sort();
    s.policies.forEach((p, i) => {
      if (CREDIT_CLASSES.some((c) => p.inspection_rate[c] > 0)) {
        for (const place of inspectedAt) {
          const n = p.staffing[place] ?? inspectorsAt.get(place);
          if (n === 0) fail(ctx, p.staffing[place] === 0 ? ['policies', i, 'staffing', place] : ['policies', i, 'inspection_rate'], `policy '${p.name}' inspects at '${place}', which has no inspectors on duty`);
        }
      }
    });
    s.policies.forEach((p, i) => {
      known(p.interception.base, ['policies', i, 'interception', 'base']);
      for (const place of Object.keys(p.staffing)) if (!offices.has(place)) fail(ctx, ['policies', i, 'staffing', place], `no office at '${place}' (offices are at: ${[...offices].join(', ') || 'none'})`);
      // enter first, declare later is a way into a zone: every flow it would apply to must be an import into one
      const classes = typeof p.procedure === 'string' ? [...CREDIT_CLASSES] : CREDIT_CLASSES.filter((c) => (p.procedure as Record<string, string>)[c] === 'enter_first');
      const uses = p.procedure === 'enter_first' || (typeof p.procedure !== 'string' && classes.length > 0);
      if (!uses) return;
      s.demand.flows.forEach((f) => {
        const applies = classes.some((c) => f.credit_mix[c] > 0);
        if (applies && (f.direction !== 'import' || kinds.get(f.factory) !== 'zone')) {
          fail(ctx, ['policies', i, 'procedure'], `enter_first is for imports into a zone; flow '${f.name}' is ${f.direction === 'import' ? `an import into '${f.factory}', a ${kinds.get(f.factory) ?? 'place'}` : 'an export'} (give its credit classes another procedure)`);
        }
      });
    });
    // every flow's places must be joined by roads: checked where the routes are found, but say so here with the file's paths
    const adj = new Map<string, string[]>();
    for (const r of net.roads) {
      adj.set(r.from, [...(adj.get(r.from) ?? []), r.to]);
      adj.set(r.to, [...(adj.get(r.to) ?? []), r.from]);
    }
    const reach = (a: string, b: string): boolean => {
      const seen = new Set([a]);
      const todo = [a];
      while (todo.length > 0) {
        const x = todo.pop()!;
        if (x === b) return true;
        for (const y of adj.get(x) ?? []) if (!seen.has(y)) (seen.add(y), todo.push(y));
      }
      return false;
    };
    s.demand.flows.forEach((f, i) => {
      for (const [a, b] of [[f.factory, f.port], [f.factory, f.customs], [f.customs, f.port]] as const) {
        if (kinds.has(a) && kinds.has(b) && !reach(a, b)) fail(ctx, ['demand', 'flows', i], `flow '${f.name}': no road connects '${a}' to '${b}'`);
      }
    });
  })
  .transform((s) => ({ kind: 'network' as const, ...s }));

export type NetworkScenario = z.output<typeof networkScenarioSchema>;
export type NetworkScenarioInput = z.input<typeof networkScenarioSchema>;
export type NetworkPolicy = NetworkScenario['policies'][number];
