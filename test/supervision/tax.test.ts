import { describe, expect, it } from 'vitest';
import { VAT_RATE, dutyAndVat, dutyRateOf } from '../../sim/supervision/tax.js';
import { HS_HEADINGS } from '../../sim/supervision/hs-catalog.js';

describe('duty and import VAT (内销补税)', () => {
  it('charges VAT on the duty-paid value', () => {
    expect(dutyAndVat(1000, 0.1)).toBeCloseTo(100 + 1100 * VAT_RATE);
    expect(dutyAndVat(1000, 0)).toBeCloseTo(1000 * VAT_RATE);
  });
  it('refuses a negative value or a rate outside [0, 1], and an HS code not in the catalogue', () => {
    expect(() => dutyAndVat(-1, 0.1)).toThrow(RangeError);
    expect(() => dutyAndVat(1, 1.5)).toThrow(RangeError);
    expect(() => dutyRateOf('000000')).toThrow(/no HS heading/);
    expect(dutyRateOf(HS_HEADINGS[0].code)).toBe(HS_HEADINGS[0].dutyRate);
  });
});
