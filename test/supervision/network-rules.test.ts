/** The road network's supervision rules: inspection and procedure by credit class, the enter-first deadline. */
import { describe, expect, it } from 'vitest';
import { aggregatedFilingAt, aggregationPeriod, filesLate, singleFilingAt } from '../../sim/supervision/enter-first-deadline.js';
import { chosenForInspection, inspectionFinds, procedureFor } from '../../sim/supervision/network-inspection.js';
import { CREDIT_ADVANCED_AEO, CREDIT_DISHONEST } from '../../sim/supervision/vocabulary.js';

const DAY = 86400;

describe('enter first, declare later: the deadline', () => {
  it('a single declaration is filed after its filing time, never after the deadline', () => {
    expect(singleFilingAt(100, 100 + 14 * DAY, 3 * DAY)).toBe(100 + 3 * DAY);
    expect(singleFilingAt(100, 100 + 14 * DAY, 20 * DAY)).toBe(100 + 14 * DAY);
  });
  it('an aggregated declaration is filed after its period closes, at the latest on its first entry\'s deadline', () => {
    const week = 7 * DAY;
    expect(aggregationPeriod(10 * DAY, week)).toBe(1);
    expect(aggregatedFilingAt(1, week, 24 * DAY, DAY)).toBe(15 * DAY);
    expect(aggregatedFilingAt(1, week, 14.5 * DAY, DAY)).toBe(14.5 * DAY);
  });
  it('late filing is hidden truth by credit class', () => {
    const rate = { advanced_aeo: 0, general_aeo: 0.01, general: 0.05, dishonest: 0.3 };
    expect(filesLate(0.2, CREDIT_DISHONEST, rate)).toBe(true);
    expect(filesLate(0, CREDIT_ADVANCED_AEO, rate)).toBe(false);
  });
});

describe('inspection and procedure by credit class', () => {
  const rate = { advanced_aeo: 0.01, general_aeo: 0.03, general: 0.08, dishonest: 0.5 };
  it('chooses with the class rate; finds only a misdeclaration that is there', () => {
    expect(chosenForInspection(0.4, CREDIT_DISHONEST, rate)).toBe(true);
    expect(chosenForInspection(0.4, CREDIT_ADVANCED_AEO, rate)).toBe(false);
    expect(inspectionFinds(true, () => 0.5, 0.8)).toBe(true);
    expect(inspectionFinds(false, () => 0, 1)).toBe(false);
  });
  it('the procedure follows the class', () => {
    const p = { advanced_aeo: 'factory_direct', general_aeo: 'regional', general: 'transfer', dishonest: 'transfer' } as const;
    expect(procedureFor(CREDIT_ADVANCED_AEO, p)).toBe('factory_direct');
    expect(procedureFor(CREDIT_DISHONEST, p)).toBe('transfer');
  });
});
