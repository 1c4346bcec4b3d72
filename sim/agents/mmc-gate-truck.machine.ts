/**
 * The M/M/c gate's truck (gate-site.ts, `ctwin bench mmc`; the port's trucks are consignments,
 * consignment.machine.ts). A truck's passage through a gate: it arrives and queues, is assigned a lane, is served for its
 * service time, and leaves. The machine is pure: it learns of the world through events
 * (LANE_ASSIGNED) and tells the world through emitted events, which are also the run's event
 * stream. Its service time is an attribute drawn when the truck is created, from the
 * `service.gate` stream, so that every policy run on the same seed sees the same trucks.
 */
import { assign, emit, setup } from 'xstate';

export interface TruckInput {
  /** seconds the gate lane will need for this truck */
  serviceS: number;
  /** simulated time of arrival (s) */
  arrivedAt: number;
}

export interface TruckContext {
  serviceS: number;
  arrivedAt: number;
  /** time the truck reached a lane (s), NaN before */
  startedAt: number;
  /** lane index while at the gate, -1 before */
  lane: number;
}

/** Events carry the time they happened: machines have no clock of their own (same in the twin). */
export type TruckEvent = { type: 'LANE_ASSIGNED'; lane: number; at: number };

/**
 * What a truck tells the world; each becomes a line of the event stream. Later events repeat the
 * earlier timestamps, so a consumer can time a passage from one line without remembering trucks.
 */
export type TruckEmitted =
  | { type: 'truck.arrived' }
  | { type: 'truck.gate_started'; lane: number; arrived_at: number }
  | { type: 'truck.exited'; lane: number; arrived_at: number; started_at: number };

export const truckMachine = setup({
  types: {
    context: {} as TruckContext,
    input: {} as TruckInput,
    events: {} as TruckEvent,
    emitted: {} as TruckEmitted,
  },
  actions: {
    announceArrival: emit({ type: 'truck.arrived' }),
    takeLane: assign(({ event }) => ({ lane: event.lane, startedAt: event.at })),
    announceGateStart: emit(({ context }) => ({ type: 'truck.gate_started' as const, lane: context.lane, arrived_at: context.arrivedAt })),
    announceExit: emit(({ context }) => ({
      type: 'truck.exited' as const,
      lane: context.lane,
      arrived_at: context.arrivedAt,
      started_at: context.startedAt,
    })),
  },
  delays: {
    serviceTime: ({ context }) => context.serviceS,
  },
}).createMachine({
  id: 'truck',
  context: ({ input }) => ({ serviceS: input.serviceS, arrivedAt: input.arrivedAt, startedAt: NaN, lane: -1 }),
  initial: 'queued',
  states: {
    queued: {
      entry: 'announceArrival',
      on: {
        LANE_ASSIGNED: { target: 'atGate', actions: 'takeLane' },
      },
    },
    atGate: {
      entry: 'announceGateStart',
      after: { serviceTime: { target: 'exited' } },
    },
    exited: {
      type: 'final',
      entry: 'announceExit',
    },
  },
});
