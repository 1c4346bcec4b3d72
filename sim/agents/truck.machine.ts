/**
 * A truck's passage through a gate: it arrives and queues, is assigned a lane, is served for its
 * service time, and leaves. The machine is pure: it learns of the world through events
 * (LANE_ASSIGNED) and tells the world through emitted events, which are also the run's event
 * stream. Its service time is an attribute drawn when the truck is created, from the
 * `service.gate` stream, so that every policy run on the same seed sees the same trucks.
 */
import { assign, emit, setup } from 'xstate';

export interface TruckInput {
  /** seconds the gate lane will need for this truck */
  serviceS: number;
}

export interface TruckContext {
  serviceS: number;
  /** lane index while at the gate, -1 before */
  lane: number;
}

export type TruckEvent = { type: 'LANE_ASSIGNED'; lane: number };

/** What a truck tells the world; each becomes a line of the event stream. */
export type TruckEmitted =
  | { type: 'truck.arrived' }
  | { type: 'truck.gate_started'; lane: number }
  | { type: 'truck.exited'; lane: number };

export const truckMachine = setup({
  types: {
    context: {} as TruckContext,
    input: {} as TruckInput,
    events: {} as TruckEvent,
    emitted: {} as TruckEmitted,
  },
  actions: {
    announceArrival: emit({ type: 'truck.arrived' }),
    takeLane: assign({ lane: ({ event }) => event.lane }),
    announceGateStart: emit(({ context }) => ({ type: 'truck.gate_started' as const, lane: context.lane })),
    announceExit: emit(({ context }) => ({ type: 'truck.exited' as const, lane: context.lane })),
  },
  delays: {
    serviceTime: ({ context }) => context.serviceS,
  },
}).createMachine({
  id: 'truck',
  context: ({ input }) => ({ serviceS: input.serviceS, lane: -1 }),
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
