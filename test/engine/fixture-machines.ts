/**
 * Machines that exercise every XState feature the compiled executor claims to support, for the
 * differential tests. Events carry a small integer `n` so guards and assigns depend on data.
 */
import { and, assign, cancel, emit, not, or, raise, setup, type AnyStateMachine } from 'xstate';

type Ev = { type: string; n?: number };

/** Nested states, entry/exit order, guards (named, params, and/or/not), targetless, reenter. */
export const nestedMachine = setup({
  types: { context: {} as { log: string[]; count: number; total: number }, events: {} as Ev },
  actions: {
    track: assign({ log: ({ context }, p: { tag: string }) => [...context.log, p.tag].slice(-12) }),
    add: assign(({ context, event }) => ({ total: context.total + (event.n ?? 0) })),
    bump: assign({ count: ({ context }) => context.count + 1 }),
    shout: emit(({ context, event }) => ({ type: 'shout', count: context.count, got: event.type })),
  },
  guards: {
    isEven: ({ event }) => (event.n ?? 0) % 2 === 0,
    atLeast: ({ event }, p: { min: number }) => (event.n ?? 0) >= p.min,
    countBelow: ({ context }, p: { max: number }) => context.count < p.max,
  },
}).createMachine({
  id: 'nested',
  context: { log: [], count: 0, total: 0 },
  entry: [{ type: 'track', params: { tag: 'root+' } }],
  exit: [{ type: 'track', params: { tag: 'root-' } }],
  initial: 'idle',
  on: {
    RESET: { target: '.idle', actions: [{ type: 'track', params: { tag: 'reset' } }] },
    'stat.*': { actions: ['add', 'shout'] },
  },
  states: {
    idle: {
      entry: [{ type: 'track', params: { tag: 'idle+' } }],
      exit: [{ type: 'track', params: { tag: 'idle-' } }],
      on: {
        GO: [
          { guard: and(['isEven', { type: 'atLeast', params: { min: 2 } }]), target: 'work.fast' },
          { guard: or([not('isEven'), { type: 'countBelow', params: { max: 3 } }]), target: 'work' },
          { actions: 'bump' },
        ],
        POKE: { actions: ['bump', 'shout'] },
      },
    },
    work: {
      entry: [{ type: 'track', params: { tag: 'work+' } }],
      exit: [{ type: 'track', params: { tag: 'work-' } }],
      initial: 'slow',
      on: {
        POKE: { target: 'work', reenter: true, actions: 'bump' },
        SELF: { target: 'work' },
        STOP: '#nested.idle',
        '*': { actions: { type: 'track', params: { tag: 'any' } } },
      },
      states: {
        slow: {
          entry: [{ type: 'track', params: { tag: 'slow+' } }],
          exit: [{ type: 'track', params: { tag: 'slow-' } }],
          on: { GO: { target: 'fast', actions: 'add' }, 'stat.special': { actions: 'bump' } },
        },
        fast: {
          entry: [{ type: 'track', params: { tag: 'fast+' } }, 'shout'],
          exit: [{ type: 'track', params: { tag: 'fast-' } }],
          on: {
            GO: { target: 'slow', guard: 'isEven' },
            POKE: { target: 'fast', reenter: true, actions: 'bump' },
            FINISH: 'finished',
          },
        },
        finished: { type: 'final', output: ({ context }: { context: { count: number } }) => ({ count: context.count }) },
      },
      onDone: { target: 'done', actions: assign({ total: ({ context, event }) => context.total + ((event as { output?: { count: number } }).output?.count ?? 0) }) },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => ({ total: context.total, count: context.count }),
});

/** Timers: numeric and named `after`, delayed raise with id, cancel, re-entry restarting a timer. */
export const timerMachine = setup({
  types: { context: {} as { ticks: number; wait: number; fired: string[] }, events: {} as Ev },
  actions: {
    note: assign({ fired: ({ context, event }) => [...context.fired, event.type].slice(-10) }),
    setWait: assign({ wait: ({ event }) => 1 + (event.n ?? 0) }),
    tick: assign({ ticks: ({ context }) => context.ticks + 1 }),
    armAlarm: raise({ type: 'ALARM' }, { id: 'alarm', delay: 'alarmDelay' }),
    disarm: cancel('alarm'),
    beep: emit(({ context }) => ({ type: 'beep', ticks: context.ticks })),
  },
  delays: {
    patience: ({ context }) => context.wait * 2,
    alarmDelay: ({ context }) => 3 + context.ticks,
  },
}).createMachine({
  id: 'timer',
  context: { ticks: 0, wait: 1, fired: [] },
  initial: 'waiting',
  on: { ALARM: { actions: ['note', 'beep'] } },
  states: {
    waiting: {
      entry: 'armAlarm',
      exit: 'disarm',
      after: {
        5: { target: 'ticking', actions: 'tick' },
        patience: { target: 'bored' },
      },
      on: {
        WAIT: { actions: 'setWait' },
        KICK: { target: 'waiting', reenter: true, actions: 'tick' },
        SKIP: 'ticking',
      },
    },
    ticking: {
      after: { 1: { target: 'ticking', reenter: true, actions: ['tick', 'beep'] } },
      on: {
        STOP: 'waiting',
        RING: { actions: raise({ type: 'ALARM' }) },
        // timers left pending when the machine completes: `done` must cancel them
        KICK: { actions: raise({ type: 'ALARM' }, { delay: 2 }) },
        SNOOZE: { actions: raise({ type: 'SNOOZED' }, { id: 'snooze', delay: 4 }) },
        DISARM: { actions: 'disarm' },
      },
      always: { guard: ({ context }) => context.ticks >= 8, target: 'over' },
    },
    bored: {
      on: { KICK: 'waiting', '*': { actions: 'note' } },
    },
    over: { type: 'final', entry: 'beep' },
  },
});

/** Eventless chains, raised events, ping-pong with the world through emits. */
export const chainMachine = setup({
  types: { context: {} as { n: number; seen: number[]; pongs: number }, events: {} as Ev, input: {} as { start?: number } | undefined },
  actions: {
    inc: assign({ n: ({ context }) => context.n + 1 }),
    record: assign({ seen: ({ context, event }) => [...context.seen, event.n ?? -1].slice(-8) }),
    ping: emit(({ context }) => ({ type: 'ping', n: context.n })),
    pong: assign({ pongs: ({ context }) => context.pongs + 1 }),
    raiseStep: raise(({ context }) => ({ type: 'STEP', n: context.n })),
  },
  guards: {
    small: ({ context }) => context.n % 4 !== 3,
  },
}).createMachine({
  id: 'chain',
  context: ({ input }) => ({ n: input?.start ?? 0, seen: [], pongs: 0 }),
  initial: 'a',
  on: { PONG: { actions: 'pong' } },
  states: {
    a: {
      // targetless and without assign: XState runs it once per macrostep, not forever
      always: { guard: ({ context }) => context.n % 5 === 0, actions: emit({ type: 'hum' }) },
      on: { NEXT: { target: 'b', actions: ['inc', 'raiseStep'] }, PING: { actions: 'ping' } },
    },
    b: {
      always: [{ guard: 'small', target: 'c', actions: 'inc' }],
      on: { STEP: { actions: 'record' }, NEXT: 'a' },
    },
    c: {
      entry: 'ping',
      always: { guard: ({ context }) => context.n > 12, target: 'end' },
      on: { STEP: { actions: 'record' }, NEXT: { target: 'a', actions: ['inc', 'raiseStep', 'raiseStep'] } },
    },
    end: { type: 'final', entry: 'ping' },
  },
});

export const fixtureMachines: Record<string, AnyStateMachine> = {
  nested: nestedMachine,
  timer: timerMachine,
  chain: chainMachine,
};
