/**
 * From a validated port scenario to the simulator's own configuration (sim/supervision/
 * port-config.ts): one `PortConfig` per policy, each with the same world. snake_case becomes
 * camelCase, hours become seconds, "one number for every class" is already a mapping (the
 * schema's doing), and the rule profiles' weights are the defaults with the policy's overrides.
 * Keeps sim/ free of the file format.
 */
import type {
  PolicySpec,
  PortConfig,
  SkillSpec,
  TimesSpec,
  WorldSpec,
} from '../sim/supervision/port-config.js';
import { DEFAULT_RISK_WEIGHTS } from '../sim/supervision/risk-features.js';
import type { PortPolicy, PortScenario } from './port-schema.js';
import { policyOf } from './policy-of.js';

type Skill = PortScenario['skills']['doc'];

function skill(s: Skill): SkillSpec {
  return { speedMin: s.speed[0], speedMax: s.speed[1], detect: { ...s.detect }, falseAlarm: s.false_alarm };
}

function times(t: PortScenario['times']): TimesSpec {
  return {
    erpEntryS: t.erp_entry_s,
    manualEntryS: t.manual_entry_s,
    manualErrorRate: t.manual_error_rate,
    erpErrorRate: t.erp_error_rate,
    preArrivalLeadS: t.pre_arrival_lead_s,
    riskScreenS: t.risk_screen_s,
    docReviewS: t.doc_review_s,
    recheckS: t.recheck_s,
    secondReviewS: t.second_review_s,
    imageAnalysisS: t.image_analysis_s,
    scanS: t.scan_s,
    physicalS: t.physical_s,
    manualGateS: t.manual_gate_s,
    smartGateS: t.smart_gate_s,
    misreadFixS: t.misread_fix_s,
    containerMoveS: t.container_move_s,
    noticeDelayS: t.notice_delay_s,
    correctionS: t.correction_s,
  };
}

/**
 * The world of a port scenario, the same for every policy. An `hours` horizon stops arrivals and
 * the run at that time; a `trucks` horizon stops arrivals after that many consignments and leaves
 * `endS` at Infinity (the simulator ends when the port is empty, or at its own safety cap).
 */
export function portWorld(s: PortScenario): WorldSpec {
  const h = s.horizon;
  const endS = h.hours !== undefined ? h.hours * 3600 : Infinity;
  const a = s.demand.arrivals;
  const p = s.population;
  return {
    arrivalsUntil: endS,
    endS,
    warmupS: (h.warmup_hours ?? 0) * 3600,
    arrivals: a.per_hour !== undefined ? { perHour: a.per_hour } : { profilePerHour: [...a.profile_per_hour] },
    maxConsignments: h.trucks ?? Infinity,
    importShare: s.demand.import_share,
    population: {
      enterprises: p.enterprises,
      creditMix: { ...p.credit_mix },
      erpConnected: { ...p.erp_connected },
      newShare: p.new_share,
      kindMix: { ...p.kind_mix },
      volumeCv: p.volume_cv,
      eplateShare: p.eplate_share,
    },
    truth: {
      violationRate: { ...s.truth.violation_rate },
      mix: { ...s.truth.mix },
      propensityShape: s.truth.propensity_shape,
    },
    times: times(s.times),
    skills: {
      doc: skill(s.skills.doc),
      image: skill(s.skills.image),
      physical: skill(s.skills.physical),
      risk: skill(s.skills.risk),
      audit: skill(s.skills.audit),
    },
    weightTolerance: s.weight_tolerance,
    hardware: s.hardware,
  };
}

/** One policy of a port scenario, resolved. */
export function portPolicy(p: PortPolicy): PolicySpec {
  const weights: Record<string, number> = { ...DEFAULT_RISK_WEIGHTS };
  for (const [k, v] of Object.entries(p.risk.weights)) if (v !== undefined) weights[k] = v;
  const staff = (ws: PortPolicy['staffing']['doc_reviewer']) => ws.map((w) => ({ from: w.from, to: w.to, officers: w.officers }));
  return {
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    declaration: { useErp: p.declaration.erp, lodge: p.declaration.lodge },
    gate: { smartLanes: p.gate.smart_lanes, manualLanes: p.gate.manual_lanes, misreadRate: p.gate.misread_rate },
    inspection: { scannerFirst: p.inspection.scanner_first, scanners: p.inspection.scanners },
    risk: {
      model: p.risk.model,
      reviewAll: p.risk.review_all,
      targets: { red: p.risk.targets.red, orange: p.risk.targets.orange, yellow: p.risk.targets.yellow, blue: p.risk.targets.blue },
      randomRate: { ...p.risk.random_rate },
      recheckRate: p.risk.recheck_rate,
      secondReviewScore: p.risk.second_review_score,
      learningRate: p.risk.learning_rate,
      weights,
      capacityAware: p.risk.capacity_aware,
    },
    infoSharing: p.info_sharing,
    auditRate: { ...p.audit_rate },
    staffing: {
      doc_reviewer: staff(p.staffing.doc_reviewer),
      gate_officer: staff(p.staffing.gate_officer),
      image_analyst: staff(p.staffing.image_analyst),
      physical_inspector: staff(p.staffing.physical_inspector),
      risk_analyst: staff(p.staffing.risk_analyst),
    },
  };
}

/** The policies' names, in file order. */
export function portPolicyNames(s: PortScenario): string[] {
  return s.policies.map((p) => p.name);
}

/** Every policy of the scenario with its config, in file order (each config has its own copy of the world). */
export function portConfigs(s: PortScenario): { name: string; config: PortConfig }[] {
  return s.policies.map((p) => ({ name: p.name, config: { world: portWorld(s), policy: portPolicy(p) } }));
}

/** The config of one policy; throws an Error naming the policies there are when `name` is not one of them. */
export function portConfigFor(s: PortScenario, name: string): PortConfig {
  return { world: portWorld(s), policy: portPolicy(policyOf(s, name, 'port')) };
}
