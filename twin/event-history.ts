/**
 * The newest of the twin's events, numbered 1, 2, 3, … from the log's first input on (the
 * replay at start included, so that the numbers survive a restart), for clients that connect late
 * or reconnect (`GET /api/events?since=N`, or EventSource's Last-Event-ID).
 */
import type { TwinEvent } from './site-state.js';
import { EVENT_HISTORY_MAX } from './limits.js';

export interface HistorySince {
  /** the events with ordinal > n that are still kept, oldest first; the first has ordinal `first` */
  events: TwinEvent[];
  first: number;
  /** events after n were dropped already: the client missed some for good */
  gap: boolean;
  /** the oldest ordinal kept (0 when none) */
  oldest: number;
}

export class EventHistory {
  /** a ring: ordinal o lives at (o - 1) % max, so adding an event never moves the others */
  private readonly ring: TwinEvent[] = [];
  private lastOrdinal = 0;

  constructor(readonly max: number = EVENT_HISTORY_MAX) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`event history: max must be a positive integer, got ${max}`);
  }

  /** the ordinal of the newest event (0 when none yet) */
  get last(): number {
    return this.lastOrdinal;
  }

  /** the ordinal of the oldest event kept (0 when none) */
  get oldest(): number {
    return this.lastOrdinal === 0 ? 0 : Math.max(1, this.lastOrdinal - this.max + 1);
  }

  get size(): number {
    return Math.min(this.lastOrdinal, this.max);
  }

  /** Adds events in the order produced; returns the ordinal of the last of them. */
  push(events: readonly TwinEvent[]): number {
    for (const e of events) {
      // grows until full (a small site does not pay for a full ring), then overwrites the oldest
      if (this.ring.length < this.max) this.ring.push(e);
      else this.ring[this.lastOrdinal % this.max] = e;
      this.lastOrdinal++;
    }
    return this.lastOrdinal;
  }

  /** The events with ordinal > n still kept, and whether some after n were dropped. */
  since(n: number): HistorySince {
    const oldest = this.oldest;
    const first = Math.max(n + 1, oldest, 1);
    const events: TwinEvent[] = [];
    for (let o = first; o <= this.lastOrdinal; o++) events.push(this.ring[(o - 1) % this.max]);
    return { events, first, gap: oldest > 0 && n + 1 < oldest, oldest };
  }
}
