import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdSequence } from '../../sim/kernel/id-sequence.js';

describe('IdSequence', () => {
  it('gives prefix + n for every n, across the thousands boundaries', () => {
    const ids = new IdSequence('T');
    for (let n = 1; n <= 25_000; n++) expect(ids.next()).toBe(`T${n}`);
    expect(ids.count).toBe(25_000);
  });
  it('matches the template string for any prefix and position (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 3000 }), (prefix, skip) => {
        const ids = new IdSequence(prefix);
        for (let i = 0; i < skip; i++) ids.next();
        expect(ids.next()).toBe(`${prefix}${skip + 1}`);
      }),
      { numRuns: 200 },
    );
  });
});
