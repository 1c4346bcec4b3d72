import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, type QueueEntry } from '../../sim/kernel/event-queue.js';

type Op =
  | { op: 'push'; t: number; p: number }
  | { op: 'cancel'; k: number }
  | { op: 'pop' }
  | { op: 'peek' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // few distinct times and priorities, so ties are frequent
  { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), t: fc.integer({ min: 0, max: 6 }).map((x) => x / 2), p: fc.constantFrom(0, 10, 20) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }) },
  { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'peek' as const }) },
);

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order under arbitrary pushes, cancels and pops (model check)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const q = new EventQueue();
        const handles: QueueEntry[] = [];
        // model: live entries as [t, p, seq]
        let model: [number, number, number][] = [];
        const cmp = (x: [number, number, number], y: [number, number, number]) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
        let seq = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            handles.push(q.push(o.t, o.p, () => {}, seq));
            model.push([o.t, o.p, seq++]);
          } else if (o.op === 'cancel') {
            if (handles.length === 0) continue;
            const h = handles[o.k % handles.length]; // may be live, cancelled or already popped
            q.cancel(h);
            model = model.filter((m) => m[2] !== h.a);
          } else if (o.op === 'pop') {
            const e = q.pop();
            model.sort(cmp);
            const m = model.shift();
            if (m === undefined) {
              if (e !== undefined) return false;
            } else if (e === undefined || e.t !== m[0] || e.p !== m[1] || e.a !== m[2]) return false;
          } else {
            model.sort(cmp);
            if (q.peekTime() !== (model.length ? model[0][0] : Infinity)) return false;
          }
          if (q.size !== model.length) return false;
        }
        // drain: the rest comes out in model order
        model.sort(cmp);
        const rest: number[] = [];
        for (let e = q.pop(); e; e = q.pop()) rest.push(e.a as number);
        return rest.join() === model.map((m) => m[2]).join() && q.size === 0;
      }),
      { numRuns: 500 },
    );
  });

  it('entries() lists live entries in pop order without disturbing the queue', () => {
    const q = new EventQueue();
    const a = q.push(2, 20, () => {}, 'a');
    q.push(1, 20, () => {}, 'b');
    q.push(2, 10, () => {}, 'c');
    q.push(1, 20, () => {}, 'd');
    q.cancel(a);
    expect(q.entries().map((e) => e.a)).toEqual(['b', 'd', 'c']);
    expect(q.size).toBe(3);
    expect(q.pop()!.a).toBe('b');
  });

  it('treats cancelling a fired or cancelled entry as a no-op', () => {
    const q = new EventQueue();
    const e = q.push(1, 0, () => {});
    q.push(2, 0, () => {});
    expect(q.pop()).toBe(e);
    q.cancel(e);
    q.cancel(e);
    expect(q.size).toBe(1);
  });

  it('rejects a NaN time', () => {
    expect(() => new EventQueue().push(NaN, 0, () => {})).toThrow(RangeError);
  });
});

describe('EventQueue.popDue', () => {
  it('pops live entries in order up to the bound, skipping cancelled ones, and leaves later ones', () => {
    const q = new EventQueue();
    const f = () => {};
    const a = q.push(1, 0, f);
    q.push(2, 1, f);
    const c = q.push(2, 0, f);
    q.push(5, 0, f);
    q.push(Infinity, 0, f);
    q.cancel(a);
    expect(q.popDue(2)).toBe(c); // (2, p0) before (2, p1); the cancelled entry at 1 is skipped
    expect(q.popDue(2)!.p).toBe(1);
    expect(q.popDue(4.9)).toBeUndefined();
    expect(q.size).toBe(2);
    expect(q.popDue(Number.MAX_VALUE)!.t).toBe(5);
    expect(q.popDue(Number.MAX_VALUE)).toBeUndefined(); // an entry at infinity is never due
    expect(q.size).toBe(1);
  });
});
