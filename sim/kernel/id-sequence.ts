/**
 * Sequential ids ('T1', 'T2', …) without V8's number-to-string cache.
 *
 * `${prefix}${n}` converts n through a cache of recent conversions held in old space. Every new
 * id's digits then live in that cache: they survive young-generation collections (copied each
 * time) and each insertion takes the write-barrier slow path. Measured on the M/M/c bench: a
 * scavenge took 3 ms with 380 KB surviving instead of 0.7 ms with 2.5 KB, and the run spent 9 %
 * more instructions. Here the last three digits come from a fixed table and the leading part is
 * converted once per thousand ids.
 */
const DIGITS3: string[] = [];
const DIGITS: string[] = [];
for (let i = 0; i < 1000; i++) {
  DIGITS[i] = String(i);
  DIGITS3[i] = String(i).padStart(3, '0');
}

export class IdSequence {
  private n = 0;
  private thousands = -1;
  private head = '';

  constructor(private readonly prefix: string) {}

  /** How many ids have been handed out. */
  get count(): number {
    return this.n;
  }

  next(): string {
    const n = ++this.n;
    const k = Math.floor(n / 1000);
    const low = n - k * 1000;
    if (k === 0) return this.prefix + DIGITS[low];
    if (k !== this.thousands) {
      this.thousands = k;
      this.head = this.prefix + String(k);
    }
    return this.head + DIGITS3[low];
  }
}
