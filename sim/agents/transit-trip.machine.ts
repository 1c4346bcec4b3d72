/**
 * One trip under customs seal (GPS e-seal), from the place it was sealed to the place the seal is
 * checked. The world drives the truck along its route and feeds its positions to the corridor
 * monitor; this machine holds what customs knows of the trip: under way, alerted, stopped by an
 * interception team, arrived or seized. `smuggling` is hidden truth, carried for the reports.
 */
import { assign, emit, setup } from 'xstate';
import type { TransitAlertKind } from '../supervision/transit-monitor.js';

export interface TransitTripInput {
  consignment: string;
  from: string;
  to: string;
  km: number;
  plannedS: number;
  /** hidden truth: 'none' or the kind of smuggling the crew will attempt */
  smuggling: string;
}
export interface TransitTripContext extends TransitTripInput {
  alerts: number;
  departedAt: number;
}
export type TransitTripEvent =
  | { type: 'DEPART'; at: number }
  | { type: 'ALERT'; kind: TransitAlertKind; lat: number; lon: number; true_alert: boolean }
  | { type: 'INTERCEPT'; team: number }
  | { type: 'CLEAR' }
  | { type: 'SEIZE'; where: 'transit' | 'arrival' }
  | { type: 'ARRIVE'; at: number };
export type TransitTripEmitted =
  | { type: 'transit.departed'; consignment: string; from: string; to: string; km: number; planned_s: number; smuggling: string }
  | { type: 'transit.alert'; consignment: string; kind: TransitAlertKind; lat: number; lon: number; true_alert: boolean }
  | { type: 'transit.intercepted'; consignment: string; team: number }
  | { type: 'transit.cleared'; consignment: string }
  | { type: 'transit.arrived'; consignment: string; trip_s: number; alerts: number }
  | { type: 'transit.seized'; consignment: string; where: 'transit' | 'arrival'; smuggling: string };

export const transitTripMachine = setup({
  types: {
    context: {} as TransitTripContext,
    input: {} as TransitTripInput,
    events: {} as TransitTripEvent,
    emitted: {} as TransitTripEmitted,
  },
  actions: {
    markDeparture: assign({ departedAt: ({ event }) => (event.type === 'DEPART' ? event.at : 0) }),
    announceDeparture: emit(({ context: c }) => ({
      type: 'transit.departed' as const, consignment: c.consignment, from: c.from, to: c.to, km: c.km, planned_s: c.plannedS, smuggling: c.smuggling,
    })),
    countAlert: assign({ alerts: ({ context }) => context.alerts + 1 }),
    announceAlert: emit(({ context, event }) => {
      const e = event as Extract<TransitTripEvent, { type: 'ALERT' }>;
      return { type: 'transit.alert' as const, consignment: context.consignment, kind: e.kind, lat: e.lat, lon: e.lon, true_alert: e.true_alert };
    }),
    announceInterception: emit(({ context, event }) => ({
      type: 'transit.intercepted' as const, consignment: context.consignment, team: event.type === 'INTERCEPT' ? event.team : -1,
    })),
    announceCleared: emit(({ context }) => ({ type: 'transit.cleared' as const, consignment: context.consignment })),
    announceArrival: emit(({ context, event }) => ({
      type: 'transit.arrived' as const, consignment: context.consignment, trip_s: (event.type === 'ARRIVE' ? event.at : 0) - context.departedAt, alerts: context.alerts,
    })),
    announceSeizure: emit(({ context, event }) => ({
      type: 'transit.seized' as const, consignment: context.consignment, where: event.type === 'SEIZE' ? event.where : 'transit', smuggling: context.smuggling,
    })),
  },
}).createMachine({
  id: 'transitTrip',
  context: ({ input }) => ({ ...input, alerts: 0, departedAt: 0 }),
  initial: 'sealed',
  states: {
    sealed: {
      on: { DEPART: { target: 'en_route', actions: ['markDeparture', 'announceDeparture'] } },
    },
    en_route: {
      on: {
        ALERT: { actions: ['countAlert', 'announceAlert'] },
        INTERCEPT: { target: 'held', actions: 'announceInterception' },
        ARRIVE: { target: 'arrived', actions: 'announceArrival' },
      },
    },
    held: {
      on: {
        ALERT: { actions: ['countAlert', 'announceAlert'] },
        CLEAR: { target: 'en_route', actions: 'announceCleared' },
        SEIZE: { target: 'seized', actions: 'announceSeizure' },
      },
    },
    arrived: {
      on: { SEIZE: { target: 'seized', actions: 'announceSeizure' } },
    },
    seized: { type: 'final' },
  },
});
