/**
 * The zone's shared parts: what the stream records of the zone (ZoneRecord), an enterprise's
 * factory and books as the world holds them (Plant), its hidden violation (ViolationState), and
 * the context the zone's wiring files share (ZoneWorld).
 */
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import type { Rng } from '../kernel/rng.js';
import type { BondedEnterprise } from '../supervision/bonded-population.js';
import type { EAccountBook } from '../supervision/e-account-book.js';
import type { ConsumptionBasis } from '../supervision/write-off.js';
import type { ZoneConfig } from '../supervision/zone-config.js';
import type { BondedViolation, Mechanism } from '../supervision/vocabulary.js';

export const DAY = 86400;
/** Enterprise hours a case costs (investigation, supplementary declaration, tax): illustrative. */
export const CASE_ADMIN_H = 16;
export type AuditReason = 'calendar' | 'signal' | 'referral';

export type AdminActivity = 'declaration' | 'change' | 'verification' | 'write_off' | 'tax' | 'audit' | 'case';

/** The stream's records of the zone (besides what the machines emit). */
export type ZoneRecord =
  | { type: 'bond.enterprise'; enterprise: number; credit: number; materials: number; products: number }
  /** `release_s` counts from the goods' arrival (or shipment): a new model's import first waits `waited_s` for its change */
  | { type: 'bond.declared'; enterprise: number; kind: 'import' | 'export' | 'domestic'; material: string | null; units: number; release_s: number; new_model: boolean; waited_s: number; tax: number }
  | { type: 'bond.admin'; enterprise: number; activity: AdminActivity; hours: number }
  /** `start_day` < 0: begun before the run, with what it took before (in the book, not in the stock) recorded at once as diverted */
  | { type: 'bond.violation_started'; enterprise: number; kind: BondedViolation; material: string; concealed: boolean; start_day: number }
  | { type: 'bond.diverted'; enterprise: number; kind: BondedViolation; material: string; units: number; tax: number }
  | { type: 'bond.checked'; enterprise: number; mechanism: 'verification' | 'write_off'; basis: ConsumptionBasis; stocktake: boolean; discrepancy: number; beyond: boolean }
  /** what a stopped scheme would have taken (on the day it would have), had no case stopped it */
  | { type: 'bond.prevented'; enterprise: number; kind: BondedViolation; units: number; tax: number }
  /** `first`: the case that found the violation (later ones recover what is still outstanding) */
  | { type: 'bond.case'; enterprise: number; mechanism: Mechanism; kind: BondedViolation | null; first: boolean; recovered: number; exposure_days: number; settled: number }
  | { type: 'bond.audited'; enterprise: number; reason: AuditReason; found: boolean }
  | { type: 'bond.output_lost'; enterprise: number; product: string; units: number };

export interface ViolationState {
  kind: BondedViolation;
  material: string;
  product: string;
  startDay: number;
  concealed: boolean;
  started: boolean;
  detected: boolean;
  startedAt: number;
  taxAtStake: number;
  /** revenue recovered by cases so far */
  recovered: number;
  /** outsourcing: units out now */
  out: number;
  /** inflated consumption: extra units declared per product, products made since, surplus taken (units), tax on the surplus not yet trucked out (RMB) */
  extra: number;
  producedSince: number;
  surplusSold: number;
  surplusWaiting: number;
}

export interface Plant {
  e: BondedEnterprise;
  entity: Entity;
  book: EAccountBook;
  credit: number;
  stock: Map<string, number>;
  inTransit: Map<string, number>;
  products: Map<string, number>;
  workOrders: Map<string, number>;
  /** base material → the number its imports are declared under (a new model replaces it once approved) */
  current: Map<string, string>;
  /** new material number → base material, while its change is under review */
  pending: Map<string, { base: string; seq: number; qty: number; arrivedAt: number | null }>;
  /** base material → the model number (1, 2...) of its current number; 0 for the original */
  currentSeq: Map<string, number>;
  models: Map<string, number>;
  output: Rng;
  v: ViolationState | null;
  domesticThisMonth: boolean;
  signalAudit: boolean;
}

/** What the zone's wiring files share. */
export interface ZoneWorld {
  sim: Simulation;
  w: ZoneConfig['world'];
  policy: ZoneConfig['policy'];
  /** every record is about one enterprise: it goes to the stream under the enterprise's id */
  rec: (r: ZoneRecord) => void;
  /** enterprise hours spent on an activity (nothing recorded for 0) */
  admin: (p: Plant, activity: AdminActivity, hours: number) => void;
}
