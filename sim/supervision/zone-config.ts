/**
 * What the zone simulation needs, in the simulator's own terms (camelCase, seconds): one policy
 * applied to one world. scenarios/zone-config.ts builds it from a validated zone scenario.
 */
import type { DistSpec } from '../kernel/distribution-spec.js';
import type { BondedViolation, ByCredit } from './vocabulary.js';
import type { ConsumptionBasis } from './write-off.js';

/** An enterprise given in full by the scenario (its book, its true BOM, its output). */
export interface ExplicitEnterprise {
  id: string;
  credit: number;
  items: { item: number; hs: string; unit: string }[];
  materials: { number: string; item: number; stock: number; unitValueRmb: number }[];
  products: { number: string; weeklyOutput: number; bom: Record<string, number> }[];
  /** undefined: drawn from the truth like any other */
  violation?: BondedViolation | 'none';
}

export interface ZoneWorld {
  days: number;
  enterprises: number;
  creditMix: ByCredit<number>;
  materials: [number, number];
  products: [number, number];
  weeklyOutput: DistSpec;
  domesticShare: number;
  modelChangesPerQuarter: number;
  stockWeeks: number;
  explicit: ExplicitEnterprise[];
  violationRate: ByCredit<number>;
  violationMix: Record<BondedViolation, number>;
  concealment: { selfReport: number; erp: number };
}

export interface ZonePolicyConfig {
  name: string;
  description?: string;
  books: 'paper' | 'networked';
  declaration: { adminH: number; reviewS: DistSpec };
  change: { adminH: number; reviewS: DistSpec };
  verification: { everyDays: number; adminH: number };
  writeOff: { everyDays: number; basis: ConsumptionBasis; stocktake: number; tolerance: number; adminH: number };
  tax: { payment: 'per-declaration' | 'aggregated'; adminH: number };
  gate: { checkRate: ByCredit<number>; detect: number };
  audit: { perYear: ByCredit<number>; detect: number; onSignal: boolean; adminH: number };
}

export interface ZoneConfig {
  world: ZoneWorld;
  policy: ZonePolicyConfig;
}
