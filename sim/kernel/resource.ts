import { Priority, type Scheduler, type TimerHandle } from './scheduler.js';
import { Summary, TimeWeighted, type SummaryJSON } from './stats.js';

/**
 * A pool of identical servers (gate lanes, officers, scanners) with a waiting line.
 *
 * Servers are numbered 0..capacity−1. A request is granted synchronously: inside `request()` when
 * a server is free and nobody waits, otherwise inside the `release()` (or capacity increase) that
 * frees one; a released server is handed straight to the head of the line, and otherwise the
 * lowest-numbered free server is used. The callback receives the server number, which the holder
 * passes back to `release()`.
 *
 * Hot path: no closure or object per request. Waiting requests live in parallel arrays (a ring
 * buffer for FIFO, a binary heap for priorities); callers pass a shared callback and a token.
 * Callbacks may re-enter (request or release from inside a grant): grants then run from one loop
 * rather than recursing, so a chain of zero-length services cannot overflow the stack.
 */

export type GrantCallback<T> = (token: T, server: number) => void;

/** Capacity `capacity` from `from` to `to` (HH:MM or HH:MM:SS) every day; may wrap midnight. */
export interface ShiftWindow {
  from: string;
  to: string;
  capacity: number;
}
export type ShiftCalendar = readonly ShiftWindow[];

export interface ResourceOptions {
  name: string;
  /** servers; with a calendar, the capacity outside its windows */
  capacity: number;
  /** 'priority': lower number first, ties in arrival order. Default 'fifo'. */
  discipline?: 'fifo' | 'priority';
  calendar?: ShiftCalendar;
  /** called after every change of capacity (shift start or end, setCapacity), not at construction */
  onCapacityChange?: (capacity: number) => void;
  /**
   * What statistics to keep: 'full' (default: waits with percentiles, time averages), 'moments'
   * (waits without percentiles), or 'none' when the event stream already measures this resource
   * (the counts and the capacity history are kept in every case).
   */
  stats?: 'full' | 'moments' | 'none';
}

export interface ResourceReport {
  name: string;
  capacity: number;
  busy: number;
  queue: number;
  requests: number;
  grants: number;
  meanQueue: number;
  maxQueue: number;
  meanBusy: number;
  meanCapacity: number;
  /** ∫busy dt / ∫capacity dt; can exceed 1 briefly after a capacity cut (no preemption) */
  utilisation: number;
  wait: SummaryJSON;
}

export class Resource<T = unknown> {
  readonly name: string;
  private cap = 0;
  private nBusy = 0;
  private readonly line: WaitingLine<T>;
  /** 1 where the server is serving */
  private serverBusy = new Uint8Array(8);
  /** min-heap of free server numbers below capacity */
  private free = new Int32Array(8);
  private nFree = 0;
  /** server just released, to be given to the head of the line (or −1) */
  private handoff = -1;
  private dispatching = false;

  private readonly shifts: CompiledCalendar | null;
  private shiftIdx = 0;
  private shiftDayStart = 0;
  private shiftTimer: TimerHandle | null = null;
  private readonly onCapacityChange: ((capacity: number) => void) | undefined;
  private readonly keepStats: boolean;

  /** time from request to grant, s */
  readonly waits: Summary;
  readonly queueLength: TimeWeighted;
  readonly busyServers: TimeWeighted;
  readonly capacityOverTime: TimeWeighted;
  requests = 0;
  grants = 0;
  releases = 0;
  /** start of the statistics window (the last resetStats) */
  private statsSince = 0;

  constructor(
    private readonly sched: Scheduler,
    opts: ResourceOptions,
  ) {
    this.name = opts.name;
    checkCapacity(this.name, opts.capacity);
    this.onCapacityChange = undefined; // not during construction
    const stats = opts.stats ?? 'full';
    this.keepStats = stats !== 'none';
    this.waits = new Summary(0.005, { quantiles: stats === 'full' });
    const d = opts.discipline ?? 'fifo';
    if (d !== 'fifo' && d !== 'priority') {
      throw new RangeError(`Resource ${this.name}: discipline must be 'fifo' or 'priority', got ${JSON.stringify(d)}`);
    }
    this.line = d === 'fifo' ? new FifoLine<T>() : new PriorityLine<T>();
    const now = sched.now;
    this.queueLength = new TimeWeighted(now, 0);
    this.busyServers = new TimeWeighted(now, 0);
    this.capacityOverTime = new TimeWeighted(now, 0);
    this.shifts = opts.calendar && opts.calendar.length > 0 ? compileCalendar(this.name, opts.calendar, opts.capacity) : null;
    if (this.shifts === null) {
      this.setCapacity(opts.capacity);
    } else {
      const day = Math.floor(now / DAY);
      this.shiftDayStart = day * DAY;
      this.shiftIdx = segmentAt(this.shifts, now - this.shiftDayStart);
      this.setCapacity(this.shifts.caps[this.shiftIdx]);
      this.scheduleShift();
    }
    this.onCapacityChange = opts.onCapacityChange;
  }

  get capacity(): number {
    return this.cap;
  }
  get busy(): number {
    return this.nBusy;
  }
  get waiting(): number {
    return this.line.size;
  }
  /** servers free to take a request now */
  get available(): number {
    return this.cap > this.nBusy ? this.cap - this.nBusy : 0;
  }

  /**
   * Asks for a server; `onGrant(token, server)` runs when one is assigned (maybe at once, inside
   * this call). `priority` matters only under the 'priority' discipline: lower is served first.
   */
  request(token: T, onGrant: GrantCallback<T>, priority = 0): void {
    this.requests++;
    const now = this.sched.now;
    if (this.line.size === 0 && this.nBusy < this.cap && !this.dispatching) {
      this.grant(token, onGrant, now, now);
      return;
    }
    this.line.push(token, onGrant, now, priority);
    if (this.keepStats) this.queueLength.update(now, this.line.size);
    if (this.nBusy < this.cap && !this.dispatching) this.dispatch();
  }

  /** Frees `server` (the number given to onGrant). */
  release(server: number): void {
    if (!(server >= 0 && server < this.serverBusy.length && this.serverBusy[server] === 1)) {
      throw new Error(`Resource ${this.name}: release of server ${server}, which is not busy`);
    }
    this.serverBusy[server] = 0;
    this.nBusy--;
    this.releases++;
    if (this.keepStats) this.busyServers.update(this.sched.now, this.nBusy);
    // a server above capacity retires (capacity was cut while it was busy)
    if (server < this.cap) {
      if (this.line.size > 0 && this.nBusy < this.cap && !this.dispatching && this.handoff < 0) this.handoff = server;
      else this.pushFree(server);
    }
    if (this.line.size > 0 && this.nBusy < this.cap && !this.dispatching) this.dispatch();
  }

  /**
   * Sets the number of servers. An increase serves waiting requests at once; a decrease never
   * interrupts a service: busy servers above the new capacity retire when released.
   */
  setCapacity(n: number): void {
    checkCapacity(this.name, n);
    const old = this.cap;
    if (n === old) return;
    this.capacityOverTime.update(this.sched.now, n);
    this.cap = n;
    this.onCapacityChange?.(n);
    if (n > old) {
      if (n > this.serverBusy.length) {
        const size = Math.max(n, 2 * this.serverBusy.length);
        const b = new Uint8Array(size);
        b.set(this.serverBusy);
        this.serverBusy = b;
        const f = new Int32Array(size);
        f.set(this.free);
        this.free = f;
      }
      for (let i = old; i < n; i++) if (this.serverBusy[i] === 0) this.pushFree(i);
      if (this.line.size > 0 && this.nBusy < n && !this.dispatching) this.dispatch();
    } else {
      // drop free servers at or above the new capacity; rare, so rebuild the heap
      const keep: number[] = [];
      for (let i = 0; i < this.nFree; i++) if (this.free[i] < n) keep.push(this.free[i]);
      this.nFree = 0;
      for (const i of keep) this.pushFree(i);
      if (this.handoff >= n) this.handoff = -1;
    }
  }

  /** Busy time over capacity time since the start or the last `resetStats`. */
  utilisation(now = this.sched.now): number {
    const c = this.capacityOverTime.integral(now);
    return c > 0 ? this.busyServers.integral(now) / c : NaN;
  }

  /**
   * Warm-up deletion: forget statistics gathered before `now`; the state carries on. Requests
   * waiting now count as requests of the new window, and their waits are counted from now, so
   * that Little's law holds over the window (Lq = λ·Wq when the line is empty at its end).
   */
  resetStats(now = this.sched.now): void {
    this.waits.reset();
    this.queueLength.reset(now);
    this.busyServers.reset(now);
    this.capacityOverTime.reset(now);
    this.requests = this.line.size;
    this.grants = this.releases = 0;
    this.statsSince = now;
  }

  report(now = this.sched.now): ResourceReport {
    return {
      name: this.name,
      capacity: this.cap,
      busy: this.nBusy,
      queue: this.line.size,
      requests: this.requests,
      grants: this.grants,
      meanQueue: this.queueLength.mean(now),
      maxQueue: this.queueLength.max,
      meanBusy: this.busyServers.mean(now),
      meanCapacity: this.capacityOverTime.mean(now),
      utilisation: this.utilisation(now),
      wait: this.waits.toJSON(),
    };
  }

  /** Stops the shift calendar (its pending timer would otherwise keep a run's queue non-empty). */
  dispose(): void {
    if (this.shiftTimer !== null) this.sched.cancel(this.shiftTimer);
    this.shiftTimer = null;
  }

  // ---- internals ----------------------------------------------------------------------------

  private grant(token: T, onGrant: GrantCallback<T>, requestedAt: number, now: number): void {
    let server = this.handoff;
    if (server >= 0) this.handoff = -1;
    else server = this.popFree();
    this.serverBusy[server] = 1;
    this.nBusy++;
    this.grants++;
    if (this.keepStats) {
      this.busyServers.update(now, this.nBusy);
      this.waits.add(now - (requestedAt > this.statsSince ? requestedAt : this.statsSince));
    }
    onGrant(token, server);
  }

  private dispatch(): void {
    this.dispatching = true;
    const line = this.line;
    const now = this.sched.now;
    try {
      while (line.size > 0 && this.nBusy < this.cap) {
        const token = line.headToken();
        const cb = line.headCallback();
        const t = line.headTime();
        line.dropHead();
        if (this.keepStats) this.queueLength.update(now, line.size);
        this.grant(token, cb, t, now);
      }
    } finally {
      this.dispatching = false;
      // a handoff not taken (cannot happen while the loop condition holds) must not leak a server
      if (this.handoff >= 0) {
        this.pushFree(this.handoff);
        this.handoff = -1;
      }
    }
  }

  private pushFree(s: number): void {
    const h = this.free;
    let i = this.nFree++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= s) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = s;
  }

  private popFree(): number {
    const h = this.free;
    const top = h[0];
    const n = --this.nFree;
    const last = h[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
      if (h[c] >= last) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    return top;
  }

  private scheduleShift(): void {
    const cal = this.shifts!;
    const next = this.shiftIdx + 1;
    const at = next < cal.starts.length ? this.shiftDayStart + cal.starts[next] : this.shiftDayStart + DAY;
    this.shiftTimer = this.sched.schedule(at - this.sched.now, Resource.onShift, this, Priority.calendar);
  }

  /** Calendar timer: a static function and the resource as argument, so no closure is made. */
  private static onShift(r: Resource<any>): void {
    const cal = r.shifts!;
    if (++r.shiftIdx >= cal.starts.length) {
      r.shiftIdx = 0;
      r.shiftDayStart += DAY;
    }
    r.setCapacity(cal.caps[r.shiftIdx]);
    r.scheduleShift();
  }
}

function checkCapacity(name: string, n: number): void {
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new RangeError(`Resource ${name}: capacity must be an integer >= 0, got ${n}`);
  }
}

// ---- waiting lines ------------------------------------------------------------------------

interface WaitingLine<T> {
  readonly size: number;
  push(token: T, cb: GrantCallback<T>, t: number, priority: number): void;
  headToken(): T;
  headCallback(): GrantCallback<T>;
  headTime(): number;
  dropHead(): void;
}

/** FIFO ring buffer in parallel arrays (Array.shift would be O(n)). */
class FifoLine<T> implements WaitingLine<T> {
  size = 0;
  private head = 0;
  private mask = 15;
  private tok: (T | undefined)[] = new Array(16);
  private cb: (GrantCallback<T> | undefined)[] = new Array(16);
  private time = new Float64Array(16);

  push(token: T, cb: GrantCallback<T>, t: number): void {
    if (this.size > this.mask) this.grow();
    const i = (this.head + this.size) & this.mask;
    this.tok[i] = token;
    this.cb[i] = cb;
    this.time[i] = t;
    this.size++;
  }
  headToken(): T {
    return this.tok[this.head] as T;
  }
  headCallback(): GrantCallback<T> {
    return this.cb[this.head]!;
  }
  headTime(): number {
    return this.time[this.head];
  }
  dropHead(): void {
    const h = this.head;
    this.tok[h] = undefined; // let the token be collected
    this.cb[h] = undefined;
    this.head = (h + 1) & this.mask;
    this.size--;
  }
  private grow(): void {
    const n = this.mask + 1;
    const tok: (T | undefined)[] = new Array(2 * n);
    const cb: (GrantCallback<T> | undefined)[] = new Array(2 * n);
    const time = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const i = (this.head + k) & this.mask;
      tok[k] = this.tok[i];
      cb[k] = this.cb[i];
      time[k] = this.time[i];
    }
    this.tok = tok;
    this.cb = cb;
    this.time = time;
    this.head = 0;
    this.mask = 2 * n - 1;
  }
}

/** Binary heap on (priority, arrival sequence) in parallel arrays: stable for equal priorities. */
class PriorityLine<T> implements WaitingLine<T> {
  size = 0;
  private seqNo = 0;
  private tok: (T | undefined)[] = [];
  private cb: (GrantCallback<T> | undefined)[] = [];
  private time: number[] = [];
  private prio: number[] = [];
  private seq: number[] = [];

  push(token: T, cb: GrantCallback<T>, t: number, priority: number): void {
    if (typeof priority !== 'number' || priority !== priority) {
      throw new RangeError(`Resource: request priority must be a number, got ${String(priority)}`);
    }
    const q = this.seqNo++;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.prio[p] < priority || (this.prio[p] === priority && this.seq[p] < q)) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, token, cb, t, priority, q);
  }
  headToken(): T {
    return this.tok[0] as T;
  }
  headCallback(): GrantCallback<T> {
    return this.cb[0]!;
  }
  headTime(): number {
    return this.time[0];
  }
  dropHead(): void {
    const n = --this.size;
    const tok = this.tok[n], cb = this.cb[n], t = this.time[n], pr = this.prio[n], q = this.seq[n];
    this.tok[n] = undefined;
    this.cb[n] = undefined;
    if (n === 0) {
      this.tok[0] = undefined;
      this.cb[0] = undefined;
      return;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(r, l) ? r : l;
      if (pr < this.prio[c] || (pr === this.prio[c] && q < this.seq[c])) break;
      this.move(c, i);
      i = c;
    }
    this.set(i, tok as T, cb!, t, pr, q);
  }
  private less(x: number, y: number): boolean {
    return this.prio[x] < this.prio[y] || (this.prio[x] === this.prio[y] && this.seq[x] < this.seq[y]);
  }
  private move(from: number, to: number): void {
    this.tok[to] = this.tok[from];
    this.cb[to] = this.cb[from];
    this.time[to] = this.time[from];
    this.prio[to] = this.prio[from];
    this.seq[to] = this.seq[from];
  }
  private set(i: number, token: T, cb: GrantCallback<T>, t: number, pr: number, q: number): void {
    this.tok[i] = token;
    this.cb[i] = cb;
    this.time[i] = t;
    this.prio[i] = pr;
    this.seq[i] = q;
  }
}

// ---- shift calendar -----------------------------------------------------------------------

const DAY = 86400;

/** A day cut into segments [starts[i], starts[i+1]) of constant capacity; starts[0] = 0. */
interface CompiledCalendar {
  starts: number[];
  caps: number[];
}

function parseClock(name: string, where: string, s: string, allow24: boolean): number {
  const m = typeof s === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s) : null;
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const sec = m && m[3] !== undefined ? Number(m[3]) : 0;
  const t = h * 3600 + min * 60 + sec;
  if (!m || min > 59 || sec > 59 || !(t < DAY || (allow24 && t === DAY))) {
    throw new RangeError(
      `Resource ${name}: calendar${where} must be a time of day HH:MM or HH:MM:SS (00:00 to ${allow24 ? '24:00' : '23:59:59'}), got ${JSON.stringify(s)}`,
    );
  }
  return t;
}

function compileCalendar(name: string, cal: ShiftCalendar, dflt: number): CompiledCalendar {
  const wins = cal.map((w, i) => {
    const from = parseClock(name, `[${i}].from`, w.from, false);
    const to = parseClock(name, `[${i}].to`, w.to, true) % DAY;
    if (from === to) throw new RangeError(`Resource ${name}: calendar[${i}] is empty (from = to = ${w.from})`);
    checkCapacity(`${name} calendar[${i}]`, w.capacity);
    return { i, from, to, cap: w.capacity };
  });
  const covers = (w: (typeof wins)[number], s: number) => (w.from < w.to ? w.from <= s && s < w.to : s >= w.from || s < w.to);
  const points = [...new Set([0, ...wins.flatMap((w) => [w.from, w.to])])].sort((a, b) => a - b);
  const starts: number[] = [];
  const caps: number[] = [];
  for (const p of points) {
    const on = wins.filter((w) => covers(w, p));
    if (on.length > 1) {
      throw new RangeError(`Resource ${name}: calendar[${on[0].i}] and calendar[${on[1].i}] overlap`);
    }
    const c = on.length === 1 ? on[0].cap : dflt;
    if (caps.length === 0 || caps[caps.length - 1] !== c) {
      starts.push(p);
      caps.push(c);
    }
  }
  return { starts, caps };
}

function segmentAt(cal: CompiledCalendar, secondOfDay: number): number {
  let j = 0;
  while (j + 1 < cal.starts.length && cal.starts[j + 1] <= secondOfDay) j++;
  return j;
}

/** Seconds after midnight of a time of day "HH:MM" or "HH:MM:SS" ("24:00" allowed as an end). */
export function timeOfDaySeconds(s: string, what = 'time of day'): number {
  return parseClock(what, '', s, true);
}
