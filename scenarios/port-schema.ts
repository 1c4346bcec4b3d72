/**
 * Scenario file format, version 1, port family: a port with enterprises, hidden truth and one or
 * more policies to compare on the same world. A file is a port scenario when `site` has the key
 * `port` (the single-gate family has `site.gates`, see schema.ts).
 *
 * Keys are snake_case; times are seconds unless the key says otherwise (`hours`, `warmup_hours`,
 * clock times "HH:MM"); rates are per hour; shares and probabilities are numbers in [0, 1].
 * `times`, `skills` and `weight_tolerance` may be left out: the defaults below carry the seed
 * figures (shared/DOMAIN.md) with their source, or say that they are illustrative.
 *
 * port-config.ts turns a validated `PortScenario` into the simulator's `PortConfig` (camelCase).
 */
import { HARDWARE_MODES } from '../sim/supervision/port-config.js';
import { z } from 'zod';
import type { DistSpec } from '../sim/kernel/distribution-spec.js';
import { RISK_FEATURE_NAMES } from '../sim/supervision/risk-features.js';
import {
  CREDIT_CLASSES,
  ENTERPRISE_KINDS,
  ROLES,
  VIOLATION_TYPES,
  type CreditClass,
  type Role,
  type ViolationType,
} from '../sim/supervision/vocabulary.js';
import { arrivalsOf, checkArrivalsTotal, distSchema, horizonOf, SCENARIO_VERSION, type EntityLimit } from './schema.js';
import { ENTERPRISES_WHY, MAX_ENTERPRISES, MAX_ON_DUTY, MAX_PORT_CONSIGNMENTS, ON_DUTY_WHY, PORT_CONSIGNMENTS_WHY } from './limits.js';
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

// ---------------------------------------------------------------------------------------------
// Defaults. Where a figure comes from a seed document it says so; the rest are illustrative
// (a planner's guess, to be replaced by a site's own measurements).

type TimeDistKey =
  | 'erp_entry_s'
  | 'manual_entry_s'
  | 'pre_arrival_lead_s'
  | 'risk_screen_s'
  | 'doc_review_s'
  | 'recheck_s'
  | 'second_review_s'
  | 'image_analysis_s'
  | 'scan_s'
  | 'physical_s'
  | 'manual_gate_s'
  | 'smart_gate_s'
  | 'misread_fix_s'
  | 'container_move_s'
  | 'notice_delay_s'
  | 'correction_s';
type TimeRateKey = 'manual_error_rate' | 'erp_error_rate';

/** Defaults of `times`, in the file's own form (seconds, probabilities). */
export const DEFAULT_PORT_TIMES: { readonly [K in TimeDistKey]: DistSpec } & { readonly [K in TimeRateKey]: number } = {
  /** declaration generated from the enterprise's ERP through filed merge relations: minutes (illustrative) */
  erp_entry_s: { dist: 'lognormal', mean: 300, sd: 180 },
  /** declaration typed by hand from the papers (illustrative) */
  manual_entry_s: { dist: 'lognormal', mean: 2700, sd: 1500 },
  /** typed declarations carrying an entry error, a false risk hit (illustrative) */
  manual_error_rate: 0.05,
  /** ERP-generated declarations carrying one (illustrative) */
  erp_error_rate: 0.005,
  /** pre-lodged declaration ready this long before the goods arrive, capped at 24 h (illustrative) */
  pre_arrival_lead_s: { dist: 'lognormal', mean: 21600, sd: 14400 },
  /** system risk screening once lodged (illustrative) */
  risk_screen_s: { dist: 'lognormal', mean: 30, sd: 15 },
  /** document review: 3–5 min, Huangpu's bonded business review (seed 003) */
  doc_review_s: { dist: 'uniform', min: 180, max: 300 },
  /** re-check of a green release, the same standard review: 3–5 min (seed 003) */
  recheck_s: { dist: 'uniform', min: 180, max: 300 },
  /** a risk analyst's second review of a high-risk declaration (illustrative) */
  second_review_s: { dist: 'lognormal', mean: 600, sd: 300 },
  /** an image analyst reading an H986 image (illustrative) */
  image_analysis_s: { dist: 'lognormal', mean: 240, sd: 120 },
  /** H986 scan and image: 1–2 min at Tianjin (seed 001) */
  scan_s: { dist: 'uniform', min: 60, max: 120 },
  /** physical opening and examination of a container (illustrative) */
  physical_s: { dist: 'lognormal', mean: 3600, sd: 1800 },
  /** manual booth: papers, seal, plate by eye; 60 s as in scenarios/gate-shifts.yaml (illustrative) */
  manual_gate_s: { dist: 'lognormal', mean: 60, sd: 25 },
  /** smart lane when every device reads cleanly: 5.8 s at Tianjin (seed 001) */
  smart_gate_s: { dist: 'lognormal', mean: 5.8, sd: 1.2 },
  /** an officer resolving a misread at a smart lane (illustrative) */
  misread_fix_s: { dist: 'lognormal', mean: 90, sd: 45 },
  /** the terminal moving a container to the scanner or the inspection area (illustrative) */
  container_move_s: { dist: 'lognormal', mean: 2700, sd: 1200 },
  /**
   * an inspection notice reaching enterprise and terminal without information sharing (by phone,
   * paper, a visit): illustrative, sized so that sharing can give Huangpu's −49.59 % (seed 003)
   */
  notice_delay_s: { dist: 'lognormal', mean: 10800, sd: 5400 },
  /** correcting a declaration and reassessing the duty after a revenue finding (illustrative) */
  correction_s: { dist: 'lognormal', mean: 7200, sd: 3600 },
};

/** Officer roles whose skill the world describes (auditors work after clearance). */
export const SKILL_ROLES = ['doc', 'image', 'physical', 'risk', 'audit'] as const;
export type SkillRole = (typeof SKILL_ROLES)[number];

interface SkillDefaults {
  readonly speed: readonly [number, number];
  readonly detect: { readonly [K in ViolationType]: number };
  readonly false_alarm: number;
}

/**
 * Defaults of `skills`, all illustrative: each check finds what it can see. Papers show wrong HS
 * codes, values and origins; an X-ray image shows quantities and what should not be there;
 * opening the container shows nearly everything but a value or an origin; an audit reads the
 * books after clearance.
 */
export const DEFAULT_SKILLS: { readonly [R in SkillRole]: SkillDefaults } = {
  doc: {
    speed: [0.8, 1.25],
    detect: { misclassified_hs: 0.6, undervaluation: 0.4, quantity_weight: 0.2, prohibited: 0.1, ipr: 0.15, origin_fraud: 0.5 },
    false_alarm: 0.02,
  },
  image: {
    speed: [0.8, 1.25],
    detect: { misclassified_hs: 0.3, undervaluation: 0.1, quantity_weight: 0.6, prohibited: 0.8, ipr: 0.3, origin_fraud: 0.05 },
    false_alarm: 0.05,
  },
  physical: {
    speed: [0.8, 1.25],
    detect: { misclassified_hs: 0.9, undervaluation: 0.5, quantity_weight: 0.9, prohibited: 0.95, ipr: 0.85, origin_fraud: 0.4 },
    false_alarm: 0.01,
  },
  // a second review reads the whole dossier and history: it confirms most true hits (detect) and
  // a fair share of clean ones (false_alarm); what it does not confirm goes one channel down
  risk: {
    speed: [0.8, 1.25],
    detect: { misclassified_hs: 0.85, undervaluation: 0.8, quantity_weight: 0.75, prohibited: 0.85, ipr: 0.8, origin_fraud: 0.8 },
    false_alarm: 0.3,
  },
  audit: {
    speed: [0.8, 1.25],
    detect: { misclassified_hs: 0.8, undervaluation: 0.8, quantity_weight: 0.6, prohibited: 0.5, ipr: 0.6, origin_fraud: 0.7 },
    false_alarm: 0.01,
  },
};

/** Relative difference between weighed and declared gross weight before a weighbridge flags a truck (illustrative). */
export const DEFAULT_WEIGHT_TOLERANCE = 0.1;

/** Defaults of the optional policy keys (all illustrative). */
export const POLICY_DEFAULTS = {
  /** probability that one device of a smart lane misreads (plate, e-plate, container, seal) */
  misread_rate: 0.02,
  /**
   * risk scores at or above this get a second human review (Huangpu, seed 003); above 1 turns it
   * off. Scores are probabilities of a violation: with violation rates of a few per cent, 0.5
   * singles out a few declarations per thousand
   */
  second_review_score: 0.5,
  /** step of the risk valuation table's weight updates ('learning') */
  learning_rate: 0.05,
  /** fill channels against the day's officer capacity */
  capacity_aware: true,
} as const;

/** Mixes must sum to 1 within this. */
export const SUM_TOLERANCE = 1e-9;

// ---------------------------------------------------------------------------------------------
// Building blocks

export const flag = () => z.boolean({ error: 'expected true or false' });

/** A number as shown in a message: rounding noise of a sum removed. */
function showSum(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** A mapping with exactly `keys`, each validated by `item(key)`. */
export function keyed<const K extends string, T extends z.ZodType>(keys: readonly K[], item: (key: K) => T) {
  return mapping(Object.fromEntries(keys.map((k) => [k, item(k)])) as { [P in K]: T });
}

/** Shares over `keys`: each in [0, 1], all keys required, summing to 1 (within SUM_TOLERANCE). */
export function shares<const K extends string>(keys: readonly K[]) {
  return keyed(keys, () => probability()).superRefine((m, ctx) => {
    const sum = keys.reduce((a, k) => a + (m as Record<K, number>)[k], 0);
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
      fail(ctx, [], `expected shares that sum to 1, got ${showSum(sum)} (${keys.map((k) => `${k} ${(m as Record<K, number>)[k]}`).join(' + ')})`);
    }
  });
}

/** A probability by credit class, all four keys required. */
export const byCredit = () => keyed(CREDIT_CLASSES, () => probability());

/**
 * A probability by credit class, or one number for every class (the output is always the mapping).
 * A strict mapping with its own message, so a number out of range reads as what it is.
 */
export function byCreditOrOne() {
  const keys = CREDIT_CLASSES.join(', ');
  const shape = Object.fromEntries(CREDIT_CLASSES.map((k) => [k, probability()])) as {
    [P in CreditClass]: ReturnType<typeof probability>;
  };
  const map = z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `allowed: ${keys}` // expanded per key (with a "did you mean") by describeIssues
        : `expected a probability between 0 and 1 for every class, or a mapping with keys ${keys}`,
  });
  return z.preprocess(
    (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? Object.fromEntries(CREDIT_CLASSES.map((k) => [k, v])) : v),
    map,
  );
}

// ---------------------------------------------------------------------------------------------
// The world: site, demand, population, truth, times, skills

/** What one port run can hold (scenarios/limits.ts). */
export const PORT_CONSIGNMENTS: EntityLimit = { max: MAX_PORT_CONSIGNMENTS, what: 'consignments', why: PORT_CONSIGNMENTS_WHY };
/** Lanes, scanners, officers of a window: servers the run builds. */
const onDuty = (what: string) => atMost(nonNegInt(), MAX_ON_DUTY, what, ON_DUTY_WHY);

export const portSiteSchema = mapping({
  /** What the site stands for, e.g. "FTZ container port (Shanghai FTZ figures)". */
  name: text(),
});

export const portDemandSchema = mapping({
  /** consignments per hour (one truck each), as for a gate */
  arrivals: arrivalsOf(PORT_CONSIGNMENTS),
  /** share of consignments that are imports (the rest are exports) */
  import_share: probability(),
});

export const populationSchema = mapping({
  enterprises: atMost(posInt(), MAX_ENTERPRISES, 'enterprises', ENTERPRISES_WHY),
  credit_mix: shares(CREDIT_CLASSES),
  erp_connected: byCredit(),
  new_share: probability(),
  kind_mix: shares(ENTERPRISE_KINDS),
  /** coefficient of variation of trade volume per enterprise (lognormal) */
  volume_cv: nonNegNumber(),
  eplate_share: probability(),
});

export const truthSchema = mapping({
  violation_rate: byCredit(),
  mix: shares(VIOLATION_TYPES),
  /** enterprise propensity = class rate × gamma(shape, 1/shape) */
  propensity_shape: posNumber(),
});

const timeDist = (k: TimeDistKey) => distSchema.default(() => structuredClone(DEFAULT_PORT_TIMES[k]));
const timeRate = (k: TimeRateKey) => probability().default(DEFAULT_PORT_TIMES[k]);

export const timesSchema = mapping({
  erp_entry_s: timeDist('erp_entry_s'),
  manual_entry_s: timeDist('manual_entry_s'),
  manual_error_rate: timeRate('manual_error_rate'),
  erp_error_rate: timeRate('erp_error_rate'),
  pre_arrival_lead_s: timeDist('pre_arrival_lead_s'),
  risk_screen_s: timeDist('risk_screen_s'),
  doc_review_s: timeDist('doc_review_s'),
  recheck_s: timeDist('recheck_s'),
  second_review_s: timeDist('second_review_s'),
  image_analysis_s: timeDist('image_analysis_s'),
  scan_s: timeDist('scan_s'),
  physical_s: timeDist('physical_s'),
  manual_gate_s: timeDist('manual_gate_s'),
  smart_gate_s: timeDist('smart_gate_s'),
  misread_fix_s: timeDist('misread_fix_s'),
  container_move_s: timeDist('container_move_s'),
  notice_delay_s: timeDist('notice_delay_s'),
  correction_s: timeDist('correction_s'),
});

const speedSchema = listOf(posNumber(), 'two speed factors [min, max], each > 0')
  .refine((v) => v.length === 2, { error: 'expected two speed factors [min, max]', abort: true })
  .superRefine((v, ctx) => {
    if (!(v[0] <= v[1])) fail(ctx, [1], `expected max at least min (${v[0]})`);
  });

function skillSchema(role: SkillRole) {
  const def = DEFAULT_SKILLS[role];
  return mapping({
    /** each officer of the role draws a speed factor in [min, max] */
    speed: speedSchema.default(() => [...def.speed]),
    /** probability that the role's check finds each violation type when present */
    detect: keyed(VIOLATION_TYPES, (v) => probability().default(def.detect[v])).prefault({}),
    /** probability of flagging a clean consignment */
    false_alarm: probability().default(def.false_alarm),
  }).prefault({});
}

export const skillsSchema = mapping({
  doc: skillSchema('doc'),
  image: skillSchema('image'),
  physical: skillSchema('physical'),
  risk: skillSchema('risk'),
  audit: skillSchema('audit'),
});

// ---------------------------------------------------------------------------------------------
// Staffing: officers on duty by time of day, per role, repeating daily

/** Start and end of a window in minutes; end > start, and end > 1440 when it crosses midnight. */
export function windowSpan(w: { from: string; to: string }): { start: number; end: number } {
  const start = clockMinutes(w.from) % 1440;
  const to = clockMinutes(w.to);
  return { start, end: to > start ? to : to + 1440 };
}

/** Whether two daily windows share a minute (on the 24 h circle). */
function overlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return [-1440, 0, 1440].some((k) => a.start < b.end + k && b.start + k < a.end);
}

export const staffWindowSchema = mapping({
  from: clockTime(),
  /** earlier than `from`: the window crosses midnight */
  to: clockTime(),
  /** officers on duty in the window (one pool per window) */
  officers: onDuty('officers'),
}).superRefine((w, ctx) => {
  if (w.from === '24:00') {
    fail(ctx, ['from'], 'expected a start time from 00:00 to 23:59 (midnight is 00:00)');
  } else if (clockMinutes(w.to) % 1440 === clockMinutes(w.from) && w.to !== '24:00') {
    fail(ctx, ['to'], `expected an end other than the start (${w.from}): the window would be empty; 00:00 to 24:00 is round the clock`);
  }
});

function staffWindowsSchema(role: Role) {
  return listOf(staffWindowSchema, 'staff windows { from, to, officers }').superRefine((ws, ctx) => {
    const spans = ws.map(windowSpan);
    for (let j = 1; j < ws.length; j++) {
      for (let i = 0; i < j; i++) {
        if (overlap(spans[i], spans[j])) {
          fail(ctx, [j], `window ${ws[j].from}-${ws[j].to} overlaps ${role}[${i}] (${ws[i].from}-${ws[i].to})`);
          break;
        }
      }
    }
  });
}

export const staffingSchema = keyed(ROLES, staffWindowsSchema);

// ---------------------------------------------------------------------------------------------
// Policies

export const RISK_MODELS = ['rules', 'learning', 'random'] as const;

const weightsSchema = keyed(RISK_FEATURE_NAMES, () => anyNumber().optional());

const targetsSchema = mapping({
  /** physical inspection */
  red: probability(),
  /** H986 scan and image analysis */
  orange: probability(),
  /** document review */
  yellow: probability(),
  /** release, then post-clearance audit */
  blue: probability(),
}).superRefine((t, ctx) => {
  const sum = t.red + t.orange + t.yellow + t.blue;
  if (sum > 1 + SUM_TOLERANCE) {
    fail(ctx, [], `expected channel shares that sum to at most 1 (green takes the rest), got ${showSum(sum)}`);
  }
});

export const policySchema = mapping({
  name: slug(),
  description: text().optional(),
  declaration: mapping({
    /** ERP-connected enterprises generate declarations from their ERP */
    erp: flag(),
    lodge: oneOf(['before_arrival', 'at_arrival']),
  }),
  gate: mapping({
    smart_lanes: onDuty('lanes'),
    manual_lanes: onDuty('lanes'),
    misread_rate: probability().default(POLICY_DEFAULTS.misread_rate),
  }).superRefine((g, ctx) => {
    if (g.smart_lanes + g.manual_lanes < 1) {
      fail(ctx, [], 'expected at least one lane (smart_lanes + manual_lanes >= 1), got none');
    }
  }),
  inspection: mapping({
    /** targeted inspections go to the H986 scanner first; red only for the highest scores */
    scanner_first: flag(),
    scanners: onDuty('scanners'),
  }),
  risk: mapping({
    model: oneOf(RISK_MODELS),
    /** every declaration gets at least a document review */
    review_all: flag(),
    /** largest share of declarations sent to each channel; green takes the rest */
    targets: targetsSchema,
    /** minimum random selection rate, by credit class or one number for all */
    random_rate: byCreditOrOne(),
    /** share of green releases re-checked by a document reviewer (Huangpu: 3 %, seed 003) */
    recheck_rate: probability(),
    second_review_score: nonNegNumber().default(POLICY_DEFAULTS.second_review_score),
    learning_rate: nonNegNumber().default(POLICY_DEFAULTS.learning_rate),
    /** overrides of the rule profiles' initial weights (sim/supervision/risk-features.ts) */
    weights: weightsSchema.default(() => ({})),
    capacity_aware: flag().default(POLICY_DEFAULTS.capacity_aware),
  }),
  /** inspection notices reach enterprise and terminal at once */
  info_sharing: flag(),
  /** post-clearance audit probability of a blue release, by credit class or one number for all */
  audit_rate: byCreditOrOne(),
  staffing: staffingSchema,
}).superRefine((p, ctx) => {
  const staffed = (role: Role) => p.staffing[role].some((w) => w.officers > 0);
  const { targets } = p.risk;

  // capacity the channels need
  if (p.inspection.scanners < 1) {
    if (p.inspection.scanner_first) {
      fail(ctx, ['inspection', 'scanners'], 'expected at least 1 scanner: scanner_first sends inspections to the H986 scanner, got 0');
    } else if (targets.orange > 0) {
      fail(ctx, ['inspection', 'scanners'], `expected at least 1 scanner: risk.targets.orange is ${targets.orange} (the orange channel is an H986 scan), got 0`);
    }
  }

  // officers the work needs
  const need = (role: Role, why: string | undefined) => {
    if (why !== undefined && !staffed(role)) {
      fail(ctx, ['staffing', role], `no ${role.replace('_', ' ')}s on duty in any window, but ${why}`);
    }
  };
  need('gate_officer', p.gate.manual_lanes > 0 ? `gate.manual_lanes is ${p.gate.manual_lanes} (a manual lane needs an officer)` : undefined);
  const randomSelection = p.risk.model === 'random' || CREDIT_CLASSES.some((c) => p.risk.random_rate[c] > 0);
  need(
    'physical_inspector',
    targets.red > 0
      ? `risk.targets.red is ${targets.red} (the red channel is a physical inspection)`
      : randomSelection
        ? 'the policy selects consignments at random for inspection (risk.random_rate or model random)'
        : // every suspicion (document review, scan image, a smart lane's weighbridge) ends in one
          'every suspicion raised by a document review, a scan image or a smart lane is confirmed by a physical inspection',
  );
  need(
    'doc_reviewer',
    p.risk.review_all
      ? 'risk.review_all is true (every declaration gets a document review)'
      : targets.yellow > 0
        ? `risk.targets.yellow is ${targets.yellow} (the yellow channel is a document review)`
        : p.risk.recheck_rate > 0
          ? `risk.recheck_rate is ${p.risk.recheck_rate} (green releases re-checked by a document reviewer)`
          : p.risk.second_review_score <= 1 && p.inspection.scanners < 1
            ? `risk.second_review_score is ${p.risk.second_review_score} (a second review that does not confirm a suspicion sends the declaration to document review)`
            : undefined,
  );
  need(
    'image_analyst',
    p.inspection.scanner_first
      ? 'inspection.scanner_first is true (every scan image needs an analyst)'
      : targets.orange > 0
        ? `risk.targets.orange is ${targets.orange} (every scan image needs an analyst)`
        : p.inspection.scanners > 0
          ? `inspection.scanners is ${p.inspection.scanners} (every scan image needs an analyst)`
          : undefined,
  );
  need(
    'risk_analyst',
    p.risk.second_review_score <= 1
      ? `risk.second_review_score is ${p.risk.second_review_score} (scores at or above it wait for a risk analyst's second review; above 1 turns it off)`
      : undefined,
  );
});

export const policiesSchema = policyList(policySchema, 'policies, mappings with name, declaration, gate, inspection, risk, ...');

// ---------------------------------------------------------------------------------------------
// The port scenario file

/** The port family; the output carries `kind: 'port'` (added after validation, not a key of the file). */
export const portScenarioSchema = mapping({
  version: z.literal(SCENARIO_VERSION, { error: 'expected version 1 (the only scenario format so far)' }),
  name: slug(),
  description: text().optional(),
  /** Default seed; the CLI's --seed overrides it. */
  seed: nonNegInt().optional(),
  /** `trucks` counts consignments (one truck each): arrivals stop after that many, the run goes on until empty */
  horizon: horizonOf(PORT_CONSIGNMENTS),
  site: mapping({ port: portSiteSchema }),
  demand: portDemandSchema,
  population: populationSchema,
  truth: truthSchema,
  times: timesSchema.prefault({}),
  skills: skillsSchema.prefault({}),
  weight_tolerance: nonNegNumber().default(DEFAULT_WEIGHT_TOLERANCE),
  /**
   * How the smart lanes' device readings reach the supervision logic: `in-process` hands the
   * devices' frames over as objects; `wire` sends each through encode → bytes → decode, as on a
   * real line (slower, for end-to-end checks). Same event stream either way.
   */
  hardware: oneOf(HARDWARE_MODES).default('in-process'),
  policies: policiesSchema,
})
  .superRefine((s, ctx) => checkArrivalsTotal(ctx, s, PORT_CONSIGNMENTS))
  .transform((s) => ({ kind: 'port' as const, ...s }));

/** A validated port scenario (defaults applied; `random_rate` and `audit_rate` always by class). */
export type PortScenario = z.output<typeof portScenarioSchema>;
/** What a port scenario file may contain before defaults are applied. */
export type PortScenarioInput = z.input<typeof portScenarioSchema>;
/** One validated policy of a port scenario. */
export type PortPolicy = PortScenario['policies'][number];
