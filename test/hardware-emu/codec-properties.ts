/** Properties every codec keeps, shared by the device tests: only DecodeError escapes, cut frames are refused. */
import { expect } from 'vitest';
import fc from 'fast-check';
import { DecodeError, type Codec } from '../../hardware-emu/codec.js';

export const enc = (s: string) => new TextEncoder().encode(s);

/** The problem a decode reports, 'accepted' when it decodes; any other exception fails the test. */
export function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e.problem;
    throw e;
  }
  return 'accepted';
}

/** Random bytes, random text and single-byte changes of a good frame raise DecodeError or decode; nothing else. */
export function onlyDecodeErrors(codec: Codec<unknown>, good: Uint8Array): void {
  const mutated = fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
    const b = good.slice();
    b[i] = v;
    return b;
  });
  fc.assert(fc.property(fc.oneof(fc.uint8Array(), fc.string().map(enc), mutated), (b) => void problem(() => codec.decode(b))));
}

/** Every proper prefix of a good frame (but the empty one and the one missing its last byte) is refused as `expected`. */
export function truncationsAre(codec: Codec<unknown>, good: Uint8Array, expected: string): void {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: good.length - 2 }), (n) => {
      expect(problem(() => codec.decode(good.subarray(0, n)))).toBe(expected);
    }),
  );
}
