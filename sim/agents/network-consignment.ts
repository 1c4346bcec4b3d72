/**
 * A consignment on the road network as the world holds it, what the world writes to the stream
 * about it (NetworkRecord), and the draw slots of its indexed random streams (common random numbers:
 * every draw about consignment k comes from one stream per purpose at k).
 */
import type { FlowConfig, Procedure, ContainerSize, TransitSmuggling } from '../supervision/network-config.js';
import type { CreditClass } from '../supervision/vocabulary.js';

/** What the world writes to the stream (besides the trip machines' own events). */
export type NetworkRecord =
  | {
      type: 'net.lodged';
      consignment: string;
      flow: string;
      direction: 'import' | 'export';
      procedure: Procedure;
      credit: CreditClass;
      size: ContainerSize;
      /** hidden truth: the declaration misdeclares the goods */
      violation: boolean;
    }
  | { type: 'net.inspected'; consignment: string; place: string; wait_s: number; found: boolean }
  | { type: 'net.released'; consignment: string; place: string; clearance_s: number; held_s: number }
  | { type: 'net.seized'; consignment: string; place: string; reason: 'declaration' | 'transit'; clearance_s: number; held_s: number }
  | { type: 'net.delivered'; consignment: string; place: string; door_to_door_s: number }
  /** a declaration reviewed by document officers: `lines` consignments, `officer_s` of their time */
  | { type: 'net.reviewed'; declaration: string; office: string; lines: number; officer_s: number; after_entry: boolean }
  /** enter first, declare later: an entry's full declaration was not filed by its deadline (the system sees it then) */
  | { type: 'net.overdue'; consignment: string; enterprise: string; due_s: number }
  | { type: 'net.cost'; consignment: string; size: ContainerSize; direction: 'import' | 'export'; transport_rmb: number; holding_rmb: number; supervised_km: number; ordinary_km: number; sites: number };

export interface Consignment {
  id: string;
  k: number;
  flow: FlowConfig;
  /** the declarant, e.g. 'taiyuan-export.E07' */
  enterprise: string;
  credit: number;
  size: number;
  procedure: Procedure;
  violation: boolean;
  /** smuggling the crew attempts if the goods travel under seal */
  smuggling: TransitSmuggling | 'none';
  /** goods ready: loaded at the factory (export) or landed at the port (import) */
  readyAt: number;
  /** NaN until lodged */
  lodgedAt: number;
  reviewedAt: number;
  /** what waits for the review of a declaration not lodged yet */
  onReviewed: (() => void) | null;
  releasedAt: number;
  heldFrom: number;
  ended: boolean;
  supervisedKm: number;
  ordinaryKm: number;
  sites: number;
}

/** Draw slots of the indexed streams, one per purpose: a new purpose gets a new slot at the end. */
export const Slot = {
  Enterprise: 0,
  Size: 1,
  Violation: 2,
  SmuggleFlag: 3,
  SmuggleKind: 4,
  SmuggleAt: 5,
  SmuggleDur: 6,
  RestFlag: 7,
  RestAt: 8,
  RestDur: 9,
  DetourFlag: 10,
  DetourAt: 11,
  DetourDur: 12,
  Lead: 13,
  Review1: 14,
  Review2: 15,
  Handling1: 16,
  Handling2: 17,
  Carrier: 18,
  Inspect1: 19,
  Inspect2: 20,
  InspectDur1: 21,
  InspectDur2: 22,
  Detect1: 23,
  Detect2: 24,
  Visit: 25,
  PortRelease: 26,
  Check: 27,
  CheckDetect: 28,
  ArrivalDetect: 29,
  Drive1: 30,
  Drive2: 31,
  LateFlag: 32,
  LateBy: 33,
  Filing: 34,
  Count: 35,
} as const;
export type Slot = (typeof Slot)[keyof typeof Slot];


