/**
 * The compiled executor must behave exactly like XState's own actors: same state values,
 * contexts, status and output after every step, same emitted events at the same times, and the
 * same use of the event queue (so that whole runs stay identical). Each machine is driven by
 * seeded random sequences of events and clock advances, identically on both executors.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine, EventObject } from 'xstate';
import { Simulation } from '../../sim/engine/simulation.js';
import type { Entity } from '../../sim/engine/executor.js';
import { RngStreams } from '../../sim/kernel/rng.js';
import { fixtureMachines } from './fixture-machines.js';
import { truckMachine } from '../../sim/agents/truck.machine.js';

const machines: Record<string, AnyStateMachine> = { ...fixtureMachines, truck: truckMachine };

/** Event types a machine reacts to, wildcards made concrete, plus one it ignores. */
function alphabet(machine: AnyStateMachine): string[] {
  const types = new Set<string>(['UNKNOWN']);
  const walk = (node: any) => {
    for (const d of node.transitions.keys() as Iterable<string>) {
      if (d.startsWith('xstate.')) continue;
      if (d === '*') types.add('ANYTHING');
      else if (d.endsWith('.*')) types.add(d.slice(0, -1) + 'x');
      else types.add(d);
    }
    for (const k of Object.keys(node.states ?? {})) walk(node.states[k]);
  };
  walk((machine as any).root);
  return [...types].sort();
}

interface Side {
  sim: Simulation;
  entities: Entity[];
  log: string[];
}

function makeSide(engine: 'compiled' | 'xstate', machine: AnyStateMachine, copies: number): Side {
  const log: string[] = [];
  const sim = new Simulation({ seed: 1, engine, sink: (t, id, ev) => log.push(`${t} ${id} ${JSON.stringify(ev)}`) });
  const entities: Entity[] = [];
  // the world answers pings, through the immediate-send path
  sim.on('ping', (e) => sim.send(e, { type: 'PONG' }));
  for (let i = 0; i < copies; i++) {
    const input = machine.id === 'truck' ? { serviceS: 2 + i, arrivedAt: 0 } : { start: i * 5 };
    entities.push(sim.spawn(machine, `${machine.id}-${i}`, input));
  }
  return { sim, entities, log };
}

function observe(s: Side) {
  return {
    now: s.sim.now,
    snapshots: s.entities.map((e) => s.sim.snapshot(e)),
    log: s.log.slice(),
    pushed: s.sim.queue.pushed,
    pending: s.sim.queue.size,
    events: s.sim.events,
  };
}

describe('compiled executor = XState actors (differential)', () => {
  for (const [name, machine] of Object.entries(machines)) {
    it(`${name}: 150 random sequences of 40 steps agree after every step`, () => {
      const events = alphabet(machine);
      expect(events.length).toBeGreaterThan(1);
      const driver = new RngStreams(`differential-${name}`).stream('driver');
      let steps = 0;
      for (let seq = 0; seq < 150; seq++) {
        const a = makeSide('compiled', machine, 3);
        const b = makeSide('xstate', machine, 3);
        expect(observe(a)).toEqual(observe(b));
        for (let k = 0; k < 40; k++) {
          if (driver.next() < 0.7) {
            const who = Math.floor(driver.next() * 3);
            const ev: EventObject & { n: number } = {
              type: events[Math.floor(driver.next() * events.length)],
              n: Math.floor(driver.next() * 6),
            };
            if (machine.id === 'truck' && ev.type === 'LANE_ASSIGNED') Object.assign(ev, { lane: ev.n, at: a.sim.now });
            a.sim.send(a.entities[who], ev);
            b.sim.send(b.entities[who], ev);
            a.sim.run(a.sim.now);
            b.sim.run(b.sim.now);
          } else {
            const dt = [0.5, 1, 2, 3.7, 7][Math.floor(driver.next() * 5)];
            a.sim.run(a.sim.now + dt);
            b.sim.run(b.sim.now + dt);
          }
          steps++;
          const oa = observe(a);
          const ob = observe(b);
          if (JSON.stringify(oa) !== JSON.stringify(ob)) {
            // show the first difference readably
            expect(oa).toEqual(ob);
          }
        }
      }
      expect(steps).toBe(150 * 40);
    });
  }

  it('the sequences reach every state of every fixture machine (the test is not vacuous)', () => {
    for (const [name, machine] of Object.entries(machines)) {
      const seen = new Set<string>();
      const events = alphabet(machine);
      const driver = new RngStreams(`coverage-${name}`).stream('driver');
      for (let seq = 0; seq < 150; seq++) {
        const s = makeSide('compiled', machine, 3);
        for (let k = 0; k < 40; k++) {
          if (driver.next() < 0.7) {
            const ev = { type: events[Math.floor(driver.next() * events.length)], n: Math.floor(driver.next() * 6), lane: 1 };
            s.sim.send(s.entities[Math.floor(driver.next() * 3)], ev);
            s.sim.run(s.sim.now);
          } else s.sim.run(s.sim.now + [0.5, 1, 2, 3.7, 7][Math.floor(driver.next() * 5)]);
          for (const e of s.entities) seen.add(JSON.stringify(s.sim.snapshot(e).value));
        }
      }
      const leaves: string[] = [];
      const walk = (node: any, path: string[]) => {
        const keys = Object.keys(node.states ?? {});
        // a nested final state is left at once through its parent's onDone: never seen at rest
        if (keys.length === 0 && !(node.type === 'final' && node.parent?.parent)) {
          let v: unknown = path[path.length - 1];
          for (let i = path.length - 2; i >= 0; i--) v = { [path[i]]: v };
          leaves.push(JSON.stringify(v));
        }
        for (const k of keys) walk(node.states[k], [...path, k]);
      };
      walk((machine as any).root, []);
      for (const leaf of leaves) expect(seen, `${name} never reached ${leaf}`).toContain(leaf);
    }
  });
});
