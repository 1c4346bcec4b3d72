/**
 * The compiled executor supports a subset of XState; anything outside it must be refused when the
 * machine is compiled, with a message naming the machine, the place and the feature, never run
 * with different semantics. Errors inside guards and actions must say which entity, state and
 * event they happened in, on both executors.
 */
import { describe, expect, it } from 'vitest';
import { createMachine, fromPromise, log, sendParent, sendTo, setup, spawnChild, enqueueActions, stopChild, assign } from 'xstate';
import { compileMachine, UnsupportedMachineError } from '../../sim/engine/compile.js';
import { Simulation } from '../../sim/engine/simulation.js';
import { MachineRuntimeError } from '../../sim/engine/executor.js';
import { truckMachine } from '../../sim/agents/mmc-gate-truck.machine.js';
import { fixtureMachines } from './fixture-machines.js';

function rejects(machine: Parameters<typeof compileMachine>[0], feature: RegExp) {
  let err: unknown;
  try {
    compileMachine(machine);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UnsupportedMachineError);
  expect((err as Error).message).toMatch(feature);
  expect((err as Error).message).toMatch(/is not supported by the compiled executor/);
}

describe('compiler refuses what it does not support', () => {
  it('parallel states', () => {
    rejects(createMachine({ id: 'p', type: 'parallel', states: { a: {}, b: {} } }), /machine 'p' state 'p': a parallel state/);
  });
  it('history states', () => {
    rejects(createMachine({ id: 'h', initial: 'a', states: { a: {}, hist: { type: 'history' } } }), /state 'h.hist': a history state/);
  });
  it('invoke', () => {
    rejects(
      setup({ actors: { work: fromPromise(async () => 1) } }).createMachine({ id: 'i', initial: 'a', states: { a: { invoke: { src: 'work' } } } }),
      /state 'i.a': invoke/,
    );
  });
  it('sendTo, sendParent, spawnChild, stopChild, enqueueActions, log', () => {
    const mk = (action: any) => createMachine({ id: 'x', initial: 'a', states: { a: { entry: action } } });
    rejects(mk(sendTo('someone', { type: 'E' })), /xstate.sendTo/);
    rejects(mk(sendParent({ type: 'E' })), /xstate.sendTo/);
    rejects(mk(spawnChild(fromPromise(async () => 1))), /xstate.spawnChild/);
    rejects(mk(stopChild('c')), /xstate.stopChild/);
    rejects(mk(enqueueActions(() => {})), /xstate.enqueueActions/);
    rejects(mk(log('hi')), /xstate.log/);
  });
  it('named actions, guards and delays without implementations', () => {
    rejects(createMachine({ id: 'm', initial: 'a', states: { a: { entry: 'nowhere' } } }), /action 'nowhere' without an implementation/);
    rejects(createMachine({ id: 'm', initial: 'a', states: { a: { on: { E: { guard: 'ghost', target: 'a' } } } } }), /guard 'ghost' without an implementation/);
    rejects(createMachine({ id: 'm', initial: 'a', states: { a: { after: { soon: 'b' } }, b: {} } }), /delay 'soon' without an implementation/);
  });
  it('stateIn guards', async () => {
    const { stateIn } = await import('xstate');
    rejects(createMachine({ id: 's', initial: 'a', states: { a: { on: { E: { guard: stateIn('a'), target: 'a' } } } } }), /guard 'stateIn'/);
  });
  it('accepts every machine of the project and every fixture', () => {
    for (const m of [truckMachine, ...Object.values(fixtureMachines)]) expect(() => compileMachine(m)).not.toThrow();
  });
});

describe('errors inside machines are located', () => {
  const brittle = setup({
    types: { events: {} as { type: 'E'; n: number } },
    guards: { fragile: ({ event }) => { if (event.n < 0) throw new Error('negative n'); return true; } },
    actions: { boom: assign(() => { throw new Error('assign exploded'); }) },
  }).createMachine({
    id: 'brittle',
    initial: 'calm',
    states: {
      calm: { on: { E: { guard: 'fragile', target: 'tense' } } },
      tense: { entry: 'boom' },
    },
  });
  for (const engine of ['compiled', 'xstate'] as const) {
    it(`${engine}: names entity, machine, state and event`, () => {
      const sim = new Simulation({ seed: 1, engine });
      const e = sim.spawn(brittle, 'B-1');
      sim.send(e, { type: 'E', n: -1 });
      expect(() => sim.run()).toThrow(MachineRuntimeError);
      const sim2 = new Simulation({ seed: 1, engine });
      const e2 = sim2.spawn(brittle, 'B-2');
      sim2.send(e2, { type: 'E', n: 1 });
      let msg = '';
      try {
        sim2.run();
      } catch (err) {
        msg = (err as Error).message;
      }
      expect(msg).toMatch(/brittle 'B-2' in state '.*calm.*' on event 'E': .*assign exploded/);
    });
  }
  it('an eventless loop that never settles fails instead of hanging', () => {
    const spin = setup({}).createMachine({
      id: 'spin',
      initial: 'a',
      context: { n: 0 },
      states: { a: { always: { actions: assign({ n: ({ context }) => context.n + 1 }) } } },
    });
    const sim = new Simulation({ seed: 1, engine: 'compiled' });
    expect(() => sim.spawn(spin, 'S')).toThrow(/microsteps without settling/);
  });
});
