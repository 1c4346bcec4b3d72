/**
 * A consignment and the truck that carries it, from declaration to gate exit: the truck of the
 * issue's "arrive, queue, gate, inspect, release, exit". The declaration may be lodged before the
 * truck arrives (the machine starts then) or when it arrives.
 *
 * The machine is pure. It learns of the world through events that carry the time they happened
 * (`at`), and asks for what it needs by emitting events (`consignment.needs_*`) that the site
 * wiring answers. Its last act is `consignment.closed`: the whole journey in one line, with the
 * hidden truth beside what was found, so that reports need no memory of consignments.
 *
 * Control paths after the risk decision (channels):
 *   red    → container moved to the inspection area → physical inspection
 *   orange → container moved to the H986 → scan → image analysis → (suspect) physical
 *   yellow → document review → (suspect) physical
 *   blue, green → released
 * A physical finding ends in seizure (prohibited goods, IPR) or a corrected declaration with the
 * duty recovered (the revenue violations); nothing found, the consignment is released. Released
 * consignments queue for an exit lane; a smart lane's weighbridge may divert a truck to a
 * physical inspection once.
 */
import { assign, emit, setup } from 'xstate';
import { CH_ORANGE, CH_RED, CH_YELLOW, seizable } from '../supervision/vocabulary.js';

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

const ev = <T extends ConsignmentEvent['type']>(e: ConsignmentEvent, _t: T) => e as Extract<ConsignmentEvent, { type: T }>;

export const consignmentMachine = setup({
  types: {
    context: {} as ConsignmentContext,
    input: {} as ConsignmentInput,
    events: {} as ConsignmentEvent,
    emitted: {} as ConsignmentEmitted,
  },
  actions: {
    arrive: assign(({ event }) => ({ here: true, arrivalAt: event.at })),
    announceArrival: emit(({ context }) => ({ type: 'consignment.arrived' as const, ref: context.info.ref })),
    lodge: assign(({ event }) => ({ lodgedAt: event.at })),
    announceLodged: emit(({ context }) => ({ type: 'consignment.lodged' as const, ref: context.info.ref })),
    decide: assign(({ event }) => {
      const e = ev(event, 'DECIDED');
      return { decidedAt: e.at, channel: e.channel, selection: e.selection, audit: e.audit };
    }),
    announceDecision: emit(({ context }) => ({
      type: 'consignment.decided' as const,
      ref: context.info.ref,
      channel: context.channel,
      selection: context.selection,
    })),
    askReview: emit(({ context }) => ({ type: 'consignment.needs_review' as const, ref: context.info.ref })),
    askMoveToScanner: emit(({ context }) => ({ type: 'consignment.needs_move' as const, ref: context.info.ref, to: 'scanner' as const })),
    askMoveToInspection: emit(({ context }) => ({ type: 'consignment.needs_move' as const, ref: context.info.ref, to: 'inspection' as const })),
    askScan: emit(({ context }) => ({ type: 'consignment.needs_scan' as const, ref: context.info.ref })),
    askImage: emit(({ context }) => ({ type: 'consignment.needs_image' as const, ref: context.info.ref })),
    askPhysical: emit(({ context }) => ({ type: 'consignment.needs_physical' as const, ref: context.info.ref })),
    askCorrection: emit(({ context }) => ({ type: 'consignment.needs_correction' as const, ref: context.info.ref })),
    examined: assign({ examined: true }),
    referByReview: assign({ referredBy: CAUGHT_REVIEW, examined: true }),
    referByImage: assign({ referredBy: CAUGHT_IMAGE, examined: true }),
    referByGate: assign({ referredBy: CAUGHT_GATE, diverted: true }),
    find: assign(({ context }) => ({
      physicalDone: true,
      examined: true,
      caught: context.caught !== CAUGHT_NONE ? context.caught : context.referredBy !== CAUGHT_NONE ? context.referredBy : CAUGHT_PHYSICAL,
      seized: seizable(context.info.violation),
    })),
    clearPhysical: assign({ physicalDone: true, examined: true }),
    announceFinding: emit(({ context }) => ({
      type: 'consignment.finding' as const,
      ref: context.info.ref,
      enterprise: context.info.enterprise,
      violation: context.info.violation,
      seizure: context.seized,
      by: context.caught,
    })),
    // a re-check reads the papers of a release: it recovers the duty; goods already released
    // cannot be seized, but the enterprise answers for them as for a seizure
    recheckFind: assign({ caught: CAUGHT_RECHECK }),
    announceRecheckFinding: emit(({ context }) => ({
      type: 'consignment.finding' as const,
      ref: context.info.ref,
      enterprise: context.info.enterprise,
      violation: context.info.violation,
      seizure: seizable(context.info.violation),
      by: CAUGHT_RECHECK,
    })),
    release: assign(({ event }) => ({ releasedAt: event.at })),
    announceRelease: emit(({ context }) => ({ type: 'consignment.released' as const, ref: context.info.ref })),
    askLane: emit(({ context }) => ({ type: 'consignment.at_gate' as const, ref: context.info.ref })),
    takeLane: assign(({ event }) => {
      const e = ev(event, 'LANE');
      return { gateStartedAt: e.at, smartLane: e.smart };
    }),
    // the journey's end: the event that ends it (GATE_DONE at the exit, INSPECTED at a seizure)
    // carries the time and the last gate pass, so the context need not hold them
    close: emit(({ context: c, event }) => {
      const gate = event.type === 'GATE_DONE' ? event : null;
      return {
        type: 'consignment.closed' as const,
        ref: c.info.ref,
        outcome: c.seized ? ('seized' as const) : ('released' as const),
        enterprise: c.info.enterprise,
        credit: c.info.credit,
        direction: c.info.direction,
        channel: c.channel,
        selection: c.selection,
        violation: c.info.violation,
        caught: c.caught,
        examined: c.examined,
        physical: c.physicalDone,
        audit: c.audit,
        revenue_at_stake: c.info.revenueAtStake,
        // a finding recovers the duty of a revenue case; seized goods and IPR are no revenue case
        revenue_recovered: c.caught !== CAUGHT_NONE && !seizable(c.info.violation) ? c.info.revenueAtStake : 0,
        arrived_at: c.arrivalAt,
        lodged_at: c.lodgedAt,
        decided_at: c.decidedAt,
        released_at: c.releasedAt,
        // a truck joins the gate queue when it is both released and here
        gate_queued_at: c.releasedAt !== c.releasedAt ? NaN : c.releasedAt > c.arrivalAt ? c.releasedAt : c.arrivalAt,
        gate_started_at: c.gateStartedAt,
        ended_at: event.at,
        smart_lane: c.smartLane,
        misread: gate !== null && gate.misread,
        gate_pass_s: gate !== null ? gate.passS : NaN,
      };
    }),
  },
  guards: {
    red: ({ context }) => context.channel === CH_RED,
    orange: ({ context }) => context.channel === CH_ORANGE,
    yellow: ({ context }) => context.channel === CH_YELLOW,
    suspect: ({ event }) => (event as { suspect: boolean }).suspect,
    found: ({ context, event }) => context.info.violation !== 0 && (event as { suspect: boolean }).suspect,
    recheckFinds: ({ context, event }) => context.info.violation !== 0 && context.caught === CAUGHT_NONE && (event as { suspect: boolean }).suspect,
    seizure: ({ context }) => context.seized,
    here: ({ context }) => context.here,
    divert: ({ context, event }) => (event as { divert: boolean }).divert && !context.physicalDone,
  },
}).createMachine({
  id: 'consignment',
  context: ({ input }) => ({
    info: input,
    arrivalAt: input.arrivalAt,
    here: input.here,
    lodgedAt: NaN,
    decidedAt: NaN,
    releasedAt: NaN,
    gateStartedAt: NaN,
    channel: -1,
    selection: 0,
    audit: 0,
    referredBy: CAUGHT_NONE,
    caught: CAUGHT_NONE,
    examined: false,
    physicalDone: false,
    diverted: false,
    seized: false,
    smartLane: false,
  }),
  on: {
    ARRIVED: { actions: ['arrive', 'announceArrival'] },
    // a document reviewer re-checking a green release works beside the truck, not in its way
    RECHECKED: { guard: 'recheckFinds', actions: ['recheckFind', 'announceRecheckFinding'] },
  },
  initial: 'declaring',
  states: {
    declaring: {
      on: { LODGED: { target: 'screening', actions: ['lodge', 'announceLodged'] } },
    },
    screening: {
      on: { DECIDED: { target: 'routing', actions: ['decide', 'announceDecision'] } },
    },
    routing: {
      always: [
        { guard: 'red', target: 'physical' },
        { guard: 'orange', target: 'scan' },
        { guard: 'yellow', target: 'review' },
        { target: 'releasing' },
      ],
    },
    review: {
      entry: 'askReview',
      on: {
        REVIEWED: [{ guard: 'suspect', target: 'physical', actions: 'referByReview' }, { target: 'releasing', actions: 'examined' }],
      },
    },
    scan: {
      initial: 'moving',
      states: {
        moving: {
          entry: 'askMoveToScanner',
          on: { IN_PLACE: 'queued' },
        },
        queued: {
          entry: 'askScan',
          on: { SCANNED: 'analysing' },
        },
        analysing: {
          entry: 'askImage',
          on: {
            IMAGE_DONE: [{ guard: 'suspect', target: '#consignment.physical', actions: 'referByImage' }, { target: '#consignment.releasing', actions: 'examined' }],
          },
        },
      },
    },
    physical: {
      initial: 'moving',
      states: {
        moving: {
          entry: 'askMoveToInspection',
          on: { IN_PLACE: 'inspecting' },
        },
        inspecting: {
          entry: 'askPhysical',
          on: {
            INSPECTED: [
              { guard: 'found', target: 'finding', actions: ['find', 'announceFinding'] },
              { target: '#consignment.releasing', actions: 'clearPhysical' },
            ],
          },
        },
        finding: {
          always: [{ guard: 'seizure', target: '#consignment.seized' }, { target: '#consignment.correcting' }],
        },
      },
    },
    correcting: {
      entry: 'askCorrection',
      on: { CORRECTED: 'releasing' },
    },
    releasing: {
      entry: ['release', 'announceRelease'],
      always: { guard: 'here', target: 'gateQueue' },
      on: { ARRIVED: { target: 'gateQueue', actions: ['arrive', 'announceArrival'] } },
    },
    gateQueue: {
      entry: 'askLane',
      on: { LANE: { target: 'atGate', actions: 'takeLane' } },
    },
    atGate: {
      on: {
        GATE_DONE: [
          { guard: 'divert', target: 'physical', actions: 'referByGate' },
          { target: 'exited' },
        ],
      },
    },
    exited: {
      type: 'final',
      entry: 'close',
    },
    seized: {
      type: 'final',
      entry: 'close',
    },
  },
});
