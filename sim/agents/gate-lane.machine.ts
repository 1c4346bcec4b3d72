/**
 * A gate lane at the port's exit: a manual booth, where an officer checks papers, seal and plate
 * by eye, or a smart lane (卡口自动核放), which reads the optical plate, the electronic plate, the
 * container number and the seal, weighs the truck, compares all with the declaration and the
 * release, and lifts the barrier: 5.8 s per truck at Tianjin when every device reads cleanly
 * (seed 001). A misread sends the truck to manual handling at the lane; a weight off the
 * declaration by more than the tolerance diverts it to inspection.
 */
import { assign, emit, setup } from 'xstate';

export interface GateLaneInput {
  index: number;
  smart: boolean;
  /** probability that one device read fails */
  misreadRate: number;
  /** relative weight difference that diverts a truck */
  weightTolerance: number;
}

export interface GateLaneContext extends GateLaneInput {
  ref: number;
  passS: number;
  fixS: number;
  misread: boolean;
  divert: boolean;
  passes: number;
}

/**
 * A truck at the lane. `u` are the consignment's uniforms for the four reads (plate, e-plate,
 * container number, seal); `measuredKg` what the weighbridge shows, `declaredKg` the declared gross.
 */
export type GateLaneEvent = {
  type: 'PASS';
  ref: number;
  passS: number;
  fixS: number;
  u0: number;
  u1: number;
  u2: number;
  u3: number;
  measuredKg: number;
  declaredKg: number;
};

export type GateLaneEmitted =
  | { type: 'lane.pass_started'; lane: number; ref: number; smart: boolean }
  | { type: 'lane.passed'; lane: number; ref: number; smart: boolean; misread: boolean; divert: boolean; pass_s: number };

export const gateLaneMachine = setup({
  types: {
    context: {} as GateLaneContext,
    input: {} as GateLaneInput,
    events: {} as GateLaneEvent,
    emitted: {} as GateLaneEmitted,
  },
  actions: {
    admit: assign(({ context, event }) => {
      const r = context.misreadRate;
      const smart = context.smart;
      return {
        ref: event.ref,
        passS: event.passS,
        fixS: event.fixS,
        misread: smart && (event.u0 < r || event.u1 < r || event.u2 < r || event.u3 < r),
        divert: smart && Math.abs(event.measuredKg - event.declaredKg) > context.weightTolerance * event.declaredKg,
        passes: context.passes + 1,
      };
    }),
    announce: emit(({ context }) => ({ type: 'lane.pass_started' as const, lane: context.index, ref: context.ref, smart: context.smart })),
    report: emit(({ context }) => ({
      type: 'lane.passed' as const,
      lane: context.index,
      ref: context.ref,
      smart: context.smart,
      misread: context.misread,
      divert: context.divert,
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
  context: ({ input }) => ({ ...input, ref: -1, passS: 0, fixS: 0, misread: false, divert: false, passes: 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: { PASS: { target: 'reading', actions: ['admit', 'announce'] } },
    },
    /** devices read (smart) or the officer checks papers (manual) */
    reading: {
      after: {
        pass: [{ guard: 'misread', target: 'manualHandling' }, { target: 'idle', actions: 'report' }],
      },
    },
    /** an officer resolves a misread at the lane */
    manualHandling: {
      after: { fix: { target: 'idle', actions: 'report' } },
    },
  },
});
