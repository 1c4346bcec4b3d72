import { describe, expect, it } from 'vitest';
import { Priority } from '../../sim/kernel/scheduler.js';
import { Resource, type ResourceOptions } from '../../sim/kernel/resource.js';
import { TestScheduler } from './helpers.js';

const H = 3600;

/** A resource whose grants are logged as [token, server, time]. */
function setup<T = string>(opts: Partial<ResourceOptions> & { capacity: number }, start = 0) {
  const sched = new TestScheduler();
  sched.now = start;
  const res = new Resource<T>(sched, { name: 'gate', ...opts });
  const log: [T, number, number][] = [];
  const server = new Map<T, number>();
  const onGrant = (t: T, s: number) => {
    log.push([t, s, sched.now]);
    server.set(t, s);
  };
  const request = (t: T, priority?: number) => res.request(t, onGrant, priority);
  const release = (t: T) => res.release(server.get(t)!);
  return { sched, res, log, request, release };
}

describe('Resource: granting', () => {
  it('grants synchronously inside request when a server is free', () => {
    const { res, log, request } = setup({ capacity: 2 });
    request('a');
    expect(log).toEqual([['a', 0, 0]]);
    request('b');
    request('c');
    expect(log.map((l) => l[0])).toEqual(['a', 'b']);
    expect(res.waiting).toBe(1);
    expect(res.busy).toBe(2);
  });

  it('serves the queue first in first out, each grant inside the release that frees a server', () => {
    const { sched, res, log, request, release } = setup({ capacity: 1 });
    for (const t of ['a', 'b', 'c', 'd', 'e']) request(t);
    for (const [i, t] of ['a', 'b', 'c', 'd'].entries()) {
      sched.at((i + 1) * 10, () => {
        release(t);
        // the next one was granted inside release(), at this instant
        expect(log[log.length - 1][2]).toBe(sched.now);
      });
    }
    sched.run();
    expect(log.map((l) => l[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(log.map((l) => l[2])).toEqual([0, 10, 20, 30, 40]);
    expect(res.waits.toJSON().mean).toBe(20);
    expect(res.grants).toBe(5);
    expect(res.requests).toBe(5);
  });

  it('serves by priority (lower first), ties in arrival order', () => {
    const { log, request, release } = setup({ capacity: 1, discipline: 'priority' });
    request('busy');
    const reqs: [string, number][] = [
      ['a', 5],
      ['b', 1],
      ['c', 5],
      ['d', 1],
      ['e', 3],
      ['f', 1],
      ['g', -2],
      ['h', 3],
    ];
    for (const [t, p] of reqs) request(t, p);
    let prev = 'busy';
    for (let i = 0; i < reqs.length; i++) {
      release(prev);
      prev = log[log.length - 1][0];
    }
    expect(log.map((l) => l[0])).toEqual(['busy', 'g', 'b', 'd', 'f', 'e', 'h', 'a', 'c']);
  });

  it('keeps FIFO order under a large queue, interleaved with arrivals (ring buffer wrap and growth)', () => {
    const { log, request, release, res } = setup<number>({ capacity: 3 });
    let next = 0;
    for (let i = 0; i < 100; i++) request(next++);
    for (let i = 0; i < 5000; i++) {
      release(log[i][0]);
      request(next++);
      if (i % 7 === 0) request(next++);
    }
    const order = log.map((l) => l[0]);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.length).toBe(res.grants);
  });

  it('hands the released server to the head of the queue and otherwise uses the lowest free one', () => {
    const { log, request, release } = setup({ capacity: 3 });
    request('a');
    request('b');
    request('c');
    expect(log.map((l) => l[1])).toEqual([0, 1, 2]);
    request('d');
    release('b');
    expect(log[3]).toEqual(['d', 1, 0]);
    release('a');
    release('c');
    request('e');
    expect(log[4][1]).toBe(0);
  });

  it('refuses to release a server that is not busy', () => {
    const { res } = setup({ capacity: 2 });
    expect(() => res.release(0)).toThrow('Resource gate: release of server 0, which is not busy');
    expect(() => res.release(7)).toThrow(/not busy/);
  });

  it('handles callbacks that release at once without recursing (100k zero-length services)', () => {
    const sched = new TestScheduler();
    const res = new Resource<number>(sched, { name: 'z', capacity: 1 });
    const order: number[] = [];
    const holdThenRelease = (t: number, s: number) => {
      order.push(t);
      if (t > 0) res.release(s); // token 0 holds the server until we release it below
    };
    res.request(0, holdThenRelease);
    for (let i = 1; i <= 100_000; i++) res.request(i, holdThenRelease);
    expect(res.waiting).toBe(100_000);
    res.release(0);
    expect(order.length).toBe(100_001);
    expect(order.every((t, i) => t === i)).toBe(true);
    expect(res.busy).toBe(0);
  });

  it('lets a grant callback request again (the new request queues behind earlier ones)', () => {
    const sched = new TestScheduler();
    const res = new Resource<string>(sched, { name: 'r', capacity: 1 });
    const order: string[] = [];
    const cb = (t: string, s: number) => {
      order.push(t);
      if (t === 'b') res.request('b2', cb);
      sched.schedule(1, () => res.release(s), null);
    };
    res.request('a', cb);
    res.request('b', cb);
    res.request('c', cb);
    sched.run();
    expect(order).toEqual(['a', 'b', 'c', 'b2']);
  });
});

describe('Resource: capacity changes and shift calendar', () => {
  it('grants waiting requests when capacity rises, and never preempts when it falls', () => {
    const { sched, res, log, request, release } = setup({ capacity: 1, calendar: [{ from: '08:00', to: '12:00', capacity: 3 }] });
    sched.at(7 * H, () => ['A', 'B', 'C', 'D', 'E'].forEach((t) => request(t)));
    sched.at(9 * H, () => release('A'));
    const busyAt: Record<number, number> = {};
    sched.at(12 * H, () => (busyAt[12] = res.busy), undefined, Priority.normal);
    sched.at(13 * H, () => release('B'));
    sched.at(14 * H, () => release('C'));
    sched.at(15 * H, () => release('D'));
    sched.run(20 * H);
    expect(log).toEqual([
      ['A', 0, 7 * H],
      ['B', 1, 8 * H], // capacity 1 → 3 at 08:00
      ['C', 2, 8 * H],
      ['D', 0, 9 * H],
      ['E', 0, 15 * H], // capacity back to 1 at 12:00, but B, C, D finish their service first
    ]);
    expect(busyAt[12]).toBe(3);
    expect(res.capacity).toBe(1);
    expect(res.waits.toJSON().max).toBe(8 * H);
  });

  it('computes utilisation as busy time over capacity time (hand-computed schedule)', () => {
    // capacity 2, 4 from 06:00 to 18:00: ∫capacity over a day = 2·6 + 4·12 + 2·6 = 72 server-hours
    const { sched, res, request, release } = setup({ capacity: 2, calendar: [{ from: '06:00', to: '18:00', capacity: 4 }] });
    request('j1'); // 00:00–10:00
    sched.at(5 * H, () => request('j2')); // 05:00–20:00
    sched.at(6 * H, () => (request('j3'), request('j4'))); // 06:00–08:00 (the shift starts first)
    sched.at(8 * H, () => (release('j3'), release('j4')));
    sched.at(10 * H, () => release('j1'));
    sched.at(20 * H, () => release('j2'));
    sched.run(24 * H);
    // busy: 10 + 15 + 2 + 2 = 29 server-hours
    expect(res.utilisation()).toBeCloseTo(29 / 72, 12);
    const r = res.report();
    expect(r.meanBusy).toBeCloseTo(29 / 24, 12);
    expect(r.meanCapacity).toBeCloseTo(3, 12);
    expect(r.wait.max).toBe(0);
    expect(r.wait.n).toBe(4);
    expect(r.meanQueue).toBe(0);
  });

  it('integrates the queue length over time', () => {
    const { sched, res, request, release } = setup({ capacity: 1 });
    request('a'); // holds [0, 30)
    sched.at(10, () => request('b')); // waits [10, 30), then holds [30, 40)
    sched.at(20, () => request('c')); // waits [20, 40)
    sched.at(30, () => release('a'));
    sched.at(40, () => release('b'));
    sched.run(50);
    // queue: 0 on [0,10), 1 on [10,20), 2 on [20,30), 1 on [30,40), 0 on [40,50)
    expect(res.queueLength.mean(50)).toBeCloseTo(40 / 50, 12);
    expect(res.queueLength.max).toBe(2);
    expect(res.waits.toJSON().mean).toBeCloseTo((0 + 20 + 20) / 3, 12);
  });

  it('repeats daily, wraps midnight and allows a zero-capacity night', () => {
    const { sched, res } = setup({ capacity: 2, calendar: [{ from: '22:00', to: '06:00', capacity: 0 }] });
    const seen: [number, number][] = [];
    for (const h of [0, 5.99, 6, 12, 21.99, 22, 23.5, 24, 30, 46, 54]) sched.at(h * H, () => seen.push([h, res.capacity]));
    sched.run(60 * H);
    expect(seen).toEqual([
      [0, 0],
      [5.99, 0],
      [6, 2],
      [12, 2],
      [21.99, 2],
      [22, 0],
      [23.5, 0],
      [24, 0],
      [30, 2],
      [46, 0],
      [54, 2],
    ]);
    expect(res.utilisation(24 * H)).toBe(0);
  });

  it('starts mid-day with the capacity of the current window', () => {
    const { sched, res } = setup({ capacity: 1, calendar: [{ from: '06:00', to: '14:00', capacity: 4 }, { from: '14:00', to: '22:00', capacity: 3 }] }, 10 * H);
    expect(res.capacity).toBe(4);
    sched.run(15 * H);
    expect(res.capacity).toBe(3);
    sched.run(23 * H);
    expect(res.capacity).toBe(1);
    sched.run(30 * H);
    expect(res.capacity).toBe(4);
  });

  it('dispose stops the calendar timer', () => {
    const { sched, res } = setup({ capacity: 1, calendar: [{ from: '06:00', to: '14:00', capacity: 4 }] });
    expect(sched.queue.size).toBe(1);
    res.dispose();
    expect(sched.queue.size).toBe(0);
  });

  it('setCapacity to 0 keeps services running and queues new requests', () => {
    const { res, log, request, release } = setup({ capacity: 2 });
    request('a');
    request('b');
    res.setCapacity(0);
    request('c');
    release('a');
    release('b');
    expect(log.map((l) => l[0])).toEqual(['a', 'b']);
    res.setCapacity(1);
    expect(log.map((l) => l[0])).toEqual(['a', 'b', 'c']);
    expect(log[2][1]).toBe(0);
  });

  it('rejects bad calendars and capacities with the offending entry named', () => {
    const sched = new TestScheduler();
    const mk = (o: Partial<ResourceOptions>) => () => new Resource(sched, { name: 'lane', capacity: 1, ...o });
    expect(mk({ capacity: -1 })).toThrow('Resource lane: capacity must be an integer >= 0, got -1');
    expect(mk({ capacity: 1.5 })).toThrow(/integer/);
    expect(mk({ calendar: [{ from: '25:00', to: '26:00', capacity: 1 }] })).toThrow(/calendar\[0\]\.from must be a time of day/);
    expect(mk({ calendar: [{ from: '06:00', to: '6pm', capacity: 1 }] })).toThrow(/calendar\[0\]\.to/);
    expect(mk({ calendar: [{ from: '06:00', to: '06:00', capacity: 1 }] })).toThrow(/empty/);
    expect(
      mk({
        calendar: [
          { from: '06:00', to: '14:00', capacity: 1 },
          { from: '13:00', to: '20:00', capacity: 2 },
        ],
      }),
    ).toThrow('Resource lane: calendar[0] and calendar[1] overlap');
    expect(mk({ discipline: 'lifo' as 'fifo' })).toThrow(/discipline/);
  });
});

describe('Resource: statistics', () => {
  it('resetStats deletes the warm-up and keeps the state', () => {
    const { sched, res, request, release } = setup({ capacity: 1 });
    request('a');
    sched.at(5, () => request('b'));
    sched.at(10, () => release('a'));
    sched.at(10, () => res.resetStats(), undefined, Priority.normal + 1);
    sched.at(20, () => release('b'));
    sched.run(30);
    expect(res.grants).toBe(0);
    expect(res.waits.n).toBe(0);
    expect(res.utilisation()).toBeCloseTo(10 / 20, 12);
  });
});
