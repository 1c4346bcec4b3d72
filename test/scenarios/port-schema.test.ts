/**
 * The port family of scenarios: the shipped files, every validation rule with the exact message
 * and place, defaults, the mapping to the simulator's PortConfig, and the choice of family.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { canonicalJson, loadScenario, parseScenario, scenarioHash, ScenarioError } from '../../scenarios/loader.js';
import { portConfigFor, portConfigs, portPolicyNames, portWorld } from '../../scenarios/port-config.js';
import { DEFAULT_PORT_TIMES, DEFAULT_SKILLS, type PortScenario } from '../../scenarios/port-schema.js';
import type { GateScenario, Scenario } from '../../scenarios/schema.js';
import { DEFAULT_RISK_WEIGHTS } from '../../sim/supervision/risk-features.js';
import type { PortConfig, StaffWindow } from '../../sim/supervision/port-config.js';
import { CREDIT_CLASSES, ROLES, type ByCredit } from '../../sim/supervision/vocabulary.js';
import { edit, rejected, outcome } from './helpers.js';

const file = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

/** A valid port scenario with two policies (line numbers matter: the cases below point into it). */
const PORT_BASE = `version: 1
name: port-test
seed: 3
horizon: { hours: 48, warmup_hours: 12 }
site:
  port: { name: test port }
demand:
  arrivals: { per_hour: 300 }
  import_share: 0.6
population:
  enterprises: 400
  credit_mix: { advanced_aeo: 0.04, general_aeo: 0.12, general: 0.78, dishonest: 0.06 }
  erp_connected: { advanced_aeo: 0.95, general_aeo: 0.8, general: 0.35, dishonest: 0.1 }
  new_share: 0.05
  kind_mix: { manufacturer: 0.4, logistics: 0.2, trader: 0.3, forwarder: 0.1 }
  volume_cv: 1.5
  eplate_share: 0.9
truth:
  violation_rate: { advanced_aeo: 0.003, general_aeo: 0.008, general: 0.03, dishonest: 0.15 }
  mix: { misclassified_hs: 0.25, undervaluation: 0.3, quantity_weight: 0.15, prohibited: 0.05, ipr: 0.1, origin_fraud: 0.15 }
  propensity_shape: 2
policies:
  - name: baseline
    declaration: { erp: false, lodge: at_arrival }
    gate: { smart_lanes: 0, manual_lanes: 8 }
    inspection: { scanner_first: false, scanners: 0 }
    risk:
      model: rules
      review_all: true
      targets: { red: 0.02, orange: 0, yellow: 0, blue: 0 }
      random_rate: 0.01
      recheck_rate: 0
    info_sharing: false
    audit_rate: 0.02
    staffing:
      doc_reviewer: [{ from: "08:00", to: "20:00", officers: 12 }, { from: "20:00", to: "08:00", officers: 4 }]
      gate_officer: [{ from: "00:00", to: "24:00", officers: 8 }]
      image_analyst: []
      physical_inspector: [{ from: "08:00", to: "20:00", officers: 6 }]
      risk_analyst: [{ from: "08:00", to: "20:00", officers: 2 }]
  - name: reform
    declaration: { erp: true, lodge: before_arrival }
    gate: { smart_lanes: 8, manual_lanes: 2, misread_rate: 0.01 }
    inspection: { scanner_first: true, scanners: 2 }
    risk:
      model: learning
      review_all: false
      targets: { red: 0.01, orange: 0.05, yellow: 0.08, blue: 0.04 }
      random_rate: { advanced_aeo: 0.001, general_aeo: 0.005, general: 0.01, dishonest: 0.05 }
      recheck_rate: 0.03
      second_review_score: 0.8
      learning_rate: 0.1
      weights: { bias: -4, credit_dishonest: 2 }
      capacity_aware: false
    info_sharing: true
    audit_rate: { advanced_aeo: 0.01, general_aeo: 0.02, general: 0.05, dishonest: 0.2 }
    staffing:
      doc_reviewer:
        - { from: "08:00", to: "20:00", officers: 6 }
      gate_officer:
        - { from: "06:00", to: "22:00", officers: 4 }
        - { from: "22:00", to: "06:00", officers: 2 }
      image_analyst:
        - { from: "08:00", to: "20:00", officers: 3 }
      physical_inspector:
        - { from: "08:00", to: "20:00", officers: 6 }
      risk_analyst:
        - { from: "08:00", to: "20:00", officers: 4 }
`;

const port = (text: string = PORT_BASE): PortScenario => parseScenario(text, 'port.yaml', 'port');
/** PORT_BASE with one exact substring replaced (it must occur once). */
const e = (from: string, to: string, text = PORT_BASE) => edit(from, to, text);

describe('the port fixture', () => {
  it('is valid, a port scenario with two policies', () => {
    const s = parseScenario(PORT_BASE, 'port.yaml');
    expect(s.kind).toBe('port');
    if (s.kind !== 'port') return;
    expect(portPolicyNames(s)).toEqual(['baseline', 'reform']);
  });
});

// Each broken input must give exactly this one line: FILE:LINE:COL: PATH: MESSAGE.
const cases: [string, string, string][] = [
  [
    'credit mix not summing to 1',
    e('general: 0.78, dishonest: 0.06 }\n  erp', 'general: 0.7, dishonest: 0.06 }\n  erp'),
    'bad.yaml:12:15: population.credit_mix: expected shares that sum to 1, got 0.92 (advanced_aeo 0.04 + general_aeo 0.12 + general 0.7 + dishonest 0.06)',
  ],
  [
    'kind mix not summing to 1',
    e('forwarder: 0.1', 'forwarder: 0.2'),
    'bad.yaml:15:13: population.kind_mix: expected shares that sum to 1, got 1.1 (manufacturer 0.4 + logistics 0.2 + trader 0.3 + forwarder 0.2)',
  ],
  [
    'violation mix not summing to 1',
    e('origin_fraud: 0.15', 'origin_fraud: 0.1'),
    'bad.yaml:20:8: truth.mix: expected shares that sum to 1, got 0.95 (misclassified_hs 0.25 + undervaluation 0.3 + quantity_weight 0.15 + prohibited 0.05 + ipr 0.1 + origin_fraud 0.1)',
  ],
  ['share above 1', e('new_share: 0.05', 'new_share: 1.2'), 'bad.yaml:14:14: population.new_share: expected a probability between 0 and 1, got 1.2'],
  [
    'negative probability',
    e('general: 0.35', 'general: -0.1'),
    'bad.yaml:13:67: population.erp_connected.general: expected a probability between 0 and 1, got -0.1',
  ],
  [
    'credit class missing from a mix',
    e('general_aeo: 0.12, ', ''),
    "bad.yaml:12:15: population.credit_mix.general_aeo: missing required key 'general_aeo'",
  ],
  [
    'unknown key, with a suggestion',
    e('  import_share: 0.6', '  import_shar: 0.6'),
    "bad.yaml:9:3: demand.import_shar: unknown key 'import_shar' (did you mean 'import_share'? allowed: arrivals, import_share)",
  ],
  [
    'unknown key in a policy, with a suggestion',
    e('scanners: 2', 'scaners: 2'),
    "bad.yaml:44:40: policies[1].inspection.scaners: unknown key 'scaners' (did you mean 'scanners'? allowed: scanner_first, scanners)",
  ],
  [
    'unknown credit class in a random rate',
    e('general: 0.01, dishonest: 0.05 }', 'general: 0.01, dishonst: 0.05 }'),
    "bad.yaml:49:78: policies[1].risk.random_rate.dishonst: unknown key 'dishonst' (did you mean 'dishonest'? allowed: advanced_aeo, general_aeo, general, dishonest)",
  ],
  [
    'unknown risk feature in weights',
    e('credit_dishonest: 2', 'credit_dishonst: 2'),
    "bad.yaml:53:28: policies[1].risk.weights.credit_dishonst: unknown key 'credit_dishonst' (did you mean 'credit_dishonest'? allowed: bias, hs_sensitive, hs_medium, origin_risk, origin_fta, value_off_ref, weight_odd, new_importer, credit_dishonest, credit_general, credit_general_aeo, credit_advanced_aeo, docs_mismatch, ipr_brand, prohibited_prone)",
  ],
  [
    'staff window from == to',
    e('{ from: "06:00", to: "22:00", officers: 4 }', '{ from: "06:00", to: "06:00", officers: 4 }'),
    'bad.yaml:61:32: policies[1].staffing.gate_officer[0].to: expected an end other than the start (06:00): the window would be empty; 00:00 to 24:00 is round the clock, got "06:00"',
  ],
  [
    'staff windows overlapping across midnight',
    e('{ from: "22:00", to: "06:00", officers: 2 }', '{ from: "20:00", to: "07:00", officers: 2 }'),
    'bad.yaml:62:11: policies[1].staffing.gate_officer[1]: window 20:00-07:00 overlaps gate_officer[0] (06:00-22:00)',
  ],
  [
    'staff window starting at 24:00',
    e('{ from: "22:00", to: "06:00", officers: 2 }', '{ from: "24:00", to: "06:00", officers: 2 }'),
    'bad.yaml:62:19: policies[1].staffing.gate_officer[1].from: expected a start time from 00:00 to 23:59 (midnight is 00:00), got "24:00"',
  ],
  [
    'fractional officers',
    e('officers: 3 }', 'officers: 2.5 }'),
    'bad.yaml:64:51: policies[1].staffing.image_analyst[0].officers: expected an integer >= 0, got 2.5',
  ],
  [
    'scanner_first without a scanner',
    e('{ scanner_first: true, scanners: 2 }', '{ scanner_first: true, scanners: 0 }'),
    'bad.yaml:44:50: policies[1].inspection.scanners: expected at least 1 scanner: scanner_first sends inspections to the H986 scanner, got 0',
  ],
  [
    'orange channel without a scanner',
    e('image_analyst: []', 'image_analyst: [{ from: "08:00", to: "20:00", officers: 1 }]', e('targets: { red: 0.02, orange: 0,', 'targets: { red: 0.02, orange: 0.05,')),
    'bad.yaml:26:51: policies[0].inspection.scanners: expected at least 1 scanner: risk.targets.orange is 0.05 (the orange channel is an H986 scan), got 0',
  ],
  [
    'no lane at all',
    e('{ smart_lanes: 0, manual_lanes: 8 }', '{ smart_lanes: 0, manual_lanes: 0 }'),
    'bad.yaml:25:11: policies[0].gate: expected at least one lane (smart_lanes + manual_lanes >= 1), got none',
  ],
  [
    'manual lanes without gate officers',
    e('gate_officer: [{ from: "00:00", to: "24:00", officers: 8 }]', 'gate_officer: []'),
    'bad.yaml:37:21: policies[0].staffing.gate_officer: no gate officers on duty in any window, but gate.manual_lanes is 8 (a manual lane needs an officer)',
  ],
  [
    'red channel without physical inspectors (windows of 0 officers)',
    e('physical_inspector: [{ from: "08:00", to: "20:00", officers: 6 }]', 'physical_inspector: [{ from: "08:00", to: "20:00", officers: 0 }]'),
    'bad.yaml:39:27: policies[0].staffing.physical_inspector: no physical inspectors on duty in any window, but risk.targets.red is 0.02 (the red channel is a physical inspection)',
  ],
  [
    'random selection without physical inspectors',
    e('physical_inspector: [{ from: "08:00", to: "20:00", officers: 6 }]', 'physical_inspector: []', e('red: 0.02,', 'red: 0,')),
    'bad.yaml:39:27: policies[0].staffing.physical_inspector: no physical inspectors on duty in any window, but the policy selects consignments at random for inspection (risk.random_rate or model random)',
  ],
  [
    'review_all without document reviewers',
    e('doc_reviewer: [{ from: "08:00", to: "20:00", officers: 12 }, { from: "20:00", to: "08:00", officers: 4 }]', 'doc_reviewer: []'),
    'bad.yaml:36:21: policies[0].staffing.doc_reviewer: no doc reviewers on duty in any window, but risk.review_all is true (every declaration gets a document review)',
  ],
  [
    'yellow channel without document reviewers',
    e('        - { from: "08:00", to: "20:00", officers: 6 }\n      gate', '        - { from: "08:00", to: "20:00", officers: 0 }\n      gate'),
    'bad.yaml:58:7: policies[1].staffing.doc_reviewer: no doc reviewers on duty in any window, but risk.targets.yellow is 0.08 (the yellow channel is a document review)',
  ],
  [
    're-checks without document reviewers',
    e(
      'doc_reviewer: [{ from: "08:00", to: "20:00", officers: 12 }, { from: "20:00", to: "08:00", officers: 4 }]',
      'doc_reviewer: []',
      e('review_all: true', 'review_all: false', e('recheck_rate: 0\n', 'recheck_rate: 0.03\n')),
    ),
    'bad.yaml:36:21: policies[0].staffing.doc_reviewer: no doc reviewers on duty in any window, but risk.recheck_rate is 0.03 (green releases re-checked by a document reviewer)',
  ],
  [
    'scans without image analysts',
    e('        - { from: "08:00", to: "20:00", officers: 3 }', '        - { from: "08:00", to: "20:00", officers: 0 }'),
    'bad.yaml:63:7: policies[1].staffing.image_analyst: no image analysts on duty in any window, but inspection.scanner_first is true (every scan image needs an analyst)',
  ],
  [
    'second review without risk analysts',
    e('risk_analyst: [{ from: "08:00", to: "20:00", officers: 2 }]', 'risk_analyst: []'),
    "bad.yaml:40:21: policies[0].staffing.risk_analyst: no risk analysts on duty in any window, but risk.second_review_score is 0.5 (scores at or above it wait for a risk analyst's second review; above 1 turns it off)",
  ],
  [
    'channel targets above 1',
    e('yellow: 0.08, blue: 0.04', 'yellow: 0.95, blue: 0.04'),
    'bad.yaml:48:16: policies[1].risk.targets: expected channel shares that sum to at most 1 (green takes the rest), got 1.05',
  ],
  [
    'duplicate policy names',
    e('  - name: reform', '  - name: baseline'),
    "bad.yaml:41:11: policies[1].name: duplicate policy name 'baseline' (policies[0] has it too); policy names must be unique",
  ],
  [
    'no policy',
    `${PORT_BASE.slice(0, PORT_BASE.indexOf('policies:'))}policies: []\n`,
    'bad.yaml:22:11: policies: expected at least one policy, got a list of 0 values',
  ],
  ['no policies key', PORT_BASE.slice(0, PORT_BASE.indexOf('policies:')), "bad.yaml:1:1: policies: missing required key 'policies'"],
  [
    'random rate out of range',
    e('random_rate: 0.01', 'random_rate: 1.5'),
    'bad.yaml:31:20: policies[0].risk.random_rate: expected a probability between 0 and 1 for every class, or a mapping with keys advanced_aeo, general_aeo, general, dishonest, got 1.5',
  ],
  [
    'unknown risk model',
    e('model: learning', 'model: neural'),
    'bad.yaml:46:14: policies[1].risk.model: expected one of rules|learning|random, got "neural"',
  ],
  ['yes is not a boolean', e('erp: true', 'erp: yes'), 'bad.yaml:42:25: policies[1].declaration.erp: expected true or false, got "yes"'],
  [
    'speed factors the wrong way round',
    e('propensity_shape: 2\n', 'propensity_shape: 2\nskills:\n  physical: { speed: [1.2, 0.8] }\n'),
    'bad.yaml:23:28: skills.physical.speed[1]: expected max at least min (1.2), got 0.8',
  ],
  [
    'a time distribution that is not one',
    e('propensity_shape: 2\n', 'propensity_shape: 2\ntimes:\n  scan_s: { dist: uniform, min: 120, max: 60 }\n'),
    'bad.yaml:23:43: times.scan_s.max: expected max greater than min (120), got 60',
  ],
  ['site.port without a name', e('  port: { name: test port }', '  port: {}'), "bad.yaml:6:9: site.port.name: missing required key 'name'"],
  [
    'site with both gates and port',
    e('  port: { name: test port }', '  port: { name: test port }\n  gates: { lanes: 1, service_s: { dist: constant, value: 5 } }'),
    "bad.yaml:6:3: site.port: a site is one gate ('gates', a gate scenario), a port ('port', a port scenario), a zone ('zone', a zone scenario) or a road network ('network', a network scenario), not several",
  ],
];

describe('broken port scenarios give one clear message at the right place', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const err = rejected(text);
    expect(err.message).toBe(expected);
    expect(err.issues).toHaveLength(1);
  });

  it('reports independent problems of different policies together, in file order', () => {
    const text = e('new_share: 0.05', 'new_share: 2', e('model: learning', 'model: neural', e('model: rules', 'model: rule')));
    expect(rejected(text).issues.map((i) => i.path)).toEqual(['population.new_share', 'policies[0].risk.model', 'policies[1].risk.model']);
  });

  it("a policy's cross-field rules wait until its fields are valid (one mistake, one message)", () => {
    // manual lanes without gate officers, and an unknown model: only the model is reported
    const text = e('gate_officer: [{ from: "00:00", to: "24:00", officers: 8 }]', 'gate_officer: []', e('model: rules', 'model: rule'));
    expect(rejected(text).issues.map((i) => i.path)).toEqual(['policies[0].risk.model']);
  });
});

describe('hardware', () => {
  it('wire sends the smart lanes\' readings through the codecs; anything else names the key and the choices', () => {
    const wire = port(e('propensity_shape: 2\n', 'propensity_shape: 2\nhardware: wire\n'));
    expect(wire.hardware).toBe('wire');
    expect(portWorld(wire).hardware).toBe('wire');
    const err = rejected(e('propensity_shape: 2\n', 'propensity_shape: 2\nhardware: bytes\n'));
    expect(err.issues.map((i) => i.path)).toEqual(['hardware']);
    expect(err.message).toMatch(/in-process/);
    expect(err.message).toMatch(/wire/);
  });
});

describe('defaults', () => {
  it('times, skills, weight tolerance and optional policy keys are filled in', () => {
    const s = port();
    expect(s.times).toEqual(DEFAULT_PORT_TIMES);
    expect(s.times.smart_gate_s).toEqual({ dist: 'lognormal', mean: 5.8, sd: 1.2 }); // seed 001
    expect(s.times.scan_s).toEqual({ dist: 'uniform', min: 60, max: 120 }); // seed 001
    expect(s.skills).toEqual(DEFAULT_SKILLS);
    expect(s.weight_tolerance).toBe(0.1);
    expect(s.hardware).toBe('in-process');
    const [baseline, reform] = s.policies;
    expect(baseline.gate.misread_rate).toBe(0.02);
    expect(baseline.risk).toMatchObject({ second_review_score: 0.5, learning_rate: 0.05, weights: {}, capacity_aware: true });
    expect(reform.risk).toMatchObject({ second_review_score: 0.8, learning_rate: 0.1, capacity_aware: false });
    expect(baseline.description).toBeUndefined();
  });

  it('one number for every credit class becomes the mapping', () => {
    const [baseline] = port().policies;
    expect(baseline.risk.random_rate).toEqual({ advanced_aeo: 0.01, general_aeo: 0.01, general: 0.01, dishonest: 0.01 });
    expect(baseline.audit_rate).toEqual({ advanced_aeo: 0.02, general_aeo: 0.02, general: 0.02, dishonest: 0.02 });
  });

  it('a partial skills or times block keeps the defaults of what it leaves out', () => {
    const s = port(e('propensity_shape: 2\n', 'propensity_shape: 2\ntimes: { scan_s: { dist: constant, value: 90 } }\nskills:\n  physical: { false_alarm: 0.03, detect: { ipr: 0.5 } }\n'));
    expect(s.times.scan_s).toEqual({ dist: 'constant', value: 90 });
    expect(s.times.doc_review_s).toEqual(DEFAULT_PORT_TIMES.doc_review_s);
    expect(s.skills.physical).toEqual({
      speed: [...DEFAULT_SKILLS.physical.speed],
      detect: { ...DEFAULT_SKILLS.physical.detect, ipr: 0.5 },
      false_alarm: 0.03,
    });
    expect(s.skills.doc).toEqual(DEFAULT_SKILLS.doc);
  });

  it('defaults are copies: changing one parsed scenario does not change the next', () => {
    const a = port();
    (a.times.doc_review_s as { min: number }).min = 1;
    a.skills.doc.speed[0] = 9;
    const b = port();
    expect(b.times.doc_review_s).toEqual({ dist: 'uniform', min: 180, max: 300 });
    expect(b.skills.doc.speed).toEqual([0.8, 1.25]);
  });
});

describe('portConfigs: snake_case file → the simulator PortConfig', () => {
  it('maps the world', () => {
    const [{ config }] = portConfigs(port());
    const w = config.world;
    expect(w).toMatchObject({
      arrivalsUntil: 48 * 3600,
      endS: 48 * 3600,
      warmupS: 12 * 3600,
      arrivals: { perHour: 300 },
      maxConsignments: Infinity,
      importShare: 0.6,
      weightTolerance: 0.1,
    });
    expect(w.population).toEqual({
      enterprises: 400,
      creditMix: { advanced_aeo: 0.04, general_aeo: 0.12, general: 0.78, dishonest: 0.06 },
      erpConnected: { advanced_aeo: 0.95, general_aeo: 0.8, general: 0.35, dishonest: 0.1 },
      newShare: 0.05,
      kindMix: { manufacturer: 0.4, logistics: 0.2, trader: 0.3, forwarder: 0.1 },
      volumeCv: 1.5,
      eplateShare: 0.9,
    });
    expect(w.truth.propensityShape).toBe(2);
    expect(w.truth.violationRate.dishonest).toBe(0.15);
    expect(w.truth.mix.origin_fraud).toBe(0.15);
    expect(w.times.smartGateS).toEqual(DEFAULT_PORT_TIMES.smart_gate_s);
    expect(w.times.manualErrorRate).toBe(DEFAULT_PORT_TIMES.manual_error_rate);
    expect(Object.keys(w.times)).toHaveLength(Object.keys(DEFAULT_PORT_TIMES).length);
    expect(w.skills.physical).toEqual({
      speedMin: 0.8,
      speedMax: 1.25,
      detect: DEFAULT_SKILLS.physical.detect,
      falseAlarm: DEFAULT_SKILLS.physical.false_alarm,
    });
  });

  it('maps each policy', () => {
    const configs = portConfigs(port());
    expect(configs.map((c) => c.name)).toEqual(['baseline', 'reform']);
    const p = configs[1].config.policy;
    expect(p).toMatchObject({
      name: 'reform',
      declaration: { useErp: true, lodge: 'before_arrival' },
      gate: { smartLanes: 8, manualLanes: 2, misreadRate: 0.01 },
      inspection: { scannerFirst: true, scanners: 2 },
      risk: {
        model: 'learning',
        reviewAll: false,
        targets: { red: 0.01, orange: 0.05, yellow: 0.08, blue: 0.04 },
        randomRate: { advanced_aeo: 0.001, general_aeo: 0.005, general: 0.01, dishonest: 0.05 },
        recheckRate: 0.03,
        secondReviewScore: 0.8,
        learningRate: 0.1,
        capacityAware: false,
      },
      infoSharing: true,
      auditRate: { advanced_aeo: 0.01, general_aeo: 0.02, general: 0.05, dishonest: 0.2 },
    });
    expect('description' in p).toBe(false);
    expect(p.risk.weights).toEqual({ ...DEFAULT_RISK_WEIGHTS, bias: -4, credit_dishonest: 2 });
    expect(configs[0].config.policy.risk.weights).toEqual(DEFAULT_RISK_WEIGHTS);
    expect(p.staffing.gate_officer).toEqual([
      { from: '06:00', to: '22:00', officers: 4 },
      { from: '22:00', to: '06:00', officers: 2 },
    ]);
    expect(Object.keys(p.staffing).sort()).toEqual([...ROLES].sort());
    expect(configs[0].config.policy.staffing.image_analyst).toEqual([]);
  });

  it('every policy gets the same world', () => {
    const [a, b] = portConfigs(port());
    expect(a.config.world).toEqual(b.config.world);
    expect(a.config.world).not.toBe(b.config.world);
  });

  it('a trucks horizon: arrivals stop after that many consignments, the run ends when empty', () => {
    const w = portWorld(port(e('horizon: { hours: 48, warmup_hours: 12 }', 'horizon: { trucks: 5000, warmup_hours: 2 }')));
    expect(w).toMatchObject({ arrivalsUntil: Infinity, endS: Infinity, warmupS: 7200, maxConsignments: 5000 });
  });

  it('a profile becomes profilePerHour', () => {
    const profile = Array.from({ length: 24 }, (_, h) => 100 + h);
    const w = portWorld(port(e('{ per_hour: 300 }', `{ profile_per_hour: [${profile.join(', ')}] }`)));
    expect(w.arrivals).toEqual({ profilePerHour: profile });
  });

  it('portConfigFor finds a policy by name, or says which there are', () => {
    const s = port();
    expect(portConfigFor(s, 'reform').policy.name).toBe('reform');
    expect(portConfigFor(s, 'reform')).toEqual(portConfigs(s)[1].config);
    expect(() => portConfigFor(s, 'reformed')).toThrow("scenario 'port-test' has no policy 'reformed'; its policies are 'baseline', 'reform'");
  });
});

describe('choosing the family', () => {
  it('site.port makes a port scenario, site.gates a gate scenario; both narrow on kind', () => {
    const s: Scenario = loadScenario(file('port-reform.yaml'));
    expect(s.kind).toBe('port');
    const g: Scenario = loadScenario(file('gate-mmc.yaml'));
    expect(g.kind).toBe('gate');
    expectTypeOf(loadScenario(file('gate-mmc.yaml'), 'gate')).toEqualTypeOf<GateScenario>();
    expectTypeOf(loadScenario(file('port-reform.yaml'), 'port')).toEqualTypeOf<PortScenario>();
  });

  it('asking for the other family is an error that names the user', () => {
    expect(() => loadScenario(file('port-reform.yaml'), 'gate', 'ctwin run')).toThrow(ScenarioError);
    try {
      loadScenario(file('port-reform.yaml'), 'gate', 'ctwin run');
    } catch (err) {
      const issue = (err as ScenarioError).issues[0];
      expect(issue).toMatchObject({
        path: 'site.port',
        message: "scenario 'port-reform' is a port scenario; ctwin run needs a gate scenario (site.gates)",
      });
      expect(issue.line).toBeGreaterThan(1);
    }
    expect(() => parseScenario(edit('name: port-test', 'name: p', PORT_BASE), 'x.yaml', 'gate')).toThrow(
      "x.yaml:6:3: site.port: scenario 'p' is a port scenario; expected a gate scenario (site.gates)",
    );
    expect(() => loadScenario(file('gate-mmc.yaml'), 'port', 'ctwin compare')).toThrow(
      "site.gates: scenario 'gate-mmc' is a gate scenario; ctwin compare needs a port scenario (site.port)",
    );
  });

  it('a site with neither key: the rest of the document decides', () => {
    // port keys elsewhere: a port scenario with a misspelt site key
    expect(rejected(e('  port: { name: test port }', '  ports: { name: test port }')).message).toBe(
      "bad.yaml:6:3: site.ports: unknown key 'ports' (did you mean 'port'? allowed: port)",
    );
    // nothing of a port: a gate scenario, with the messages it always had
    expect(rejected('version: 1\nname: g\nhorizon: { hours: 1 }\nsite: {}\ndemand: { arrivals: { per_hour: 1 } }\n').message).toBe(
      "bad.yaml:4:7: site.gates: missing required key 'gates'",
    );
  });
});

describe('scenarioHash for both families', () => {
  it('gate scenarios hash as before the port family (kind is not hashed)', () => {
    const g = loadScenario(file('gate-mmc.yaml'), 'gate');
    const { kind: _kind, ...content } = g;
    expect(scenarioHash(g)).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
  });

  it('a port scenario: stable, independent of spelled-out defaults and of one-number rates', () => {
    const a = port();
    const spelled = port(
      e(
        'random_rate: 0.01',
        'random_rate: { advanced_aeo: 0.01, general_aeo: 0.01, general: 0.01, dishonest: 0.01 }',
        e('{ smart_lanes: 0, manual_lanes: 8 }', '{ smart_lanes: 0, manual_lanes: 8, misread_rate: 0.02 }', e('propensity_shape: 2\n', 'propensity_shape: 2\nweight_tolerance: 0.1\n')),
      ),
    );
    expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(scenarioHash(spelled)).toBe(scenarioHash(a));
    expect(scenarioHash(port(e('officers: 3 }', 'officers: 4 }')))).not.toBe(scenarioHash(a));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const credit_mix_line = '  credit_mix: { advanced_aeo: 0.04, general_aeo: 0.12, general: 0.78, dishonest: 0.06 }';


describe('property: a mix is accepted exactly when it sums to 1', () => {
  const share = fc.double({ min: 0, max: 1, noNaN: true });
  const normalised = fc
    .array(fc.integer({ min: 0, max: 1000 }), { minLength: 4, maxLength: 4 })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => w.map((x) => x / w.reduce((a, b) => a + b, 0)));
  const nearly = normalised.chain((m) => fc.double({ min: -1e-6, max: 1e-6, noNaN: true }).map((d) => [m[0], m[1], m[2], Math.min(1, Math.max(0, m[3] + d))]));
  it('credit_mix: random shares, normalised ones, and ones a hair off', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(share, { minLength: 4, maxLength: 4 }), normalised, nearly), (m) => {
        const mix = Object.fromEntries(CREDIT_CLASSES.map((c, i) => [c, m[i]])) as ByCredit<number>;
        const text = e(credit_mix_line, `  credit_mix: { ${CREDIT_CLASSES.map((c) => `${c}: ${mix[c]}`).join(', ')} }`);
        const sum = CREDIT_CLASSES.reduce((a, c) => a + mix[c], 0);
        const r = outcome(text);
        if (Math.abs(sum - 1) <= 1e-9) {
          expect(r).toBe('ok');
          expect(port(text).population.credit_mix).toEqual(mix);
        } else {
          expect(r).toBeInstanceOf(ScenarioError);
          const err = r as ScenarioError;
          expect(err.issues.map((i) => i.path)).toEqual(['population.credit_mix']);
          expect(err.issues[0].line).toBe(12);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: staff windows are accepted exactly when no minute is covered twice', () => {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  // half-hour marks, so that windows often touch, nest, overlap or wrap
  const win = fc
    .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 0, max: 48 }))
    .map(([f, t]) => ({ from: f * 30, to: t * 30 }))
    .filter((w) => w.to % 1440 !== w.from || w.to === 1440);
  /** The oracle: mark every minute each window covers, on the 24 h circle. */
  const overlapping = (ws: { from: number; to: number }[]) => {
    const count = new Uint8Array(1440);
    for (const w of ws) {
      const end = w.to > w.from ? w.to : w.to + 1440;
      for (let m = w.from; m < end; m++) if (++count[m % 1440] > 1) return true;
    }
    return false;
  };
  it('doc_reviewer windows, any order, wrapping midnight or not', () => {
    fc.assert(
      fc.property(fc.array(win, { minLength: 1, maxLength: 4 }), (ws) => {
        const list = ws.map((w) => `{ from: "${hhmm(w.from)}", to: "${hhmm(w.to)}", officers: 1 }`).join(', ');
        const text = e(
          'doc_reviewer: [{ from: "08:00", to: "20:00", officers: 12 }, { from: "20:00", to: "08:00", officers: 4 }]',
          `doc_reviewer: [${list}]`,
        );
        const r = outcome(text);
        if (!overlapping(ws)) {
          expect(r).toBe('ok');
          const staff: readonly StaffWindow[] = portConfigs(port(text))[0].config.policy.staffing.doc_reviewer;
          expect(staff.map((w) => [w.from, w.to])).toEqual(ws.map((w) => [hhmm(w.from), hhmm(w.to)]));
        } else {
          expect(r).toBeInstanceOf(ScenarioError);
          for (const i of (r as ScenarioError).issues) {
            expect(i.path).toMatch(/^policies\[0\]\.staffing\.doc_reviewer\[[1-3]\]$/);
            expect(i.message).toMatch(/^window \d\d:\d\d-\d\d:\d\d overlaps doc_reviewer\[\d\] \(\d\d:\d\d-\d\d:\d\d\)$/);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: one number for all classes means the same as the mapping', () => {
  it('random_rate: x ≡ { every class: x }; out of [0, 1] rejected at the key', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 1.5, noNaN: true }), (x) => {
        const one = outcome(e('random_rate: 0.01', `random_rate: ${x}`));
        if (x >= 0 && x <= 1) {
          const all = port(e('random_rate: 0.01', `random_rate: { ${CREDIT_CLASSES.map((c) => `${c}: ${x}`).join(', ')} }`));
          expect(one).toBe('ok');
          expect(port(e('random_rate: 0.01', `random_rate: ${x}`))).toEqual(all);
        } else {
          expect((one as ScenarioError).issues.map((i) => i.path)).toEqual(['policies[0].risk.random_rate']);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The shipped port scenarios

const loadPort = (name: string) => loadScenario(file(name), 'port');
/** Mean officers on duty over the day for these windows. */
const meanOnDuty = (ws: readonly StaffWindow[]) =>
  ws.reduce((a, w) => {
    const [fh, fm] = w.from.split(':').map(Number);
    const [th, tm] = w.to.split(':').map(Number);
    const from = fh * 60 + fm;
    let to = th * 60 + tm;
    if (to <= from) to += 1440;
    return a + (w.officers * (to - from)) / 1440;
  }, 0);
/** Officers (40 h a week) needed to keep these posts filled round the clock. */
const heads = (c: PortConfig, roles: (keyof PortConfig['policy']['staffing'])[]) =>
  (roles.reduce((a, r) => a + meanOnDuty(c.policy.staffing[r]), 0) * 168) / 40;
const profileOf = (c: PortConfig) => ('profilePerHour' in c.world.arrivals ? c.world.arrivals.profilePerHour : []);
const creditWeighted = (c: PortConfig, rate: ByCredit<number>) =>
  CREDIT_CLASSES.reduce((a, k) => a + c.world.population.creditMix[k] * rate[k], 0);

describe('shipped port scenarios', () => {
  it('all three load, with their policies', () => {
    expect(portPolicyNames(loadPort('port-baseline.yaml'))).toEqual(['baseline', 'baseline-prelodge']);
    expect(portPolicyNames(loadPort('port-reform.yaml'))).toEqual(['baseline', 'reform', 'reform-rules', 'random-control', 'reform-no-sharing']);
    expect(portPolicyNames(loadPort('port-peak.yaml'))).toEqual(['peak-reform']);
  });

  it('port-baseline and port-reform share one world, seed and horizon (paired comparisons)', () => {
    const b = loadPort('port-baseline.yaml');
    const r = loadPort('port-reform.yaml');
    expect(portWorld(r)).toEqual(portWorld(b));
    expect(r.seed).toBe(b.seed);
    expect(r.site).toEqual(b.site);
    expect(r.horizon).toEqual({ hours: 72, warmup_hours: 24 });
    // the times are written out in both files, and are the defaults
    expect(b.times).toEqual(DEFAULT_PORT_TIMES);
  });

  it('port-baseline: ~250 consignments/h, busier 08-20; manual gates, paper review of all, 183 document and gate officers', () => {
    const [base, pre] = portConfigs(loadPort('port-baseline.yaml')).map((c) => c.config);
    const profile = profileOf(base);
    const total = profile.reduce((a, b) => a + b, 0);
    expect(total / 24).toBeGreaterThan(240);
    expect(total / 24).toBeLessThan(260);
    expect(Math.min(...profile.slice(8, 20))).toBeGreaterThan(Math.max(...profile.slice(0, 6)));
    expect(base.policy).toMatchObject({
      declaration: { useErp: false, lodge: 'at_arrival' },
      gate: { smartLanes: 0, manualLanes: 10 },
      inspection: { scannerFirst: false, scanners: 0 },
      risk: { model: 'rules', reviewAll: true, targets: { red: 0.03, orange: 0, yellow: 0 } },
      infoSharing: false,
    });
    expect(Math.abs(heads(base, ['doc_reviewer', 'gate_officer']) - 183)).toBeLessThan(1); // seed 004
    // gate: 10 manual lanes of 60/h against the busiest hour
    expect(Math.max(...profile) / (10 * 60)).toBeLessThan(0.9);
    // the prelodge variant differs in when declarations are lodged, and nothing else
    expect(pre.policy.declaration.lodge).toBe('before_arrival');
    const { name: _n1, description: _d1, declaration: _l1, ...restBase } = base.policy;
    const { name: _n2, description: _d2, declaration: _l2, ...restPre } = pre.policy;
    expect(restPre).toEqual(restBase);
  });

  it('port-reform: smart lanes, H986 first, 143 document and gate officers, random control at the scan-or-open share', () => {
    const [baseline, reform, rules, random, noSharing] = portConfigs(loadPort('port-reform.yaml')).map((c) => c.config);
    // the baseline listed first for paired comparisons is port-baseline.yaml's, word for word but its description
    expect({ ...baseline.policy, description: '' }).toEqual({ ...portConfigs(loadPort('port-baseline.yaml'))[0].config.policy, description: '' });
    expect(reform.policy).toMatchObject({
      declaration: { useErp: true, lodge: 'before_arrival' },
      gate: { smartLanes: 8, manualLanes: 2 },
      inspection: { scannerFirst: true },
      risk: { model: 'learning', reviewAll: false, targets: { red: 0.03, orange: 0.1, yellow: 0.08, blue: 0.04 } },
      infoSharing: true,
    });
    // reform-no-sharing: the same but for information sharing
    expect({ ...noSharing.policy, name: '', description: '', infoSharing: true }).toEqual({ ...reform.policy, name: '', description: '' });
    expect(reform.policy.inspection.scanners).toBeGreaterThanOrEqual(2);
    expect(reform.policy.inspection.scanners).toBeLessThanOrEqual(3);
    expect(Math.abs(heads(reform, ['doc_reviewer', 'gate_officer']) - 143)).toBeLessThan(1); // seed 004
    // the 40 freed officers went to risk analysis and inspection (seed 004)
    const base = portConfigs(loadPort('port-baseline.yaml'))[0].config;
    const inspectionAndRisk = ['image_analyst', 'physical_inspector', 'risk_analyst'] as const;
    expect(Math.abs(heads(reform, [...inspectionAndRisk]) - heads(base, [...inspectionAndRisk]) - 40)).toBeLessThan(1);
    // reform-rules: the same but for the model
    expect(rules.policy.risk.model).toBe('rules');
    expect({ ...rules.policy, name: '', description: '', risk: { ...rules.policy.risk, model: '' } }).toEqual({
      ...reform.policy,
      name: '',
      description: '',
      risk: { ...reform.policy.risk, model: '' },
    });
    // random control: chance alone, at the reform's scan-or-open share (red + orange + random floor)
    expect(random.policy.risk.model).toBe('random');
    const scanOrOpen = 0.03 + 0.1 + creditWeighted(reform, reform.policy.risk.randomRate);
    expect(Math.abs(creditWeighted(random, random.policy.risk.randomRate) - scanOrOpen)).toBeLessThan(0.01);
    // scanners: red + orange + random floor against 40 scans/h per H986 at the busiest hour
    const peak = Math.max(...profileOf(reform));
    const scans = scanOrOpen * peak;
    expect(scans / (reform.policy.inspection.scanners * 40)).toBeLessThan(0.9);
  });

  it('port-peak: >= 100,000 consignments a day, every resource below rho 0.9 at the peak', () => {
    const s = loadPort('port-peak.yaml');
    expect(s.horizon.hours).toBe(24);
    const c = portConfigFor(s, 'peak-reform');
    const profile = profileOf(c);
    expect(profile.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100_000);
    const peak = Math.max(...profile);
    const { smartLanes, manualLanes, misreadRate } = c.policy.gate;
    const e = c.world.population.eplateShare;
    const smartS = 5.8 + (1 - (1 - misreadRate) ** 4) * 90; // a misread holds the lane
    expect((peak * e * smartS) / 3600 / smartLanes).toBeLessThan(0.9);
    expect((peak * e * 5.8) / 3600 / smartLanes).toBeLessThan(0.9);
    expect((peak * (1 - e) * 60) / 3600 / manualLanes).toBeLessThan(0.9);
    const scans = (0.01 + 0.05 + creditWeighted(c, c.policy.risk.randomRate)) * peak;
    expect(scans / (c.policy.inspection.scanners * 40)).toBeLessThan(0.9);
    // staff on duty at the busiest hour (10:00) against the work of that hour
    const onDutyAt = (r: keyof PortConfig['policy']['staffing'], minute: number) =>
      c.policy.staffing[r].reduce((a, w) => {
        const [from, to] = [w.from, w.to].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
        const inside = to > from ? minute >= from && minute < to : minute >= from || minute < to;
        return a + (inside ? w.officers : 0);
      }, 0);
    const docs = (0.08 + 0.03 * 0.82) * peak * 240 / 3600;
    expect(docs / onDutyAt('doc_reviewer', 600)).toBeLessThan(0.9);
    expect((scans * 240) / 3600 / onDutyAt('image_analyst', 600)).toBeLessThan(0.9);
  });
});
