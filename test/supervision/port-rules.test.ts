/**
 * The port's supervision rules, each as a customs officer states it: random control by credit
 * class, the second review, the blue-channel audit, the re-check of green releases, the inspection
 * notice with information sharing, capacity-aware budgets.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_FINDS, AUDIT_NONE, AUDIT_NOTHING_FOUND, blueChannelAudit } from '../../sim/supervision/blue-channel-audit.js';
import { PLANNED_UTILISATION, channelSelectorOptions, dailyChecks, officerSecondsPerDay } from '../../sim/supervision/channel-capacity.js';
import { recheckFinds, rechecksGreenRelease } from '../../sim/supervision/green-recheck.js';
import { inspectionNoticeDelayS } from '../../sim/supervision/inspection-notice.js';
import { pickedForRandomControl, randomControlChannel, randomControlRates } from '../../sim/supervision/random-control.js';
import {
  SECOND_REVIEW_CONFIRMED,
  SECOND_REVIEW_NONE,
  SECOND_REVIEW_NOT_CONFIRMED,
  channelAfterSecondReview,
  needsSecondReview,
  secondReviewThreshold,
} from '../../sim/supervision/second-review.js';
import {
  CH_BLUE, CH_GREEN, CH_ORANGE, CH_RED, CH_YELLOW, CREDIT_ADVANCED_AEO, CREDIT_DISHONEST, R_DOC, R_PHYSICAL, V_NONE, V_PROHIBITED,
} from '../../sim/supervision/vocabulary.js';
import { policy, world } from '../agents/port-fixture.js';

const byClass = { advanced_aeo: 0.005, general_aeo: 0.01, general: 0.03, dishonest: 0.2 };

describe('random control by credit class', () => {
  const rates = randomControlRates({ randomRate: byClass });
  it('a draw that picks a dishonest enterprise does not pick an advanced AEO', () => {
    expect(rates).toEqual([0.005, 0.01, 0.03, 0.2]);
    expect(pickedForRandomControl(0.1, CREDIT_DISHONEST, rates)).toBe(true);
    expect(pickedForRandomControl(0.1, CREDIT_ADVANCED_AEO, rates)).toBe(false);
  });
  it('random picks go to the scanner only when it comes first and exists', () => {
    expect(randomControlChannel(true, true)).toBe(CH_ORANGE);
    expect(randomControlChannel(true, false)).toBe(CH_RED);
    expect(randomControlChannel(false, true)).toBe(CH_RED);
  });
});

describe('second review', () => {
  it('only high-scoring inspections wait for it, and never under the random model', () => {
    expect(needsSecondReview(0.9, 0.8, CH_RED, true)).toBe(true);
    expect(needsSecondReview(0.9, 0.8, CH_ORANGE, true)).toBe(true);
    expect(needsSecondReview(0.9, 0.8, CH_YELLOW, true)).toBe(false);
    expect(needsSecondReview(0.7, 0.8, CH_RED, true)).toBe(false);
    expect(needsSecondReview(0.9, 0.8, CH_RED, false)).toBe(false);
    expect(secondReviewThreshold('random', 0.5)).toBe(Infinity);
  });
  it('a confirmation upgrades to red; a rejection downgrades red to the scanner, else to a document review', () => {
    expect(channelAfterSecondReview(CH_ORANGE, SECOND_REVIEW_CONFIRMED, true, true)).toBe(CH_RED);
    expect(channelAfterSecondReview(CH_ORANGE, SECOND_REVIEW_CONFIRMED, false, true)).toBe(CH_ORANGE);
    expect(channelAfterSecondReview(CH_RED, SECOND_REVIEW_NOT_CONFIRMED, true, true)).toBe(CH_ORANGE);
    expect(channelAfterSecondReview(CH_RED, SECOND_REVIEW_NOT_CONFIRMED, true, false)).toBe(CH_YELLOW);
    expect(channelAfterSecondReview(CH_ORANGE, SECOND_REVIEW_NOT_CONFIRMED, true, true)).toBe(CH_YELLOW);
    expect(channelAfterSecondReview(CH_GREEN, SECOND_REVIEW_NONE, true, true)).toBe(CH_GREEN);
  });
});

describe('blue-channel audit', () => {
  const rate = { advanced_aeo: 0.05, general_aeo: 0.1, general: 0.3, dishonest: 1 };
  const detect = { misclassified_hs: 0.5, undervaluation: 0.5, quantity_weight: 0.5, prohibited: 0.9, ipr: 0.5, origin_fraud: 0.5 };
  it('audits blue releases only, at the class rate, and finds with the audit skill', () => {
    expect(blueChannelAudit(CH_GREEN, CREDIT_DISHONEST, V_PROHIBITED, 0, 0, rate, detect)).toBe(AUDIT_NONE);
    expect(blueChannelAudit(CH_BLUE, CREDIT_ADVANCED_AEO, V_PROHIBITED, 0.2, 0, rate, detect)).toBe(AUDIT_NONE);
    expect(blueChannelAudit(CH_BLUE, CREDIT_DISHONEST, V_PROHIBITED, 0.2, 0.8, rate, detect)).toBe(AUDIT_FINDS);
    expect(blueChannelAudit(CH_BLUE, CREDIT_DISHONEST, V_PROHIBITED, 0.2, 0.95, rate, detect)).toBe(AUDIT_NOTHING_FOUND);
    expect(blueChannelAudit(CH_BLUE, CREDIT_DISHONEST, V_NONE, 0.2, 0, rate, detect)).toBe(AUDIT_NOTHING_FOUND);
  });
});

describe('re-check of green releases', () => {
  it('re-checks a share of green releases when a document reviewer is on duty', () => {
    expect(rechecksGreenRelease(CH_GREEN, 0.02, 0.03, true)).toBe(true);
    expect(rechecksGreenRelease(CH_GREEN, 0.04, 0.03, true)).toBe(false);
    expect(rechecksGreenRelease(CH_BLUE, 0.02, 0.03, true)).toBe(false);
    expect(rechecksGreenRelease(CH_GREEN, 0.02, 0.03, false)).toBe(false);
  });
  it('finds a violation once: not one already found, not a clean consignment', () => {
    expect(recheckFinds(true, V_PROHIBITED, false)).toBe(true);
    expect(recheckFinds(true, V_PROHIBITED, true)).toBe(false);
    expect(recheckFinds(true, V_NONE, false)).toBe(false);
    expect(recheckFinds(false, V_PROHIBITED, false)).toBe(false);
  });
});

describe('inspection notice', () => {
  it('reaches the enterprise at once with information sharing, after the delay without', () => {
    expect(inspectionNoticeDelayS(true, 5400)).toBe(0);
    expect(inspectionNoticeDelayS(false, 5400)).toBe(5400);
  });
});

describe('capacity-aware channel filling', () => {
  it('counts officer time across midnight and plans at the planned utilisation', () => {
    expect(officerSecondsPerDay([{ from: '22:00', to: '06:00', officers: 2 }])).toBe(2 * 8 * 3600);
    const p = policy({ staffing: { ...policy().staffing, physical_inspector: [{ from: '08:00', to: '16:00', officers: 3 }] } });
    // 3 officers × 8 h, planned 85 % busy: 20.4 one-hour checks a day
    expect(dailyChecks(p, R_PHYSICAL, 3600)).toBeCloseTo(20.4, 9);
    expect(PLANNED_UTILISATION).toBe(0.85);
  });
  it('gives an unstaffed role no budget and a policy without scanner no orange share', () => {
    const p = policy({ staffing: { ...policy().staffing, doc_reviewer: [] }, inspection: { scannerFirst: false, scanners: 0 } });
    const o = channelSelectorOptions(p, world().times);
    expect(dailyChecks(p, R_DOC, 600)).toBe(0);
    expect(o.dailyCapacity[2]).toBe(0);
    expect(o.targets[1]).toBe(0);
    expect(o.dailyCapacity[3]).toBe(Infinity);
  });
});
