/**
 * What a port run needs, resolved from a scenario and one of its policies: the world (demand,
 * population, hidden truth, work contents, officer skills), the same for every policy, and the
 * policy (switches, capacities, staffing). Times are seconds, rates are fractions.
 *
 * The scenario loader builds this from YAML (scenarios/port-config.ts); tests build it directly.
 */
import type { DistSpec } from '../kernel/distribution-spec.js';
import type { ByChannel, ByCredit, ByRole, ByViolation, EnterpriseKind } from './vocabulary.js';

/**
 * How the smart lanes' device readings reach the supervision logic: handed over in-process, or
 * through encode → bytes → decode as on a real wire (hardware-emu/smart-lane.ts).
 */
export const HARDWARE_MODES = ['in-process', 'wire'] as const;
export type HardwareMode = (typeof HARDWARE_MODES)[number];

export interface PopulationSpec {
  /** number of enterprises declaring at the port */
  enterprises: number;
  /** share of enterprises in each credit class (sums to 1) */
  creditMix: ByCredit<number>;
  /** probability that an enterprise of the class declares from its ERP (networked supervision) */
  erpConnected: ByCredit<number>;
  /** share of enterprises that are new importers (no history: a rule profile) */
  newShare: number;
  kindMix: Record<EnterpriseKind, number>;
  /** trade volume per enterprise is lognormal with this coefficient of variation (a few big traders) */
  volumeCv: number;
  /** share of trucks carrying an electronic plate (needed for a smart lane) */
  eplateShare: number;
}

export interface TruthSpec {
  /** mean probability that a consignment of the class violates; enterprises scatter around it */
  violationRate: ByCredit<number>;
  /** how violations split by type (sums to 1) */
  mix: ByViolation<number>;
  /** enterprise propensity = class rate × gamma(shape, 1/shape): lower shape, more scatter */
  propensityShape: number;
}

/** Per-consignment work contents and delays, drawn when the consignment appears (common random numbers). */
export interface TimesSpec {
  /** enterprise: ERP-generated declaration, from ready to lodged */
  erpEntryS: DistSpec;
  /** enterprise: typed by hand */
  manualEntryS: DistSpec;
  /** probability that a typed declaration carries an entry error (a false risk hit) */
  manualErrorRate: number;
  /** probability that an ERP-generated declaration carries one */
  erpErrorRate: number;
  /** how long before arrival a pre-lodged declaration is ready (capped at 24 h) */
  preArrivalLeadS: DistSpec;
  /** system: risk screening once lodged */
  riskScreenS: DistSpec;
  docReviewS: DistSpec;
  recheckS: DistSpec;
  secondReviewS: DistSpec;
  imageAnalysisS: DistSpec;
  /** H986 scan and image: 1–2 min (seed 001) */
  scanS: DistSpec;
  physicalS: DistSpec;
  /** manual booth: papers, seal, plate by eye */
  manualGateS: DistSpec;
  /** smart lane when every device reads cleanly: 5.8 s at Tianjin (seed 001) */
  smartGateS: DistSpec;
  /** an officer resolving a misread at a smart lane */
  misreadFixS: DistSpec;
  /** terminal moves a container to the scanner or the inspection area */
  containerMoveS: DistSpec;
  /** inspection notice reaching enterprise and terminal without information sharing */
  noticeDelayS: DistSpec;
  /** correcting a declaration after a revenue finding (duty reassessed) */
  correctionS: DistSpec;
}

/** Speed and accuracy of officers of one role; each officer draws a speed factor in [min, max]. */
export interface SkillSpec {
  speedMin: number;
  speedMax: number;
  /** probability that the role's check finds each violation type when present */
  detect: ByViolation<number>;
  /** probability of flagging a clean consignment (a false alarm) */
  falseAlarm: number;
}

export interface WorldSpec {
  /** arrivals stop at this time (s) */
  arrivalsUntil: number;
  /** the run stops here (s); consignments still inside are reported as in the system */
  endS: number;
  /** statistics cover consignments arriving at or after this time (s) */
  warmupS: number;
  arrivals: { perHour: number } | { profilePerHour: readonly number[] };
  /** no more than this many consignments */
  maxConsignments: number;
  importShare: number;
  population: PopulationSpec;
  truth: TruthSpec;
  times: TimesSpec;
  skills: { doc: SkillSpec; image: SkillSpec; physical: SkillSpec; risk: SkillSpec; audit: SkillSpec };
  /** relative weight tolerance before a smart lane's weighbridge flags a truck */
  weightTolerance: number;
  /**
   * how the smart lanes' device readings reach the supervision logic: handed over in-process
   * (default), or through encode → bytes → decode as on a real wire (slower; same event stream)
   */
  hardware?: HardwareMode;
}

export type RiskModel = 'rules' | 'learning' | 'random';

export interface StaffWindow {
  /** HH:MM, daily */
  from: string;
  to: string;
  officers: number;
}

export interface PolicySpec {
  name: string;
  description?: string;
  declaration: {
    /** ERP-connected enterprises generate declarations from ERP (merge relations) */
    useErp: boolean;
    /** lodged before the goods arrive, or only when they arrive */
    lodge: 'before_arrival' | 'at_arrival';
  };
  gate: {
    smartLanes: number;
    manualLanes: number;
    /** probability that one device of a smart lane misreads (plate, e-plate, container, seal) */
    misreadRate: number;
  };
  inspection: {
    /**
     * random picks go to the H986 scanner (orange) rather than straight to a physical inspection;
     * targeted declarations go where their score puts them (orange, or red for the highest)
     */
    scannerFirst: boolean;
    scanners: number;
  };
  risk: {
    model: RiskModel;
    /** every declaration gets at least a document review (the baseline's manual review of all) */
    reviewAll: boolean;
    /** largest share of declarations sent to each channel (green takes the rest) */
    targets: Omit<ByChannel<number>, 'green'>;
    /** minimum random selection rate by credit class (random control) */
    randomRate: ByCredit<number>;
    /** share of green releases re-checked by a document reviewer */
    recheckRate: number;
    /** scores at or above this get a second human review; > 1 turns it off */
    secondReviewScore: number;
    /** step size of the valuation table's weight updates ('learning') */
    learningRate: number;
    /** initial weights of the rule profiles, by feature name (see risk-features.ts) */
    weights: Readonly<Record<string, number>>;
    /** fill channels against the day's officer capacity (otherwise only the target rates) */
    capacityAware: boolean;
  };
  /** inspection notices reach enterprise and terminal at once */
  infoSharing: boolean;
  /** post-clearance audit probability of a blue-channel release, by credit class */
  auditRate: ByCredit<number>;
  staffing: ByRole<readonly StaffWindow[]>;
}

export interface PortConfig {
  world: WorldSpec;
  policy: PolicySpec;
}
