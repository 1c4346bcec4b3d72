import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { Rng, RngStreams } from '../../sim/kernel/rng.js';
import {
  CONTAINER_CONFUSIONS,
  CONTAINER_OWNERS,
  PLATE_CONFUSIONS,
  PLATE_PROVINCES,
  containerNumber,
  drawContainerNumber,
  drawDriverCard,
  drawElectronicPlate,
  drawPlate,
  drawSealNumber,
  iso6346CheckDigit,
  iso6346CheckValue,
  isValidContainerNumber,
  isValidDriverCard,
  isValidElectronicPlate,
  isValidPlate,
  isValidSealNumber,
  misreadContainerNumber,
  misreadPlate,
} from '../../sim/supervision/identifiers.js';

const rngOf = (seed: number, name = 'identity') => new RngStreams(seed).stream(name);
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** ISO 6346 letter values written out (A=10, then +1, skipping 11, 22, 33): an oracle independent of the module. */
const LETTER_VALUE: Record<string, number> = {
  A: 10, B: 12, C: 13, D: 14, E: 15, F: 16, G: 17, H: 18, I: 19, J: 20, K: 21, L: 23, M: 24,
  N: 25, O: 26, P: 27, Q: 28, R: 29, S: 30, T: 31, U: 32, V: 34, W: 35, X: 36, Y: 37, Z: 38,
};
const value = (ch: string) => (ch >= '0' && ch <= '9' ? Number(ch) : LETTER_VALUE[ch]);
/** Σ value · 2^i mod 11 over the first 10 characters. */
const oracleRaw = (s: string) => {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += value(s[i]) * 2 ** i;
  return sum % 11;
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const substitute = (s: string, i: number, ch: string) => s.slice(0, i) + ch + s.slice(i + 1);
const diffPositions = (a: string, b: string) => {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(i);
  return out;
};

describe('ISO 6346 check digit', () => {
  it('matches the known example CSQU3054383', () => {
    expect(iso6346CheckDigit('CSQU305438')).toBe(3);
    expect(iso6346CheckValue('CSQU305438')).toBe(3);
    expect(isValidContainerNumber('CSQU3054383')).toBe(true);
    expect(isValidContainerNumber('CSQU3054384')).toBe(false);
  });

  it('agrees with the written-out letter table on every owner prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{3}[UJZ][0-9]{6}$/), (first10) => {
        expect(iso6346CheckValue(first10)).toBe(oracleRaw(first10));
        expect(iso6346CheckDigit(first10)).toBe(oracleRaw(first10) % 10);
      }),
    );
  });

  it('writes remainder 10 as check digit 0', () => {
    // find a serial with remainder 10 for CSQU by search, then check the formatting
    let serial = 0;
    while (oracleRaw(`CSQU${String(serial).padStart(6, '0')}`) !== 10) serial++;
    const first10 = `CSQU${String(serial).padStart(6, '0')}`;
    expect(iso6346CheckValue(first10)).toBe(10);
    expect(iso6346CheckDigit(first10)).toBe(0);
    expect(isValidContainerNumber(`${first10}0`)).toBe(true);
  });

  it('refuses malformed input to the check digit', () => {
    for (const bad of ['CSQU30543', 'CSQU3054383', 'csqu305438', 'CS1U305438', 'CSQU30543A']) {
      expect(() => iso6346CheckDigit(bad)).toThrow(RangeError);
    }
  });

  it('rejects what is off-format', () => {
    for (const bad of [
      'csqu3054383', // lowercase
      'CSQu3054383',
      'CSQU305438', // 10 characters
      'CSQU30543830',
      'CSQA3054383', // category must be U, J or Z
      'C5QU3054383', // digit in the owner code
      'CSQU3O54383', // letter O in the serial
      'CSQU305438X', // check digit not a digit
      ' CSQU305438',
      '',
    ]) {
      expect(isValidContainerNumber(bad), bad).toBe(false);
    }
    expect(isValidContainerNumber(undefined as unknown as string)).toBe(false);
  });
});

describe('container numbers', () => {
  it('owner prefixes are distinct, 4 capitals, category U', () => {
    expect(CONTAINER_OWNERS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(CONTAINER_OWNERS).size).toBe(CONTAINER_OWNERS.length);
    for (const o of CONTAINER_OWNERS) expect(o).toMatch(/^[A-Z]{3}U$/);
  });

  it('containerNumber formats owner, zero-padded serial and check digit', () => {
    const n = containerNumber(CONTAINER_OWNERS.indexOf('MSCU'), 42);
    expect(n.slice(0, 10)).toBe('MSCU000042');
    expect(Number(n[10])).toBe(oracleRaw(n) % 10);
    fc.assert(
      fc.property(fc.nat({ max: CONTAINER_OWNERS.length - 1 }), fc.nat({ max: 999_999 }), (o, serial) => {
        const s = containerNumber(o, serial);
        expect(s.slice(0, 4)).toBe(CONTAINER_OWNERS[o]);
        expect(Number(s.slice(4, 10))).toBe(serial);
        expect(isValidContainerNumber(s)).toBe(true);
      }),
    );
  });

  it('containerNumber refuses an owner or serial out of range', () => {
    expect(() => containerNumber(-1, 0)).toThrow(RangeError);
    expect(() => containerNumber(CONTAINER_OWNERS.length, 0)).toThrow(RangeError);
    expect(() => containerNumber(0.5, 0)).toThrow(RangeError);
    expect(() => containerNumber(0, 1_000_000)).toThrow(/serial/);
    expect(() => containerNumber(0, -1)).toThrow(/serial/);
    expect(() => containerNumber(0, 1.5)).toThrow(/serial/);
  });

  it('every drawn number is valid and never has remainder 10', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = rngOf(seed);
        for (let k = 0; k < 200; k++) {
          const s = drawContainerNumber(rng);
          expect(isValidContainerNumber(s)).toBe(true);
          expect(CONTAINER_OWNERS).toContain(s.slice(0, 4));
          expect(oracleRaw(s)).not.toBe(10);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('draws serials evenly (apart from the 1/11 removed) and every owner', () => {
    const rng = rngOf(7, 'even');
    const n = 110_000;
    const owners = new Map<string, number>();
    let firstDigitSum = 0;
    for (let k = 0; k < n; k++) {
      const s = drawContainerNumber(rng);
      owners.set(s.slice(0, 4), (owners.get(s.slice(0, 4)) ?? 0) + 1);
      firstDigitSum += Number(s[4]);
    }
    expect(owners.size).toBe(CONTAINER_OWNERS.length);
    // each owner ~ n/12 = 9167, sd ~ 92: ±5 sd
    for (const c of owners.values()) expect(Math.abs(c - n / CONTAINER_OWNERS.length)).toBeLessThan(500);
    // leading serial digit uniform 0–9: mean 4.5, sd of the mean 2.87/√n ≈ 0.0087
    expect(Math.abs(firstDigitSum / n - 4.5)).toBeLessThan(0.05);
  });

  /**
   * What ISO 6346 guarantees for one substituted character, for numbers with remainder r ≠ 10
   * (all drawn ones). The substituted number y passes iff its format holds and
   * (raw(y) mod 10) = check digit. raw(y) − r = 2^i · (value(new) − value(old)) mod 11, and 2^i is
   * invertible mod 11, so:
   *  - the check digit (position 10): always detected;
   *  - a serial digit for a digit (4–9): values differ by 1–9, never 0 mod 11, so raw changes;
   *    undetected only through the alias, r = 0 and raw(y) = 10 (both write 0);
   *  - a letter for a letter (0–3): undetected iff the values are congruent mod 11 (C=13, M=24:
   *    both 2), or the same 0/10 alias;
   *  - any other character for a letter or a digit: format error, always detected.
   */
  it('detects exactly the single substitutions ISO 6346 can detect', () => {
    let undetectedLetters = 0;
    let aliasHits = 0;
    let formatPreserving = 0;
    let detected = 0;
    fc.assert(
      fc.property(seedArb, (seed) => {
        const x = drawContainerNumber(rngOf(seed));
        const r = oracleRaw(x);
        for (let i = 0; i < 11; i++) {
          for (const ch of ALNUM) {
            if (ch === x[i]) continue;
            const y = substitute(x, i, ch);
            const valid = isValidContainerNumber(y);
            const sameClass = i < 4 ? ch >= 'A' && ch <= 'Z' && (i < 3 || 'UJZ'.includes(ch)) : ch >= '0' && ch <= '9';
            if (!sameClass) {
              expect(valid, y).toBe(false);
              continue;
            }
            formatPreserving++;
            if (!valid) detected++;
            if (i === 10) {
              expect(valid, y).toBe(false);
              continue;
            }
            const rawY = oracleRaw(y);
            const congruent = (value(ch) - value(x[i])) % 11 === 0;
            const alias = (r === 0 && rawY === 10) || (r === 10 && rawY === 0);
            expect(valid, `${x} → ${y}`).toBe(congruent || alias);
            if (i >= 4) expect(congruent).toBe(false); // digits are distinct mod 11
            if (i >= 4 && r !== 0) expect(valid, `${x} → ${y}`).toBe(false);
            if (congruent) undetectedLetters++;
            if (alias) aliasHits++;
          }
        }
      }),
      { numRuns: 200 },
    );
    // the blind spots exist (so the assertion above is not vacuous) and are rare
    expect(undetectedLetters).toBeGreaterThan(0);
    expect(aliasHits).toBeGreaterThan(0);
    expect(detected / formatPreserving).toBeGreaterThan(0.9);
  });

  it('has the blind spots the standard has: congruent letters and the 0/10 alias', () => {
    // C = 13 and M = 24 are both 2 mod 11
    expect(isValidContainerNumber('MSQU3054383')).toBe(true);
    // a number with remainder 0, one digit away from one with remainder 10: both end in 0
    let found: [string, string] | undefined;
    for (let serial = 0; serial < 1_000_000 && !found; serial++) {
      const a = `CSQU${String(serial).padStart(6, '0')}`;
      if (oracleRaw(a) !== 0) continue;
      for (let i = 4; i < 10 && !found; i++) {
        for (const d of '0123456789') {
          const b = substitute(a, i, d);
          if (oracleRaw(b) === 10) {
            found = [`${a}0`, `${b}0`];
            break;
          }
        }
      }
    }
    expect(found).toBeDefined();
    const [a, b] = found!;
    expect(diffPositions(a, b)).toHaveLength(1);
    expect(isValidContainerNumber(a)).toBe(true);
    expect(isValidContainerNumber(b)).toBe(true);
  });
});

describe('truck identities', () => {
  it('drawn plates, e-plates, driver cards and seals validate', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = rngOf(seed);
        for (let k = 0; k < 100; k++) {
          const p = drawPlate(rng);
          expect(isValidPlate(p), p).toBe(true);
          expect(p).toHaveLength(7);
          expect(PLATE_PROVINCES).toContain(p[0]);
          expect(p[1] >= 'A' && p[1] <= 'H').toBe(true);
          expect(p).not.toMatch(/[IO]/);
          const e = drawElectronicPlate(rng);
          expect(isValidElectronicPlate(e), e).toBe(true);
          const d = drawDriverCard(rng);
          expect(isValidDriverCard(d), d).toBe(true);
          const s = drawSealNumber(rng);
          expect(isValidSealNumber(s), s).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('plate serials are mostly digits (0.8 per character) and use every plate letter', () => {
    const rng = rngOf(11, 'plates');
    const n = 40_000;
    let digits = 0;
    const letters = new Set<string>();
    const provinces = new Set<string>();
    for (let k = 0; k < n; k++) {
      const p = drawPlate(rng);
      provinces.add(p[0]);
      for (let i = 2; i < 7; i++) {
        if (p[i] >= '0' && p[i] <= '9') digits++;
        else letters.add(p[i]);
      }
    }
    // 200k characters: sd of the share √(0.16/200k) ≈ 0.0009
    expect(Math.abs(digits / (5 * n) - 0.8)).toBeLessThan(0.005);
    expect(letters.size).toBe(24);
    expect(provinces.size).toBe(PLATE_PROVINCES.length);
  });

  it('e-plate bits are unbiased', () => {
    const rng = rngOf(12, 'epc');
    const n = 20_000;
    const ones = new Array<number>(96).fill(0);
    for (let k = 0; k < n; k++) {
      const e = drawElectronicPlate(rng);
      for (let i = 0; i < 24; i++) {
        const v = parseInt(e[i], 16);
        for (let b = 0; b < 4; b++) ones[i * 4 + b] += (v >> b) & 1;
      }
    }
    // each bit: mean n/2, sd √n/2 ≈ 71; ±6 sd over 96 bits
    for (const c of ones) expect(Math.abs(c - n / 2)).toBeLessThan(6 * Math.sqrt(n) / 2);
  });

  it('validators reject near misses', () => {
    for (const bad of ['津I12345', '津A1234O', '津J12345', '津a12345', '津A1234', '津A123456', 'XA12345', 'AA12345', '']) {
      expect(isValidPlate(bad), bad).toBe(false);
    }
    expect(isValidPlate('京A12345')).toBe(true);
    expect(isValidElectronicPlate('0123456789ABCDEF01234567')).toBe(true);
    for (const bad of ['0123456789abcdef01234567', '0123456789ABCDEF0123456', '0123456789ABCDEF012345678', 'G123456789ABCDEF01234567']) {
      expect(isValidElectronicPlate(bad), bad).toBe(false);
    }
    expect(isValidDriverCard('DC012345678901')).toBe(true);
    for (const bad of ['DC01234567890', 'dc012345678901', 'DX012345678901', 'DC01234567890A']) {
      expect(isValidDriverCard(bad), bad).toBe(false);
    }
    expect(isValidSealNumber('AB1234567')).toBe(true);
    for (const bad of ['A11234567', 'ab1234567', 'AB123456', 'AB12345678']) {
      expect(isValidSealNumber(bad), bad).toBe(false);
    }
  });
});

describe('OCR misreads', () => {
  it('confusion tables never map a character to itself, and plate confusions stay in the plate alphabet', () => {
    for (const [c, alts] of [...Object.entries(PLATE_CONFUSIONS), ...Object.entries(CONTAINER_CONFUSIONS)]) {
      expect(alts.length).toBeGreaterThan(0);
      expect(alts).not.toContain(c);
    }
    for (const alts of Object.values(PLATE_CONFUSIONS)) expect(alts).toMatch(/^[0-9A-HJ-NP-Z]+$/);
    // every character a plate or container number can hold has at least one confusion
    for (const c of '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ') expect(PLATE_CONFUSIONS[c], c).toBeDefined();
    for (const c of ALNUM) expect(CONTAINER_CONFUSIONS[c], c).toBeDefined();
  });

  it('a misread plate differs in one serial character, by a listed confusion, and is still a valid plate', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = rngOf(seed);
        for (let k = 0; k < 50; k++) {
          const p = drawPlate(rng);
          const m = misreadPlate(p, rng);
          expect(m).not.toBe(p);
          const d = diffPositions(p, m);
          expect(d).toHaveLength(1);
          expect(d[0]).toBeGreaterThanOrEqual(2);
          expect(PLATE_CONFUSIONS[p[d[0]]]).toContain(m[d[0]]);
          expect(isValidPlate(m), m).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('a misread container number differs in one character, by a listed confusion', () => {
    let caught = 0;
    let total = 0;
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = rngOf(seed);
        for (let k = 0; k < 50; k++) {
          const c = drawContainerNumber(rng);
          const m = misreadContainerNumber(c, rng);
          expect(m).not.toBe(c);
          expect(m).toHaveLength(11);
          const d = diffPositions(c, m);
          expect(d).toHaveLength(1);
          expect(CONTAINER_CONFUSIONS[c[d[0]]]).toContain(m[d[0]]);
          total++;
          if (!isValidContainerNumber(m)) caught++;
        }
      }),
      { numRuns: 50 },
    );
    // format and check digit together flag nearly every misread (the rest are congruent-letter swaps)
    expect(caught / total).toBeGreaterThan(0.9);
  });

  it('misreads any string with a confusable character, and refuses one without', () => {
    fc.assert(
      fc.property(seedArb, fc.string({ minLength: 1, maxLength: 20 }), (seed, s) => {
        const rng = rngOf(seed);
        const readable = [...s].some((ch) => CONTAINER_CONFUSIONS[ch] !== undefined);
        if (!readable) {
          expect(() => misreadContainerNumber(s, rng)).toThrow(RangeError);
          return;
        }
        const m = misreadContainerNumber(s, rng);
        expect(m).toHaveLength(s.length);
        expect(m).not.toBe(s);
        expect(diffPositions(s, m)).toHaveLength(1);
      }),
    );
    expect(() => misreadPlate('津A', rngOf(1))).toThrow(RangeError);
  });

  it('uses every position and every confusion over many draws', () => {
    const rng = rngOf(5, 'spread');
    const plate = '津A08B5Z';
    const seen = new Set<string>();
    for (let k = 0; k < 5000; k++) seen.add(misreadPlate(plate, rng));
    let expected = 0;
    for (let i = 2; i < 7; i++) expected += PLATE_CONFUSIONS[plate[i]].length;
    expect(seen.size).toBe(expected);
  });
});

describe('determinism', () => {
  it('the same generator state gives the same identifiers', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const state = rngOf(seed).state();
        const run = () => {
          const r = new Rng('copy', state);
          const out: string[] = [];
          for (let k = 0; k < 20; k++) {
            const p = drawPlate(r);
            const c = drawContainerNumber(r);
            out.push(p, c, drawElectronicPlate(r), drawDriverCard(r), drawSealNumber(r), misreadPlate(p, r), misreadContainerNumber(c, r));
          }
          return out;
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 50 },
    );
  });

  it('uses no randomness beyond the Rng passed in: the same state gives the same identifiers whatever Math.random, the clock and crypto give', () => {
    const state = rngOf(3).state();
    const draws = () => {
      const r = new Rng('copy', state);
      const out: string[] = [];
      for (let k = 0; k < 100; k++) {
        const p = drawPlate(r);
        const c = drawContainerNumber(r);
        out.push(p, c, drawElectronicPlate(r), drawDriverCard(r), drawSealNumber(r), misreadPlate(p, r), misreadContainerNumber(c, r));
      }
      return out;
    };
    // two runs under different stand-ins for the host's sources: any that the identifiers read would make them differ
    const under = (random: number, now: number) => {
      const rnd = vi.spyOn(Math, 'random').mockReturnValue(random);
      const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
      const bytes = vi.spyOn(globalThis.crypto, 'getRandomValues');
      try {
        const out = draws();
        expect(rnd).not.toHaveBeenCalled();
        expect(clock).not.toHaveBeenCalled();
        expect(bytes).not.toHaveBeenCalled();
        return out;
      } finally {
        vi.restoreAllMocks();
      }
    };
    const a = under(0, 0);
    expect(under(0.999999, 4e12)).toEqual(a);
    // and they do draw from it: of 100 plates, container numbers, e-plates, cards and seals each, nearly all differ
    for (let i = 0; i < 5; i++) expect(new Set(a.filter((_, j) => j % 7 === i)).size).toBeGreaterThan(95);
  });
});
