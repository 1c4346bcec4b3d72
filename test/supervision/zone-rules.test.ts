/** The zone's supervision rules: the audit calendar with the dumbbell, the zone gate check, the book check. */
import { describe, expect, it } from 'vitest';
import { bookCheckOutcome, takesStocktake } from '../../sim/supervision/book-check.js';
import type { WriteOffLine } from '../../sim/supervision/write-off.js';
import {
  NO_AUDIT_LOOK_AGAIN_S,
  auditFinds,
  auditsPerYear,
  calendarAuditGapS,
  signalPromptsAudit,
} from '../../sim/supervision/zone-audit-calendar.js';
import { zoneGateCatches } from '../../sim/supervision/zone-gate-check.js';
import { CREDIT_ADVANCED_AEO, CREDIT_DISHONEST } from '../../sim/supervision/vocabulary.js';

const DAY = 86400;
const fixed = (u: number) => ({ calls: 0, next() { this.calls++; return u; } });

describe('audit calendar and the dumbbell audit', () => {
  it('draws exponential gaps at the class rate: a median gap of ln 2 / rate years', () => {
    expect(auditsPerYear({ advanced_aeo: 0.25, general_aeo: 0.5, general: 1, dishonest: 2 }, CREDIT_DISHONEST)).toBe(2);
    expect(calendarAuditGapS(2, 0.5) / (365 * DAY)).toBeCloseTo(Math.LN2 / 2);
  });
  it('a discrepancy within tolerance prompts an audit only with on_signal and none pending', () => {
    expect(signalPromptsAudit(false, 3, true, false)).toBe(true);
    expect(signalPromptsAudit(false, 3, false, false)).toBe(false);
    expect(signalPromptsAudit(false, 3, true, true)).toBe(false);
    expect(signalPromptsAudit(false, 0, true, false)).toBe(false);
    expect(signalPromptsAudit(true, 3, true, false)).toBe(false);
  });
  it('an audit finds an open scheme with its detection rate, and draws nothing otherwise', () => {
    const r = fixed(0.5);
    expect(auditFinds(true, r, 0.7)).toBe(true);
    expect(auditFinds(true, r, 0.3)).toBe(false);
    expect(auditFinds(false, r, 1)).toBe(false);
    expect(r.calls).toBe(2);
  });
});

describe('zone gate check', () => {
  it('catches with check rate × detection of the class', () => {
    const rate = { advanced_aeo: 0.01, general_aeo: 0.02, general: 0.05, dishonest: 0.2 };
    expect(zoneGateCatches(0.09, CREDIT_DISHONEST, rate, 0.5)).toBe(true);
    expect(zoneGateCatches(0.11, CREDIT_DISHONEST, rate, 0.5)).toBe(false);
    expect(zoneGateCatches(0.009, CREDIT_ADVANCED_AEO, rate, 0.5)).toBe(false);
  });
});

describe('book check (verification, write-off)', () => {
  const line = (imported: number, discrepancy: number) => ({ item: 1, imported, discrepancy }) as unknown as WriteOffLine;
  it('a line beyond tolerance opens a case; small ones only add up', () => {
    expect(bookCheckOutcome([line(1000, 5), line(1000, -3)], 0.01)).toEqual({ beyond: false, discrepancy: 8 });
    expect(bookCheckOutcome([line(1000, 11)], 0.01)).toEqual({ beyond: true, discrepancy: 11 });
  });
  it('only a write-off takes a stocktake, and a verification draws nothing', () => {
    const r = fixed(0.1);
    expect(takesStocktake('verification', r, 1)).toBe(false);
    expect(r.calls).toBe(0);
    expect(takesStocktake('write_off', r, 0.2)).toBe(true);
    expect(takesStocktake('write_off', r, 0.05)).toBe(false);
  });
});
