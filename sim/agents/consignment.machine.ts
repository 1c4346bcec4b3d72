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
import { recheckFinds } from '../supervision/green-recheck.js';
import { CH_ORANGE, CH_RED, CH_YELLOW, V_NONE, seizable } from '../supervision/vocabulary.js';
import { closedRecord } from './consignment-closed.js';
import {
  CAUGHT_GATE,
  CAUGHT_IMAGE,
  CAUGHT_NONE,
  CAUGHT_PHYSICAL,
  CAUGHT_RECHECK,
  CAUGHT_REVIEW,
  type ConsignmentContext,
  type ConsignmentEmitted,
  type ConsignmentEvent,
  type ConsignmentInput,
  type EventOf,
  type VerdictEvent,
} from './consignment.types.js';

export * from './consignment.types.js';

/** The one narrowing of the machine: the event of the type the transition that runs an action names. */
const ev = <T extends ConsignmentEvent['type']>(e: ConsignmentEvent, _t: T) => e as EventOf<T>;
/** An officer's verdict (REVIEWED, IMAGE_DONE, INSPECTED, RECHECKED). */
const suspects = (e: ConsignmentEvent): boolean => (e as VerdictEvent).suspect;

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
    // the journey's end (exited or seized): one line with everything reports need
    close: emit(({ context, event }) => closedRecord(context, event)),
  },
  guards: {
    // the channel of the risk decision
    channelRed: ({ context }) => context.channel === CH_RED,
    channelOrange: ({ context }) => context.channel === CH_ORANGE,
    channelYellow: ({ context }) => context.channel === CH_YELLOW,
    officerSuspects: ({ event }) => suspects(event),
    // a physical inspection finds only what is there
    inspectionFindsViolation: ({ context, event }) => context.info.violation !== V_NONE && suspects(event),
    // supervision/green-recheck.ts: one catch per consignment
    recheckFindsViolation: ({ context, event }) => recheckFinds(suspects(event), context.info.violation, context.caught !== CAUGHT_NONE),
    goodsSeized: ({ context }) => context.seized,
    truckAtPort: ({ context }) => context.here,
    // a smart lane's weighbridge diverts a truck to a physical inspection once
    weighbridgeDiverts: ({ context, event }) => ev(event, 'GATE_DONE').divert && !context.physicalDone,
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
    RECHECKED: { guard: 'recheckFindsViolation', actions: ['recheckFind', 'announceRecheckFinding'] },
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
        { guard: 'channelRed', target: 'physical' },
        { guard: 'channelOrange', target: 'scan' },
        { guard: 'channelYellow', target: 'review' },
        { target: 'releasing' },
      ],
    },
    review: {
      entry: 'askReview',
      on: {
        REVIEWED: [{ guard: 'officerSuspects', target: 'physical', actions: 'referByReview' }, { target: 'releasing', actions: 'examined' }],
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
            IMAGE_DONE: [{ guard: 'officerSuspects', target: '#consignment.physical', actions: 'referByImage' }, { target: '#consignment.releasing', actions: 'examined' }],
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
              { guard: 'inspectionFindsViolation', target: 'finding', actions: ['find', 'announceFinding'] },
              { target: '#consignment.releasing', actions: 'clearPhysical' },
            ],
          },
        },
        finding: {
          always: [{ guard: 'goodsSeized', target: '#consignment.seized' }, { target: '#consignment.correcting' }],
        },
      },
    },
    correcting: {
      entry: 'askCorrection',
      on: { CORRECTED: 'releasing' },
    },
    releasing: {
      entry: ['release', 'announceRelease'],
      always: { guard: 'truckAtPort', target: 'gateQueue' },
      on: { ARRIVED: { target: 'gateQueue', actions: ['arrive', 'announceArrival'] } },
    },
    gateQueue: {
      entry: 'askLane',
      on: { LANE: { target: 'atGate', actions: 'takeLane' } },
    },
    atGate: {
      on: {
        GATE_DONE: [
          { guard: 'weighbridgeDiverts', target: 'physical', actions: 'referByGate' },
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
