/**
 * The words of customs supervision the simulator speaks, as ordered lists: an index into one of
 * these lists is how the hot path carries a credit class, a violation or a channel (numbers, not
 * strings), and the names are what the event stream and the reports print.
 */

/** Enterprise credit classes of China Customs' credit management (DOMAIN.md, "Actors"). */
export const CREDIT_CLASSES = ['advanced_aeo', 'general_aeo', 'general', 'dishonest'] as const;
export type CreditClass = (typeof CREDIT_CLASSES)[number];
export type ByCredit<T> = Record<CreditClass, T>;
/** The credit classes by name, as the numbers the hot path carries (a const object: no enum code). */
export const CREDIT = { advanced_aeo: 0, general_aeo: 1, general: 2, dishonest: 3 } as const;
export type CreditCode = (typeof CREDIT)[CreditClass];
export const CREDIT_ADVANCED_AEO = CREDIT.advanced_aeo;
export const CREDIT_GENERAL_AEO = CREDIT.general_aeo;
export const CREDIT_GENERAL = CREDIT.general;
export const CREDIT_DISHONEST = CREDIT.dishonest;

export const ENTERPRISE_KINDS = ['manufacturer', 'logistics', 'trader', 'forwarder'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

/** Hidden truth of a consignment: index 0 is a clean one. */
export const VIOLATIONS = [
  'none',
  'misclassified_hs',
  'undervaluation',
  'quantity_weight',
  'prohibited',
  'ipr',
  'origin_fraud',
] as const;
export type Violation = (typeof VIOLATIONS)[number];
/** The violation types proper (without 'none'), as scenario keys. */
export const VIOLATION_TYPES = VIOLATIONS.slice(1) as unknown as readonly Exclude<Violation, 'none'>[];
export type ViolationType = Exclude<Violation, 'none'>;
export type ByViolation<T> = Record<ViolationType, T>;
export const V_NONE = 0;
export const V_MISCLASSIFIED = 1;
export const V_UNDERVALUATION = 2;
export const V_QUANTITY = 3;
export const V_PROHIBITED = 4;
export const V_IPR = 5;
export const V_ORIGIN = 6;

/** Violations that end in seizure when found; the others are corrected and the duty recovered. */
export function seizable(v: number): boolean {
  return v === V_PROHIBITED || v === V_IPR;
}

/**
 * Channels of classified clearance, in the order capacity-aware selection fills them
 * (DOMAIN.md, supervision logic 2).
 */
export const CHANNELS = ['red', 'orange', 'yellow', 'blue', 'green'] as const;
export type Channel = (typeof CHANNELS)[number];
export type ByChannel<T> = Record<Channel, T>;
/** The channels by name, as the numbers the hot path carries (a const object: no enum code). */
export const CHANNEL = { red: 0, orange: 1, yellow: 2, blue: 3, green: 4 } as const;
export type ChannelCode = (typeof CHANNEL)[Channel];
export const CH_RED = CHANNEL.red; // physical inspection
export const CH_ORANGE = CHANNEL.orange; // H986 scan, image analysis
export const CH_YELLOW = CHANNEL.yellow; // document review
export const CH_BLUE = CHANNEL.blue; // release, then post-clearance audit
export const CH_GREEN = CHANNEL.green; // system release

export const DIRECTIONS = ['import', 'export'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Officer roles with work at a port site (auditors work after clearance: see the audit draw). */
export const ROLES = ['doc_reviewer', 'gate_officer', 'image_analyst', 'physical_inspector', 'risk_analyst'] as const;
export type Role = (typeof ROLES)[number];
export type ByRole<T> = Record<Role, T>;
export const R_DOC = 0;
export const R_GATE = 1;
export const R_IMAGE = 2;
export const R_PHYSICAL = 3;
export const R_RISK = 4;

/** Kinds of officer task; each belongs to one role. */
export const TASKS = ['review', 'recheck', 'image', 'physical', 'second_review'] as const;
export type TaskKind = (typeof TASKS)[number];
export const T_REVIEW = 0;
export const T_RECHECK = 1;
export const T_IMAGE = 2;
export const T_PHYSICAL = 3;
export const T_SECOND_REVIEW = 4;
export const TASK_ROLE: readonly number[] = [R_DOC, R_DOC, R_IMAGE, R_PHYSICAL, R_RISK];

/** How a violation was found (index into this list travels in events). */
export const CATCHERS = ['none', 'review', 'image', 'physical', 'gate', 'recheck', 'audit'] as const;
export type Catcher = (typeof CATCHERS)[number];

/** Why a consignment was examined: by its risk score, at random, or not at all. */
export const SELECTIONS = ['none', 'targeted', 'random', 'all'] as const;
export type Selection = (typeof SELECTIONS)[number];
export const SEL_NONE = 0;
export const SEL_TARGETED = 1;
export const SEL_RANDOM = 2;
/** every declaration reviewed (the baseline's manual review of all) */
export const SEL_ALL = 3;

/**
 * Violations specific to bonded goods under processing trade (the zone family): bonded materials
 * sold on the domestic market without duty (内销不补税), a declared unit consumption above the true
 * one (the surplus is then sold), materials sent to an outside processor without filing (some never
 * come back), and stock that is simply short (unrecorded scrap, loss, theft).
 */
export const BONDED_VIOLATIONS = ['domestic_sale', 'inflated_consumption', 'unrecorded_outsourcing', 'stock_shortage'] as const;
export type BondedViolation = (typeof BONDED_VIOLATIONS)[number];

/** Where a bonded-goods violation can be caught, from the gate to the audit after the fact. */
export const MECHANISMS = ['gate', 'verification', 'write_off', 'audit'] as const;
export type Mechanism = (typeof MECHANISMS)[number];
