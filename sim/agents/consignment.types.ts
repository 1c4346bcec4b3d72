/**
 * The consignment machine's words (consignment.machine.ts): what it starts with (input), what it
 * remembers (context), the events the world sends it, what it emits, and its last line,
 * `consignment.closed` (consignment-closed.ts writes it).
 */

/** How the consignment was examined and what was found (the `caught` codes index CATCHERS). */
export const CAUGHT_NONE = 0;
export const CAUGHT_REVIEW = 1;
export const CAUGHT_IMAGE = 2;
export const CAUGHT_PHYSICAL = 3;
export const CAUGHT_GATE = 4;
export const CAUGHT_RECHECK = 5;

export interface ConsignmentInput {
  ref: number;
  enterprise: number;
  credit: number;
  direction: number;
  violation: number;
  revenueAtStake: number;
  /** when the truck arrives (s); the machine may start earlier, with a pre-lodged declaration */
  arrivalAt: number;
  /** true when the machine starts with the truck already at the port */
  here: boolean;
}

export interface ConsignmentContext {
  /**
   * What does not change during the journey, kept as one reference: every assign copies the
   * context, and this is six fields (one a boxed double) fewer to copy each time.
   */
  info: Readonly<ConsignmentInput>;
  /** when the truck arrives (s): the input's, until ARRIVED says otherwise */
  arrivalAt: number;
  here: boolean;
  lodgedAt: number;
  decidedAt: number;
  releasedAt: number;
  gateStartedAt: number;
  channel: number;
  selection: number;
  /** 0 not audited, 1 audited and clean, 2 audited and found */
  audit: number;
  /** what first raised the suspicion that led to the finding (CAUGHT_*) */
  referredBy: number;
  caught: number;
  /** examined by an officer before release (review, image, physical) */
  examined: boolean;
  physicalDone: boolean;
  diverted: boolean;
  seized: boolean;
  smartLane: boolean;
}

type At = { at: number };
export type ConsignmentEvent =
  | ({ type: 'ARRIVED' } & At)
  | ({ type: 'LODGED' } & At)
  | ({ type: 'DECIDED'; channel: number; selection: number; audit: number } & At)
  | ({ type: 'REVIEWED'; suspect: boolean } & At)
  | ({ type: 'IN_PLACE' } & At)
  | ({ type: 'SCANNED' } & At)
  | ({ type: 'IMAGE_DONE'; suspect: boolean } & At)
  | ({ type: 'INSPECTED'; suspect: boolean } & At)
  | ({ type: 'CORRECTED' } & At)
  | ({ type: 'RECHECKED'; suspect: boolean } & At)
  | ({ type: 'LANE'; lane: number; smart: boolean } & At)
  | ({ type: 'GATE_DONE'; divert: boolean; misread: boolean; passS: number } & At);

/** The last line of a consignment's journey: everything reports need. Times in seconds. */
export interface ConsignmentClosed {
  type: 'consignment.closed';
  ref: number;
  outcome: 'released' | 'seized';
  enterprise: number;
  credit: number;
  direction: number;
  channel: number;
  selection: number;
  violation: number;
  caught: number;
  examined: boolean;
  physical: boolean;
  audit: number;
  revenue_at_stake: number;
  revenue_recovered: number;
  arrived_at: number;
  lodged_at: number;
  decided_at: number;
  released_at: number;
  gate_queued_at: number;
  gate_started_at: number;
  ended_at: number;
  smart_lane: boolean;
  misread: boolean;
  gate_pass_s: number;
}

export type ConsignmentEmitted =
  | { type: 'consignment.arrived'; ref: number }
  | { type: 'consignment.lodged'; ref: number }
  | { type: 'consignment.decided'; ref: number; channel: number; selection: number }
  | { type: 'consignment.needs_review'; ref: number }
  | { type: 'consignment.needs_move'; ref: number; to: 'scanner' | 'inspection' }
  | { type: 'consignment.needs_scan'; ref: number }
  | { type: 'consignment.needs_image'; ref: number }
  | { type: 'consignment.needs_physical'; ref: number }
  | { type: 'consignment.needs_correction'; ref: number }
  | { type: 'consignment.finding'; ref: number; enterprise: number; violation: number; seizure: boolean; by: number }
  | { type: 'consignment.released'; ref: number }
  | { type: 'consignment.at_gate'; ref: number }
  | ConsignmentClosed;

/** The events that carry an officer's verdict. */
export type VerdictEvent = Extract<ConsignmentEvent, { suspect: boolean }>;
/** The event of one type (for actions that run on one event only). */
export type EventOf<T extends ConsignmentEvent['type']> = Extract<ConsignmentEvent, { type: T }>;
