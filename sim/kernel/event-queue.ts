import type { TimerHandle } from './scheduler.js';

/**
 * One scheduled callback: `fn(a, b)` at time `t`. The entry is its own cancellation handle
 * (lazy deletion: a cancelled entry stays in the heap and is skipped when it surfaces), which
 * keeps cancel O(1) and saves a lookup structure on the hot path.
 */
export interface QueueEntry extends TimerHandle {
  readonly t: number;
  /** priority: lower runs first among entries due at the same time */
  readonly p: number;
  /** insertion sequence: the final tie-breaker, so the order never depends on the heap's shape */
  readonly q: number;
  /** true once the entry has fired or been cancelled */
  cancelled: boolean;
  readonly fn: (a: any, b: any) => void;
  readonly a: unknown;
  readonly b: unknown;
}

/** Priorities are small integers; insertion sequences stay below 2^40 (10^12 events). */
const SEQ_SPAN = 2 ** 40;
const MAX_PRIORITY = 2 ** 12;

/**
 * Binary min-heap ordered by (time, priority, insertion sequence). Deterministic by construction:
 * two entries never compare equal, so any correct heap pops them in the same order.
 *
 * The heap itself is three typed arrays: time, priority·2^40 + sequence (one exact double), and
 * the index of the entry's slot in `slots`. Sifting moves numbers only: no pointer chasing, and no
 * write barrier (storing fresh entries into a long-lived array takes V8's slow path, which once
 * cost more than the heap logic). An entry is stored once, in its slot, when pushed.
 */
export class EventQueue {
  private time = new Float64Array(64);
  private key = new Float64Array(64);
  private slotOf = new Int32Array(64);
  private slots: (QueueEntry | undefined)[] = [];
  private freeSlots: number[] = [];
  private n = 0;
  private seq = 0;
  /** live (not cancelled) entries */
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Total entries ever pushed: the next insertion sequence number. */
  get pushed(): number {
    return this.seq;
  }

  push(t: number, p: number, fn: (a: any, b: any) => void, a?: unknown, b?: unknown): QueueEntry {
    if (t !== t || !(p >= 0 && p < MAX_PRIORITY && (p | 0) === p)) {
      throw new RangeError(`event time must be a number and priority an integer in [0, ${MAX_PRIORITY}), got t=${t}, p=${p}`);
    }
    const q = this.seq++;
    const e: QueueEntry = { t, p, q, cancelled: false, fn, a, b };
    if (this.n === this.time.length) this.grow();
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = e;
    this.siftUp(this.n++, t, p * SEQ_SPAN + q, slot);
    this.live++;
    return e;
  }

  cancel(e: TimerHandle): void {
    if (e.cancelled) return; // already fired or cancelled
    e.cancelled = true;
    this.live--;
    // Cancelled entries wait in the heap until they surface; when they outnumber the live ones
    // (many far-future timers cancelled), rebuild so the heap does not grow without bound.
    if (this.n > 1024 && this.n > 2 * this.live + 1024) this.compact();
  }

  /** Time of the next live entry, or Infinity when empty. Drops cancelled entries on the way. */
  peekTime(): number {
    while (this.n > 0 && this.slots[this.slotOf[0]]!.cancelled) this.removeTop();
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /** Removes and returns the next live entry due at or before `until`, or undefined if none is. */
  popDue(until: number): QueueEntry | undefined {
    while (this.n > 0) {
      if (this.time[0] > until) return undefined;
      const top = this.removeTop();
      if (!top.cancelled) {
        this.live--;
        top.cancelled = true; // spent: a later cancel() of this handle is a no-op
        return top;
      }
    }
    return undefined;
  }

  /** Removes and returns the next live entry, or undefined when empty. */
  pop(): QueueEntry | undefined {
    while (this.n > 0) {
      const top = this.removeTop();
      if (!top.cancelled) {
        this.live--;
        top.cancelled = true; // spent: a later cancel() of this handle is a no-op
        return top;
      }
    }
    return undefined;
  }

  /** Live entries in pop order, without disturbing the queue (for inspection and tests). */
  entries(): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (let i = 0; i < this.n; i++) {
      const e = this.slots[this.slotOf[i]]!;
      if (!e.cancelled) out.push(e);
    }
    return out.sort((x, y) => x.t - y.t || x.p - y.p || x.q - y.q);
  }

  private siftUp(i: number, t: number, k: number, slot: number): void {
    const time = this.time;
    const key = this.key;
    const so = this.slotOf;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent];
      if (pt < t || (pt === t && key[parent] < k)) break;
      time[i] = pt;
      key[i] = key[parent];
      so[i] = so[parent];
      i = parent;
    }
    time[i] = t;
    key[i] = k;
    so[i] = slot;
  }

  private removeTop(): QueueEntry {
    const time = this.time;
    const key = this.key;
    const so = this.slotOf;
    const topSlot = so[0];
    const top = this.slots[topSlot]!;
    this.slots[topSlot] = undefined; // let the entry be collected
    this.freeSlots.push(topSlot);
    const n = --this.n;
    if (n > 0) {
      const t = time[n];
      const k = key[n];
      const s = so[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (time[r] < time[l] || (time[r] === time[l] && key[r] < key[l]))) c = r;
        if (t < time[c] || (t === time[c] && k < key[c])) break;
        time[i] = time[c];
        key[i] = key[c];
        so[i] = so[c];
        i = c;
      }
      time[i] = t;
      key[i] = k;
      so[i] = s;
    }
    return top;
  }

  private grow(): void {
    const size = this.time.length * 2;
    const time = new Float64Array(size);
    time.set(this.time);
    const key = new Float64Array(size);
    key.set(this.key);
    const so = new Int32Array(size);
    so.set(this.slotOf);
    this.time = time;
    this.key = key;
    this.slotOf = so;
  }

  private compact(): void {
    const live: QueueEntry[] = [];
    for (let i = 0; i < this.n; i++) {
      const e = this.slots[this.slotOf[i]]!;
      if (!e.cancelled) live.push(e);
    }
    this.slots = [];
    this.freeSlots = [];
    this.n = 0;
    for (const e of live) {
      const slot = this.slots.length;
      this.slots.push(e);
      this.siftUp(this.n++, e.t, e.p * SEQ_SPAN + e.q, slot);
    }
  }
}
