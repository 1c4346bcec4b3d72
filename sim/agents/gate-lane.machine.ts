/**
 * A gate lane at the port's exit: a manual booth, where an officer checks papers, seal and plate
 * by eye, or a smart lane (卡口自动核放), which reads the optical plate, the electronic plate, the
 * container number and the seal, weighs the truck, compares all with the declaration and the
 * release, and lifts the barrier: 5.8 s per truck at Tianjin when every device reads cleanly
 * (seed 001). The lane's devices and customs' check of what they read live outside the machine
 * (hardware-emu/smart-lane.ts, sim/supervision/gate-check.ts); the machine gets the verdict: a
 * misread holds the truck for manual handling at the lane, a weight off the declaration by more
 * than the tolerance diverts it to inspection.
 */
import { assign, emit, setup } from 'xstate';

export interface GateLaneInput {
  index: number;
  smart: boolean;
}

/** The truck at the lane and customs' verdict on it. */
export interface LanePass {
  ref: number;
  passS: number;
  fixS: number;
  misread: boolean;
  divert: boolean;
  /** what held the truck ('' when released) */
  hold: string;
}

export interface GateLaneContext extends GateLaneInput, LanePass {
  passes: number;
}

/**
 * A truck at the lane, with customs' verdict on what the smart lane's devices read (see
 * sim/supervision/gate-check.ts; a manual lane's officer checks by eye: no misread, no divert).
 */
export type GateLaneEvent =
  | ({ type: 'PASS' } & LanePass)
  /**
   * The truck was seen to leave before the modelled pass time was up (the live twin: the lane's
   * next truck is already on the deck). The simulation never sends it: its pass times are the truth.
   */
  | { type: 'LEFT' };

export type GateLaneEmitted =
  | { type: 'lane.pass_started'; lane: number; ref: number; smart: boolean }
  | { type: 'lane.passed'; lane: number; ref: number; smart: boolean; misread: boolean; divert: boolean; hold: string; pass_s: number };

export const gateLaneMachine = setup({
  types: {
    context: {} as GateLaneContext,
    input: {} as GateLaneInput,
    events: {} as GateLaneEvent,
    emitted: {} as GateLaneEmitted,
  },
  actions: {
    admit: assign(({ context, event }) => (event.type !== 'PASS' ? {} : {
      ref: event.ref,
      passS: event.passS,
      fixS: event.fixS,
      misread: event.misread,
      divert: event.divert,
      hold: event.hold,
      passes: context.passes + 1,
    })),
    announce: emit(({ context }) => ({ type: 'lane.pass_started' as const, lane: context.index, ref: context.ref, smart: context.smart })),
    report: emit(({ context }) => ({
      type: 'lane.passed' as const,
      lane: context.index,
      ref: context.ref,
      smart: context.smart,
      misread: context.misread,
      divert: context.divert,
      hold: context.hold,
      pass_s: context.misread ? context.passS + context.fixS : context.passS,
    })),
  },
  guards: {
    misread: ({ context }) => context.misread,
  },
  delays: {
    pass: ({ context }) => context.passS,
    fix: ({ context }) => context.fixS,
  },
}).createMachine({
  id: 'gateLane',
  context: ({ input }) => ({ ...input, ref: -1, passS: 0, fixS: 0, misread: false, divert: false, hold: '', passes: 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: { PASS: { target: 'reading', actions: ['admit', 'announce'] } },
    },
    /** devices read (smart) or the officer checks papers (manual) */
    reading: {
      on: { LEFT: { target: 'idle', actions: 'report' } },
      after: {
        pass: [{ guard: 'misread', target: 'manualHandling' }, { target: 'idle', actions: 'report' }],
      },
    },
    /** an officer resolves a misread at the lane */
    manualHandling: {
      on: { LEFT: { target: 'idle', actions: 'report' } },
      after: { fix: { target: 'idle', actions: 'report' } },
    },
  },
});
