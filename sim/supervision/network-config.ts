/**
 * What the network simulation needs, in the simulator's own terms (camelCase, seconds unless a
 * name says otherwise): goods moving between factories, inland customs and ports over roads, under
 * one clearance policy. scenarios/network-config.ts builds it from a validated network scenario.
 */
import type { DistSpec } from '../kernel/distribution-spec.js';
import type { WorkCalendar } from '../kernel/work-calendar.js';
import type { LatLon } from '../kernel/geo.js';
import type { Place, Road } from './road-network.js';
import type { ByCredit, Direction } from './vocabulary.js';

/**
 * How a consignment is cleared (shared/DOMAIN.md §5–6):
 * - `transfer` (转关): declared for transit at the first customs, carried by a licensed
 *   customs-supervised carrier under seal, declared again and released at the second;
 * - `regional` (属地申报, 口岸验放): one declaration at the inland customs near the enterprise, one
 *   release at the port; an export travels to the port under e-seal, an import leaves the port free;
 * - `factory_direct` (网上申报, 工厂径放): declared online, inspected (when chosen) and released at the
 *   factory; the goods go door to door under e-seal without stopping at a customs site;
 * - `enter_first` (先进区, 后报关): imports into a zone enter on the manifest's brief declaration
 *   and are declared in full within a deadline, one consignment at a time or aggregated (集中申报).
 */
export const PROCEDURES = ['transfer', 'regional', 'factory_direct', 'enter_first'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** Smuggling in transit, the hidden truth of a sealed trip. */
export const TRANSIT_SMUGGLING = ['unload_stop', 'seal_tamper', 'container_swap'] as const;
export type TransitSmuggling = (typeof TRANSIT_SMUGGLING)[number];

export const CONTAINER_SIZES = ['ft20', 'ft40'] as const;
export type ContainerSize = (typeof CONTAINER_SIZES)[number];
export type BySize<T> = Record<ContainerSize, T>;

export interface OfficeConfig {
  place: string;
  hours: WorkCalendar;
  /** officers who inspect goods at this office (or go out to factories from it) */
  inspectors: number;
}

export interface FlowConfig {
  name: string;
  direction: Direction;
  /** the enterprise's factory */
  factory: string;
  port: string;
  /** the inland customs near the enterprise (属地海关) */
  customs: string;
  perDay: number;
  /** share of 40-ft containers; the rest are 20-ft */
  ft40Share: number;
  enterprises: number;
  creditMix: ByCredit<number>;
  /** hour of day (0–24) the day's trucks start from, and until */
  hours: [number, number];
}

export interface NetworkWorld {
  /** days on which goods become ready */
  days: number;
  /** days the run goes on after the last arrivals, until every consignment has ended */
  drainDays: number;
  places: Place[];
  roads: Road[];
  offices: OfficeConfig[];
  flows: FlowConfig[];
  truckSpeedKmh: DistSpec;
  gps: { intervalS: number; noiseM: number };
  truth: {
    /** share of declarations that misdeclare the goods, by credit class of the declarant */
    declarationViolation: ByCredit<number>;
    /** probability that a sealed trip smuggles in transit, by credit class */
    transitSmuggling: ByCredit<number>;
    transitMix: Record<TransitSmuggling, number>;
    /** innocent events that can look like smuggling: a long rest, a detour around a closed road */
    restStop: { perTrip: number; durationS: DistSpec };
    detour: { perTrip: number; offsetM: number; durationS: DistSpec };
    /** enter first, declare later: share of entries whose full declaration comes after the deadline, and how late */
    lateDeclaration: { rate: ByCredit<number>; lateS: DistSpec };
  };
  costs: {
    /** trucking rate, RMB per km */
    perKmRmb: BySize<number>;
    /** a licensed customs-supervised carrier's rate over an ordinary truck's, as a factor */
    supervisedCarrierFactor: number;
    /** lifting, yard and agent fees at each customs site a consignment calls at, RMB */
    siteFeeRmb: BySize<number>;
    /** the enterprise's cost of goods held by customs (storage, demurrage, capital), RMB per hour */
    holdingPerHourRmb: BySize<number>;
  };
}

export interface SealRules {
  widthM: number;
  graceS: number;
  maxStopS: number;
  /** a trip is late after planned time × factor + slack */
  lateFactor: number;
  lateSlackS: number;
}

export interface NetworkPolicyConfig {
  name: string;
  description?: string;
  procedure: ByCredit<Procedure>;
  /** office working time a declaration takes to review, by procedure (seconds of office time) */
  reviewS: Record<Procedure, DistSpec>;
  /** transfer: wait for a licensed customs-supervised carrier (calendar seconds) */
  carrierWaitS: DistSpec;
  /** transfer: time at an inland customs site besides review and inspection (queueing to be seen, paperwork at the counter) */
  siteHandlingS: DistSpec;
  /** at the port, every import (terminal formalities before the goods may leave) and a transfer export (the re-declaration desk) */
  portHandlingS: DistSpec;
  /** regional and factory direct: the declaration is lodged this long before the goods reach the place of release (advance declaration) */
  lodgeLeadS: DistSpec;
  /** share of declarations inspected, by credit class */
  inspectionRate: ByCredit<number>;
  inspectionS: DistSpec;
  /** probability an inspection finds a misdeclaration that is there */
  inspectionDetect: number;
  /** factory direct: an officer's drive from the customs office to the factory and back (seed 000: 15 min) */
  factoryVisitS: DistSpec;
  /** the check before release at the place of release of goods declared online: the port gate (口岸验放), the factory (工厂径放) */
  releaseCheckS: DistSpec;
  seal: SealRules;
  interception: {
    teams: number;
    base: string;
    speedKmh: number;
    dispatchS: number;
    checkS: DistSpec;
    /** probability that a check of a truck that smuggled finds it */
    detect: number;
  };
  /** probability that the check on arrival finds each kind of smuggling without an alert (seal state read at the gate, container number, weight) */
  arrivalDetect: Record<TransitSmuggling, number>;
  /** enter first, declare later */
  enterFirst: {
    /** the full declaration is due this long after entry (the FTZ plan: 14 days) */
    declareWithinS: number;
    /** 0: one full declaration per entry; otherwise an enterprise's entries of each such period are declared together (集中申报) */
    aggregateS: number;
    /** when an enterprise that keeps the deadline files, after entry (or after the period ends, aggregated) */
    filingS: DistSpec;
  };
  /** document officers' time for one declaration reviewed: a fixed part and a part per line (consignment) it covers */
  reviewOfficerS: { perDeclaration: number; perLine: number };
  /** inspectors on duty at an office under this policy, overriding the site's (staffing reform) */
  inspectors: Record<string, number>;
}

export interface NetworkConfig {
  world: NetworkWorld;
  policy: NetworkPolicyConfig;
}

/** The port and the inland customs of a flow, in the order the goods meet them. */
export function customsOrder(f: FlowConfig): [first: string, second: string] {
  return f.direction === 'export' ? [f.customs, f.port] : [f.port, f.customs];
}

export type { LatLon };
