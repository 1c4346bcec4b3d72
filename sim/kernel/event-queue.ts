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
  cancelled: boolean;
  readonly fn: (a: any, b: any) => void;
  readonly a: unknown;
  readonly b: unknown;
}

function before(x: QueueEntry, y: QueueEntry): boolean {
  return x.t < y.t || (x.t === y.t && (x.p < y.p || (x.p === y.p && x.q < y.q)));
}

/**
 * Binary min-heap ordered by (time, priority, insertion sequence). Deterministic by construction:
 * two entries never compare equal, so any correct heap pops them in the same order.
 */
export class EventQueue {
  private heap: QueueEntry[] = [];
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
    if (t !== t || p !== p) throw new RangeError(`event time and priority must be numbers, got t=${t}, p=${p}`);
    const e: QueueEntry = { t, p, q: this.seq++, cancelled: false, fn, a, b };
    const h = this.heap;
    let i = h.length;
    h.push(e);
    // sift up
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pe = h[parent];
      if (!before(e, pe)) break;
      h[i] = pe;
      i = parent;
    }
    h[i] = e;
    this.live++;
    return e;
  }

  cancel(e: TimerHandle): void {
    if (e.cancelled) return; // already fired or cancelled
    e.cancelled = true;
    this.live--;
    // Cancelled entries wait in the heap until they surface; when they outnumber the live ones
    // (many far-future timers cancelled), rebuild so the heap does not grow without bound.
    if (this.heap.length > 1024 && this.heap.length > 2 * this.live + 1024) this.compact();
  }

  private compact(): void {
    const h = this.heap.filter((x) => !x.cancelled);
    this.heap = h;
    // bottom-up heapify; the order of equal keys cannot matter: no two entries compare equal
    for (let i = (h.length >> 1) - 1; i >= 0; i--) {
      const e = h[i];
      let j = i;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r], h[l]) ? r : l;
        if (!before(h[c], e)) break;
        h[j] = h[c];
        j = c;
      }
      h[j] = e;
    }
  }

  /** Time of the next live entry, or Infinity when empty. Drops cancelled entries on the way. */
  peekTime(): number {
    const h = this.heap;
    while (h.length > 0 && h[0].cancelled) this.removeTop();
    return h.length > 0 ? h[0].t : Infinity;
  }

  /** Removes and returns the next live entry, or undefined when empty. */
  pop(): QueueEntry | undefined {
    const h = this.heap;
    while (h.length > 0) {
      const top = this.removeTop();
      if (!top.cancelled) {
        this.live--;
        top.cancelled = true; // spent: a later cancel() of this handle is a no-op
        return top;
      }
    }
    return undefined;
  }

  private removeTop(): QueueEntry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      // sift down
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  /** Live entries in pop order, without disturbing the queue (for inspection and tests). */
  entries(): QueueEntry[] {
    return this.heap.filter((e) => !e.cancelled).sort((x, y) => (before(x, y) ? -1 : 1));
  }
}
