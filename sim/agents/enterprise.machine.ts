/**
 * An enterprise: lodges its declarations, takes notice of holds (an inspection notice: it has the
 * container moved for the officers), and answers for what inspections find. Its credit class
 * moves with its record, as China Customs' credit management has it: a revenue finding costs an
 * AEO its certification (down to general credit), a seizure makes any enterprise dishonest. The
 * risk engine reads the current class, so an enterprise caught once is targeted harder after.
 * A clean post-clearance audit certifies a general-credit enterprise (general AEO); a dishonest
 * one stays dishonest for the run (the rules keep it there for a year at least).
 */
import { assign, emit, setup } from 'xstate';
import { CREDIT_DISHONEST, CREDIT_GENERAL, CREDIT_GENERAL_AEO } from '../supervision/vocabulary.js';

export interface EnterpriseInput {
  index: number;
  /** credit class at the start (index into CREDIT_CLASSES) */
  credit: number;
}
export interface EnterpriseContext {
  index: number;
  credit: number;
  findings: number;
  seizures: number;
  /** inspection notices received */
  holds: number;
}
export type EnterpriseEvent =
  /** the declaration for consignment `ref` is ready: ERP generated or typed by hand */
  | { type: 'LODGE'; ref: number }
  /** consignment `ref` is held for inspection: the notice has reached the enterprise */
  | { type: 'HOLD'; ref: number }
  /** an inspection found a violation in one of its consignments */
  | { type: 'FINDING'; seizure: boolean }
  /** an audit found its records clean: a general-credit enterprise is certified */
  | { type: 'CLEARED' };

export type EnterpriseEmitted =
  | { type: 'enterprise.lodged'; enterprise: number; ref: number }
  /** the enterprise has the held container moved to the scanner or the inspection area */
  | { type: 'enterprise.hold_noticed'; enterprise: number; ref: number }
  | { type: 'enterprise.credit_changed'; enterprise: number; credit: number };

export const enterpriseMachine = setup({
  types: {
    context: {} as EnterpriseContext,
    input: {} as EnterpriseInput,
    events: {} as EnterpriseEvent,
    emitted: {} as EnterpriseEmitted,
  },
  actions: {
    lodge: emit(({ context, event }) => ({ type: 'enterprise.lodged' as const, enterprise: context.index, ref: (event as { ref: number }).ref })),
    countHold: assign(({ context }) => ({ holds: context.holds + 1 })),
    arrangeMove: emit(({ context, event }) => ({ type: 'enterprise.hold_noticed' as const, enterprise: context.index, ref: (event as { ref: number }).ref })),
    countFinding: assign(({ context, event }) => {
      const seizure = (event as { seizure: boolean }).seizure;
      return { findings: context.findings + 1, seizures: context.seizures + (seizure ? 1 : 0) };
    }),
    becomeGeneral: assign({ credit: CREDIT_GENERAL }),
    becomeDishonest: assign({ credit: CREDIT_DISHONEST }),
    becomeCertified: assign({ credit: CREDIT_GENERAL_AEO }),
    announceCredit: emit(({ context }) => ({ type: 'enterprise.credit_changed' as const, enterprise: context.index, credit: context.credit })),
  },
  guards: {
    isAeo: ({ context }) => context.credit < CREDIT_GENERAL,
    isDishonest: ({ context }) => context.credit === CREDIT_DISHONEST,
    seizure: ({ event }) => (event as { seizure: boolean }).seizure,
  },
}).createMachine({
  id: 'enterprise',
  context: ({ input }) => ({ index: input.index, credit: input.credit, findings: 0, seizures: 0, holds: 0 }),
  initial: 'classify',
  on: {
    LODGE: { actions: 'lodge' },
    HOLD: { actions: ['countHold', 'arrangeMove'] },
  },
  states: {
    classify: {
      always: [{ guard: 'isAeo', target: 'certified' }, { guard: 'isDishonest', target: 'dishonest' }, { target: 'general' }],
    },
    certified: {
      on: {
        FINDING: [
          { guard: 'seizure', target: 'dishonest', actions: ['countFinding', 'becomeDishonest', 'announceCredit'] },
          { target: 'general', actions: ['countFinding', 'becomeGeneral', 'announceCredit'] },
        ],
      },
    },
    general: {
      on: {
        FINDING: [
          { guard: 'seizure', target: 'dishonest', actions: ['countFinding', 'becomeDishonest', 'announceCredit'] },
          { actions: 'countFinding' },
        ],
        CLEARED: { target: 'certified', actions: ['becomeCertified', 'announceCredit'] },
      },
    },
    dishonest: {
      on: { FINDING: { actions: 'countFinding' } },
    },
  },
});
