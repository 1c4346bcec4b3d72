/**
 * A small port configured in code, for tests: 40 consignments an hour, a few officers of each
 * role, and a policy that uses every path (smart and manual lanes, scanner, review, red, blue,
 * green with re-checks, second review). Tests derive variants with `policy({...})`.
 */
import type { PolicySpec, PortConfig, SkillSpec, WorldSpec } from '../../sim/supervision/port-config.js';
import { DEFAULT_RISK_WEIGHTS } from '../../sim/supervision/risk-features.js';

const HOUR = 3600;

const skill = (speed: [number, number], detect: number, falseAlarm: number): SkillSpec => ({
  speedMin: speed[0],
  speedMax: speed[1],
  detect: { misclassified_hs: detect, undervaluation: detect, quantity_weight: detect, prohibited: detect, ipr: detect, origin_fraud: detect },
  falseAlarm,
});

export function world(over: Partial<WorldSpec> = {}): WorldSpec {
  return {
    arrivalsUntil: 48 * HOUR,
    endS: 48 * HOUR,
    warmupS: 6 * HOUR,
    arrivals: { perHour: 40 },
    maxConsignments: Infinity,
    importShare: 0.6,
    population: {
      enterprises: 120,
      creditMix: { advanced_aeo: 0.05, general_aeo: 0.15, general: 0.72, dishonest: 0.08 },
      erpConnected: { advanced_aeo: 0.9, general_aeo: 0.7, general: 0.3, dishonest: 0.1 },
      newShare: 0.05,
      kindMix: { manufacturer: 0.4, logistics: 0.2, trader: 0.3, forwarder: 0.1 },
      volumeCv: 1,
      eplateShare: 0.9,
    },
    truth: {
      violationRate: { advanced_aeo: 0.005, general_aeo: 0.01, general: 0.04, dishonest: 0.2 },
      mix: { misclassified_hs: 0.25, undervaluation: 0.3, quantity_weight: 0.15, prohibited: 0.05, ipr: 0.1, origin_fraud: 0.15 },
      propensityShape: 2,
    },
    times: {
      erpEntryS: { dist: 'triangular', min: 60, mode: 120, max: 300 },
      manualEntryS: { dist: 'triangular', min: 600, mode: 1200, max: 3600 },
      manualErrorRate: 0.08,
      erpErrorRate: 0.01,
      preArrivalLeadS: { dist: 'uniform', min: 3600, max: 6 * HOUR },
      riskScreenS: { dist: 'uniform', min: 2, max: 10 },
      docReviewS: { dist: 'triangular', min: 180, mode: 300, max: 900 },
      recheckS: { dist: 'triangular', min: 120, mode: 240, max: 600 },
      secondReviewS: { dist: 'triangular', min: 120, mode: 300, max: 600 },
      imageAnalysisS: { dist: 'triangular', min: 60, mode: 180, max: 420 },
      scanS: { dist: 'uniform', min: 60, max: 120 },
      physicalS: { dist: 'triangular', min: 1800, mode: 2700, max: 5400 },
      manualGateS: { dist: 'triangular', min: 40, mode: 70, max: 150 },
      smartGateS: { dist: 'triangular', min: 4.5, mode: 5.5, max: 7.5 },
      misreadFixS: { dist: 'triangular', min: 45, mode: 90, max: 240 },
      containerMoveS: { dist: 'triangular', min: 900, mode: 1800, max: 3600 },
      noticeDelayS: { dist: 'triangular', min: 1800, mode: 3 * HOUR, max: 8 * HOUR },
      correctionS: { dist: 'triangular', min: 900, mode: 1800, max: 3600 },
    },
    skills: {
      doc: skill([0.8, 1.2], 0.3, 0.02),
      image: skill([0.8, 1.2], 0.6, 0.03),
      physical: skill([0.8, 1.2], 0.9, 0),
      risk: skill([0.8, 1.2], 0.5, 0.2),
      audit: skill([1, 1], 0.6, 0),
    },
    weightTolerance: 0.1,
    ...over,
  };
}

const allDay = (officers: number) => [
  { from: '08:00', to: '20:00', officers },
  { from: '20:00', to: '08:00', officers },
];

export function policy(over: Partial<PolicySpec> = {}): PolicySpec {
  return {
    name: 'test',
    declaration: { useErp: true, lodge: 'at_arrival' },
    gate: { smartLanes: 2, manualLanes: 1, misreadRate: 0.02 },
    inspection: { scannerFirst: true, scanners: 1 },
    risk: {
      model: 'learning',
      reviewAll: false,
      targets: { red: 0.02, orange: 0.05, yellow: 0.08, blue: 0.05 },
      randomRate: { advanced_aeo: 0.002, general_aeo: 0.005, general: 0.01, dishonest: 0.05 },
      recheckRate: 0.03,
      secondReviewScore: 0.5,
      learningRate: 0.05,
      weights: DEFAULT_RISK_WEIGHTS,
      capacityAware: true,
    },
    infoSharing: true,
    auditRate: { advanced_aeo: 0.2, general_aeo: 0.2, general: 0.2, dishonest: 0.2 },
    staffing: {
      doc_reviewer: allDay(2),
      gate_officer: allDay(1),
      image_analyst: allDay(1),
      physical_inspector: allDay(3),
      risk_analyst: allDay(1),
    },
    ...over,
  };
}

export function config(w: Partial<WorldSpec> = {}, p: Partial<PolicySpec> = {}): PortConfig {
  return { world: world(w), policy: policy(p) };
}
