import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK, nextDifficulty, type Decided } from '../../train/difficulty.js';

/** decisions at the levels the staircase gives, signals every `every`-th trial */
function play(n: number, answer: (signal: boolean, i: number) => boolean, every = 3): { levels: number[]; history: Decided[] } {
  const history: Decided[] = [];
  const levels: number[] = [];
  for (let i = 0; i < n; i++) {
    const level = nextDifficulty(history);
    levels.push(level);
    const signal = i % every === 0;
    history.push({ signal, yes: answer(signal, i), difficulty: level });
  }
  return { levels, history };
}

describe('adaptive difficulty (a staircase on d′)', () => {
  it('starts at level 1 and climbs one level per block while the trainee discriminates, up to 5', () => {
    const { levels } = play(40, (s) => s);
    expect(levels[0]).toBe(1);
    expect(levels[BLOCK - 1]).toBe(1);
    expect(levels[BLOCK]).toBe(2);
    expect(levels[2 * BLOCK]).toBe(3);
    expect(levels[4 * BLOCK]).toBe(5);
    expect(Math.max(...levels)).toBe(5);
  });

  it('comes down again when the trainee stops discriminating, never below 1', () => {
    const { levels } = play(60, (s, i) => (i < 24 ? s : !s));
    expect(levels[24]).toBe(5);
    expect(levels.at(-1)).toBe(1);
    expect(Math.min(...levels)).toBe(1);
  });

  it('a block with no signal trial is not judged until one comes', () => {
    const h: Decided[] = Array.from({ length: 10 }, () => ({ signal: false, yes: false, difficulty: 1 }));
    expect(nextDifficulty(h)).toBe(1);
    expect(nextDifficulty([...h, { signal: true, yes: true, difficulty: 1 }])).toBe(2);
  });

  it('is a function of the decisions alone, and stays in [1, 5]', () => {
    const dec = fc.record({ signal: fc.boolean(), yes: fc.boolean(), difficulty: fc.integer({ min: 1, max: 5 }) });
    fc.assert(fc.property(fc.array(dec, { maxLength: 80 }), (h) => {
      const a = nextDifficulty(h);
      return a === nextDifficulty(h.map((d) => ({ ...d }))) && a >= 1 && a <= 5;
    }));
  });
});
