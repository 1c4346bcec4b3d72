/**
 * Corners of XState's behaviour where a first version of the compiled executor differed (found by
 * review and fuzzing): each case runs on both executors and must agree.
 */
import { describe, expect, it } from 'vitest';
import { assign, emit, setup, type AnyStateMachine } from 'xstate';
import { Simulation } from '../../sim/engine/simulation.js';
import { compileMachine, UnsupportedMachineError } from '../../sim/engine/compile.js';

function both(machine: AnyStateMachine, drive: (sim: Simulation, trace: string[]) => unknown) {
  return (['compiled', 'xstate'] as const).map((engine) => {
    const trace: string[] = [];
    const sim = new Simulation({ seed: 1, engine, sink: (t, id, ev) => trace.push(`emit ${ev.type}`) });
    let result: unknown;
    try {
      result = drive(sim, trace);
    } catch (err) {
      result = `threw: ${(err as Error).message}`;
    }
    return { trace, result };
  });
}

describe('edge semantics agree on both executors', () => {
  it('initial step: custom actions run before the emits, as at XState actor start', () => {
    let current: string[] = [];
    const m = setup({ actions: { note: () => current.push('note') } }).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { entry: [emit({ type: 'X' }), 'note'] } },
    });
    const [c, x] = both(m, (sim, trace) => {
      current = trace;
      sim.spawn(m, 'e');
    });
    expect(c.trace).toEqual(['note', 'emit X']);
    expect(x.trace).toEqual(c.trace);
  });

  it('a custom action that throws in the initial step: no emits, a located error', () => {
    const m = setup({ actions: { boom: () => { throw new Error('bad entry'); } } }).createMachine({
      id: 'm',
      initial: 'a',
      states: { a: { entry: [emit({ type: 'X' }), 'boom'] } },
    });
    const [c, x] = both(m, (sim) => sim.spawn(m, 'e'));
    expect(c.trace).toEqual([]);
    expect(x.trace).toEqual([]);
    expect(String(c.result)).toMatch(/m 'e' in state '\(initial\)'.*bad entry/);
    expect(String(x.result)).toMatch(/bad entry/);
  });

  it("the context factory's result is copied: a class instance becomes a plain object", () => {
    class Ctx {
      constructor(public n: number) {}
      get big() {
        return this.n > 5;
      }
    }
    const m = setup({}).createMachine({
      id: 'm',
      context: () => new Ctx(10) as unknown as { n: number; big?: boolean },
      initial: 'a',
      states: { a: { on: { GO: [{ guard: ({ context }) => context.big === true, target: 'big' }, { target: 'small' }] } }, big: {}, small: {} },
    });
    const [c, x] = both(m, (sim) => {
      const e = sim.spawn(m, 'e');
      sim.send(e, { type: 'GO' });
      sim.run();
      return sim.snapshot(e).value;
    });
    expect(c.result).toBe('small');
    expect(x.result).toBe('small');
  });

  it('an exception in a world handler stops the run on both executors', () => {
    const m = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: { actions: emit({ type: 'boom' }) } } } } });
    const [c, x] = both(m, (sim) => {
      sim.on('boom', () => {
        throw new Error('handler bug');
      });
      const e = sim.spawn(m, 'e');
      sim.send(e, { type: 'GO' });
      sim.run();
      return 'finished';
    });
    expect(c.result).toBe('threw: handler bug');
    expect(x.result).toBe('threw: handler bug');
  });

  it('assign with a function keeps working after a class-instance context', () => {
    const m = setup({}).createMachine({
      id: 'm',
      context: { n: 1 },
      initial: 'a',
      states: { a: { on: { INC: { actions: assign(({ context }) => ({ n: context.n + 1 })) } } } },
    });
    const [c, x] = both(m, (sim) => {
      const e = sim.spawn(m, 'e');
      sim.send(e, { type: 'INC' });
      sim.send(e, { type: 'INC' });
      sim.run();
      return sim.snapshot(e).context;
    });
    expect(c.result).toEqual({ n: 3 });
    expect(x.result).toEqual({ n: 3 });
  });
});

describe('the world may not break the engine', () => {
  it("refuses to send XState's own event types", () => {
    const m = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: {} } });
    const sim = new Simulation({ seed: 1 });
    const e = sim.spawn(m, 'e');
    expect(() => sim.send(e, { type: 'xstate.init' })).toThrow(/XState's own event types/);
    expect(() => sim.sendAfter(1, e, { type: 'xstate.stop' })).toThrow(/XState's own event types/);
  });
  it('refuses negative delays, so the clock never goes back', () => {
    const m = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: {} } });
    const sim = new Simulation({ seed: 1 });
    const e = sim.spawn(m, 'e');
    expect(() => sim.sendAfter(-5, e, { type: 'GO' })).toThrow(/delay must be >= 0/);
    expect(() => sim.schedule(-1, () => {}, undefined)).toThrow(/delay must be >= 0/);
  });
  it('a machine without states is refused by the compiler', () => {
    expect(() => compileMachine(setup({}).createMachine({ id: 'empty' }))).toThrow(UnsupportedMachineError);
  });
});
