/**
 * An officer: on and off duty by shift, idle or busy with one task at a time. The officer's skill
 * is in the context: a speed factor (applied by the dispatcher when it sizes the task) and, per
 * violation type, the probability of finding it; entry 0 is the probability of flagging a clean
 * consignment (a false alarm). Whether this officer finds what is there is decided here, from
 * the consignment's own uniform for that check, so the same consignment meets the same luck
 * under every policy and only the officer's skill differs.
 */
import { assign, emit, setup } from 'xstate';

export interface OfficerInput {
  index: number;
  /** index into ROLES */
  role: number;
  /** work time multiplier (< 1 is faster) */
  speed: number;
  /** [false alarm, p(find) for each violation type in VIOLATIONS order from 1] */
  detect: readonly number[];
}

export interface OfficerContext extends OfficerInput {
  onDutySince: number;
  shiftEnd: number;
  busyS: number;
  tasks: number;
  /** current task */
  kind: number;
  ref: number;
  workS: number;
  /** when the current task ends */
  taskEnd: number;
  suspect: boolean;
  /** a shift end arrived while busy: go off duty when the task is done */
  endPending: boolean;
}

export type OfficerEvent =
  | { type: 'SHIFT_START'; at: number; until: number }
  | { type: 'SHIFT_END'; at: number }
  /** `violation` is the hidden truth (0 clean); `u` the consignment's uniform for this check */
  | { type: 'TASK'; at: number; kind: number; ref: number; workS: number; violation: number; u: number };

export type OfficerEmitted =
  | { type: 'officer.task_started'; officer: number; kind: number; ref: number; work_s: number }
  | { type: 'officer.task_done'; officer: number; kind: number; ref: number; suspect: boolean }
  | { type: 'officer.shift_ended'; officer: number; role: number; on_duty_s: number; busy_s: number; tasks: number; overtime_s: number };

export const officerMachine = setup({
  types: {
    context: {} as OfficerContext,
    input: {} as OfficerInput,
    events: {} as OfficerEvent,
    emitted: {} as OfficerEmitted,
  },
  actions: {
    startShift: assign(({ event }) => {
      const e = event as Extract<OfficerEvent, { type: 'SHIFT_START' }>;
      return { onDutySince: e.at, shiftEnd: e.until, busyS: 0, tasks: 0, endPending: false };
    }),
    takeTask: assign(({ context, event }) => {
      const e = event as Extract<OfficerEvent, { type: 'TASK' }>;
      return {
        kind: e.kind,
        ref: e.ref,
        workS: e.workS,
        taskEnd: e.at + e.workS,
        busyS: context.busyS + e.workS,
        tasks: context.tasks + 1,
        suspect: e.u < context.detect[e.violation],
      };
    }),
    markEndPending: assign({ endPending: true }),
    reportStart: emit(({ context }) => ({
      type: 'officer.task_started' as const,
      officer: context.index,
      kind: context.kind,
      ref: context.ref,
      work_s: context.workS,
    })),
    reportTask: emit(({ context }) => ({
      type: 'officer.task_done' as const,
      officer: context.index,
      kind: context.kind,
      ref: context.ref,
      suspect: context.suspect,
    })),
    reportShift: emit(({ context, event }) => {
      const at = event.type === 'SHIFT_END' ? event.at : context.taskEnd;
      return {
        type: 'officer.shift_ended' as const,
        officer: context.index,
        role: context.role,
        on_duty_s: at - context.onDutySince,
        busy_s: context.busyS,
        tasks: context.tasks,
        overtime_s: at > context.shiftEnd ? at - context.shiftEnd : 0,
      };
    }),
  },
  delays: {
    work: ({ context }) => context.workS,
  },
  guards: {
    endPending: ({ context }) => context.endPending,
  },
}).createMachine({
  id: 'officer',
  context: ({ input }) => ({
    index: input.index,
    role: input.role,
    speed: input.speed,
    detect: input.detect,
    onDutySince: 0,
    shiftEnd: 0,
    busyS: 0,
    tasks: 0,
    kind: -1,
    ref: -1,
    workS: 0,
    taskEnd: 0,
    suspect: false,
    endPending: false,
  }),
  initial: 'offDuty',
  states: {
    offDuty: {
      on: { SHIFT_START: { target: 'idle', actions: 'startShift' } },
    },
    idle: {
      on: {
        TASK: { target: 'busy', actions: ['takeTask', 'reportStart'] },
        SHIFT_END: { target: 'offDuty', actions: 'reportShift' },
      },
    },
    busy: {
      after: {
        work: [
          { guard: 'endPending', target: 'offDuty', actions: ['reportTask', 'reportShift'] },
          { target: 'idle', actions: 'reportTask' },
        ],
      },
      on: {
        // the dispatcher gives no task that overruns the shift; this keeps the books right if one does
        SHIFT_END: { actions: 'markEndPending' },
      },
    },
  },
});
