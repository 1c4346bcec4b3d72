/**
 * Token buckets by key (a client address, a sign-in name): each key may try `capacity` times at
 * once and gains one try back every `refillMs`. The trainer's sign-in takes a token from the
 * client's address and from the name before it hashes a password, so neither one client nor one
 * name can keep the hashing threads busy.
 *
 * Memory is bounded: a bucket that has refilled is forgotten (it is the same as a new one), and
 * past `maxKeys` the bucket touched longest ago goes first (a Map keeps insertion order, and a
 * touched bucket is moved to the end).
 */
interface Bucket {
  tokens: number;
  /** when `tokens` was last brought up to date (ms) */
  at: number;
}

export interface BucketSpec {
  capacity: number;
  refillMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly spec: BucketSpec,
    private readonly maxKeys = 10_000,
  ) {
    if (!(spec.capacity >= 1 && spec.refillMs > 0)) throw new RangeError(`a token bucket needs capacity ≥ 1 and refillMs > 0, got ${spec.capacity}, ${spec.refillMs}`);
  }

  /** Takes a token of `key` at `now` (ms). Returns 0 when it got one, else the ms until one is there. */
  take(key: string, now: number): number {
    const { capacity, refillMs } = this.spec;
    const old = this.buckets.get(key);
    const tokens = old === undefined ? capacity : Math.min(capacity, old.tokens + Math.max(0, now - old.at) / refillMs);
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.ceil((1 - tokens) * refillMs);
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    this.evict(now);
    return 0;
  }

  /** Gives `key` a full bucket again (a name that signed in is forgiven its failures). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** the keys held (for tests of the bound) */
  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number): void {
    // the oldest buckets first: those refilled since are dropped, and any over the bound
    for (const [key, b] of this.buckets) {
      const full = b.tokens + (now - b.at) / this.spec.refillMs >= this.spec.capacity;
      if (!full && this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
