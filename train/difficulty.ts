/**
 * Adaptive difficulty: a staircase on the trainee's sensitivity. After every block of decisions
 * at one level the block's d′ (log-linear corrected) moves the level: up when the trainee
 * discriminates well, down when poorly, else it stays. A block must hold both a signal and a noise
 * trial to be judged; until then it grows. The same decisions always give the same levels.
 */
import { dPrime } from './scoring.js';

export const BLOCK = 6;
/** d′ at or above which the next cases get harder, and below which they get easier */
export const RAISE_AT = 1.8;
export const LOWER_BELOW = 0.8;
export const START_LEVEL = 1;

export interface Decided {
  signal: boolean;
  yes: boolean;
  difficulty: number;
}

/** The level of the next case after `history` (in decision order). */
export function nextDifficulty(history: readonly Decided[], min = 1, max = 5): number {
  let level = START_LEVEL;
  let from = 0;
  for (let i = 0; i < history.length; i++) {
    const block = history.slice(from, i + 1);
    if (block.length < BLOCK) continue;
    let hits = 0, signals = 0, fas = 0, noises = 0;
    for (const d of block) {
      if (d.signal) (signals++, d.yes && hits++);
      else (noises++, d.yes && fas++);
    }
    const dp = dPrime(hits, signals, fas, noises);
    if (dp === null) continue;
    if (dp >= RAISE_AT) level = Math.min(max, level + 1);
    else if (dp < LOWER_BELOW) level = Math.max(min, level - 1);
    from = i + 1;
  }
  return level;
}
