import seedrandom from 'seedrandom';

/**
 * Named random streams.
 *
 * Each stream's generator state is derived from (run seed, stream name) alone, so creating,
 * removing or reordering streams never shifts another stream's numbers. Common random numbers
 * across policies rest on this: `arrivals` yields the same trucks whatever the policy asks of
 * `risk.random`.
 *
 * Generator: Tyche-i (Neves & Araujo 2011, a ChaCha quarter-round; no systematic BigCrush
 * failures reported; 128-bit state, so snapshots are four integers). The step is seedrandom's
 * `tychei` algorithm verbatim, inlined in a class so the hot path is one monomorphic method with
 * no closure call; test/kernel/rng.test.ts checks it stays bit-identical to seedrandom's `int32()`
 * from the same state, and the state object has seedrandom's shape ({a,b,c,d}).
 *
 * Choice measured with bench/kernel-rng.ts (Node 20.20, 2-core AMD EPYC VM shared with other
 * jobs; ns per draw, best of 7 bench runs of 10M-draw loops, each candidate in its own process so
 * call sites stay monomorphic; single runs vary by ±30 % on this machine):
 *
 *   32-bit `prng()`:   xor128 1.7 · xorwow 2.1 · tychei 2.6 · xor4096 3.3 · xorshift7 4.4 ·
 *                      alea 5.6 · arc4 `quick()` 12.5
 *   53-bit `double()`: xor128 5.2 · xorwow 5.9 · tychei 6.4 · xor4096 8.2 · alea 10.6 ·
 *                      xorshift7 10.6 · arc4 `prng()` 32.5
 *   this class: `next()` (53-bit) 4.6 · `uint32()` 2.9
 *
 * xor128 and xorwow are faster but fail BigCrush tests (MatrixRank/LinearComp, resp.
 * CollisionOver/SimpPoker/LinearComp, per seedrandom's notes). alea (reported to pass BigCrush)
 * is slow here: each step yields only 32 bits, so 53 bits cost two float steps plus a fix-up, and
 * its state is floats, not integers. xor4096 (no BigCrush failures reported) is
 * sound but slower, and its 4128-bit state makes each stream and each snapshot 130 numbers.
 * Tyche-i is the fastest without reported failures, and inlined it beats every library
 * `double()`. ARC4 (seedrandom's default) is 5-7x slower; it is used once per stream, as the key
 * derivation from (seed, name), where its key schedule mixes every character of the name.
 */

/** What samplers need: uniform numbers in [0, 1). Tests may pass a scripted fake. */
export interface RandomSource {
  next(): number;
}

/** Snapshot of a stream (same shape as seedrandom's tychei `state()`): four signed 32-bit ints. */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_M53 = 1.1102230246251565e-16;
const TWO_POW_M32 = 2.3283064365386963e-10;

export class Rng implements RandomSource {
  /**
   * The four state words in an Int32Array: as object fields, int32 values outside the 31-bit
   * small-integer range live in boxed doubles, and every step paid for the boxes (measured:
   * 210 → 75 instructions per consignment-draw step in callgrind).
   */
  private readonly s = new Int32Array(4);

  constructor(
    readonly name: string,
    state: RngState,
  ) {
    this.restore(state);
  }

  /** 32 random bits as an unsigned integer (one generator step). */
  uint32(): number {
    return this.step() >>> 0;
  }

  /** One Tyche-i step; returns the new `a` as a signed 32-bit integer. */
  private step(): number {
    const s = this.s;
    let a = s[0], b = s[1], c = s[2], d = s[3];
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return a;
  }

  /** Uniform in [0, 1) with 53-bit resolution (two steps: 27 + 26 high bits). */
  next(): number {
    const hi = this.step() >>> 5;
    const lo = this.step() >>> 6;
    return (hi * TWO_POW_26 + lo) * TWO_POW_M53;
  }

  /**
   * Uniform in [0, 1) with 32-bit resolution, one step: enough for comparing with a probability
   * (a grain of 2.3e-10), half the cost of `next()`.
   */
  next32(): number {
    return (this.step() >>> 0) * TWO_POW_M32;
  }

  /** Integer uniform in [0, n), n ≤ 2^32, without modulo bias (rejection on the top bucket). */
  int(n: number): number {
    if (!(n >= 1 && n <= 4294967296 && Number.isInteger(n))) {
      throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.uint32();
    while (x >= limit);
    return x % n;
  }

  state(): RngState {
    const s = this.s;
    return { a: s[0], b: s[1], c: s[2], d: s[3] };
  }

  restore(s: RngState): void {
    this.setWords(s.a, s.b, s.c, s.d);
  }

  /** Advances the generator `n` steps (seeding). */
  skip(n: number): void {
    for (let i = 0; i < n; i++) this.step();
  }

  /** `restore` without the state object (indexed streams reseed once per item). */
  setWords(a: number, b: number, c: number, d: number): void {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    // all-zero is Tyche-i's fixed point; it cannot come from derivation, only from a bad snapshot
    if ((a | b | c | d) === 0) throw new RangeError(`Rng ${this.name}: all-zero state`);
    const s = this.s;
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }
}

/** Snapshot of every stream created so far, by name. */
export type RngSnapshot = Record<string, RngState>;

export class RngStreams {
  readonly seed: string;
  private readonly streams = new Map<string, Rng>();

  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`RngStreams: seed must be a finite number or a string, got ${seed}`);
    }
    // 42 and '42' name the same run: seeds arrive from YAML and from the command line alike
    this.seed = String(seed);
  }

  /** The stream called `name`; the same object every time for the same name. */
  stream(name: string): Rng {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Rng(name, deriveState(this.seed, name));
      this.streams.set(name, s);
    }
    return s;
  }

  /** States of all streams created so far (for forking a run). Keys sorted: deterministic JSON. */
  snapshot(): RngSnapshot {
    const out: RngSnapshot = {};
    for (const name of [...this.streams.keys()].sort()) out[name] = this.streams.get(name)!.state();
    return out;
  }

  /**
   * Puts streams back to a snapshot. Streams in the snapshot are created if needed; streams not
   * in it are reset to their initial state (they had not been created when it was taken).
   */
  restore(snap: RngSnapshot): void {
    for (const [name, s] of this.streams) {
      if (!Object.prototype.hasOwnProperty.call(snap, name)) s.restore(deriveState(this.seed, name));
    }
    for (const name of Object.keys(snap)) this.stream(name).restore(snap[name]);
  }
}

/**
 * Initial state of stream `name` in run `seed`: four words from ARC4 keyed by both. The key is
 * percent-encoded because seedrandom folds each character to its low byte (so 'Ā' and '\0' would
 * collide) and because '/' is then an unambiguous separator.
 */
export function deriveState(seed: string, name: string): RngState {
  const kdf = seedrandom(`${encodeURIComponent(seed)}/${encodeURIComponent(name)}`);
  let s: RngState;
  do s = { a: kdf.int32(), b: kdf.int32(), c: kdf.int32(), d: kdf.int32() };
  while ((s.a | s.b | s.c | s.d) === 0);
  return s;
}

/**
 * A family of streams indexed by an integer, e.g. one per consignment: `at(k)` puts a generator
 * in the state derived from (run seed, name, k) and returns it. Whatever order items are drawn
 * in, item k gets the same numbers, so a policy that changes when (or whether) an item is
 * materialised cannot shift any other item's draws.
 *
 * Derivation: the family's base state (ARC4 from seed and name, as for named streams) with the
 * index xor-ed into two words, then 20 generator steps, as Tyche-i's own seeding does; distinct
 * indices start from distinct states. Cost: about 20 steps (~60 ns) per `at`.
 */
export class IndexedStreams {
  private readonly base: RngState;
  private readonly rng: Rng;

  constructor(
    readonly seed: number | string,
    readonly name: string,
  ) {
    this.base = deriveState(String(seed), name);
    this.rng = new Rng(name, this.base);
  }

  /** The generator for item `k` (an integer in [0, 2^53)), reset to its first number. Reused: do not keep it across calls. */
  at(k: number): Rng {
    const b = this.base;
    const hi = Math.floor(k / 4294967296) | 0;
    const lo = k | 0;
    // (a ^ hi, b ^ lo) with c and d fixed can never be all zero unless the base is: c or d is kept
    this.rng.setWords(b.a ^ hi, b.b ^ lo, b.c === 0 && b.d === 0 ? 1 : b.c, b.d);
    this.rng.skip(20);
    return this.rng;
  }
}
