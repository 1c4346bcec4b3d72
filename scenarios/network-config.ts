/**
 * From a validated network scenario to the simulator's configuration
 * (sim/supervision/network-config.ts): one `NetworkConfig` per policy, each with the same world.
 * Units become seconds here, so sim/ never sees the file's `_h` and `_min`.
 */
import { scaleDist } from '../sim/kernel/distribution-spec.js';
import { clockMinutes } from './validation.js';
import type { NetworkConfig, NetworkPolicyConfig, NetworkWorld, Procedure } from '../sim/supervision/network-config.js';
import { CREDIT_CLASSES, type ByCredit } from '../sim/supervision/vocabulary.js';
import type { NetworkPolicy, NetworkScenario } from './network-schema.js';
import { policyOf } from './policy-of.js';

const H = 3600;
const MIN = 60;
const DAY = 86_400;

export function networkWorld(s: NetworkScenario): NetworkWorld {
  const n = s.site.network;
  const t = s.truth;
  return {
    days: s.horizon.days,
    drainDays: s.horizon.drain_days,
    places: n.places.map((p) => ({ id: p.id, kind: p.kind, at: [p.at[0], p.at[1]] })),
    roads: n.roads.map((r) => ({
      from: r.from,
      to: r.to,
      via: r.via.map((v) => [v[0], v[1]] as [number, number]),
      ...(r.km !== undefined ? { km: r.km } : {}),
      ...(r.speed_kmh !== undefined ? { speedKmh: structuredClone(r.speed_kmh) } : {}),
    })),
    offices: n.offices.map((o) => ({
      place: o.place,
      hours: { openS: clockMinutes(o.hours.from) * MIN, closeS: clockMinutes(o.hours.to) * MIN, daysPerWeek: o.hours.days_per_week },
      inspectors: o.inspectors,
    })),
    flows: s.demand.flows.map((f) => ({
      name: f.name,
      direction: f.direction,
      factory: f.factory,
      port: f.port,
      customs: f.customs,
      perDay: f.per_day,
      ft40Share: f.ft40_share,
      enterprises: f.enterprises,
      creditMix: { ...f.credit_mix },
      hours: [f.hours[0], f.hours[1]],
    })),
    truckSpeedKmh: structuredClone(n.truck_speed_kmh),
    gps: { intervalS: n.gps.interval_s, noiseM: n.gps.noise_m },
    truth: {
      declarationViolation: { ...t.declaration_violation },
      transitSmuggling: { ...t.transit_smuggling },
      transitMix: { ...t.transit_mix },
      restStop: { perTrip: t.rest_stop.per_trip, durationS: scaleDist(t.rest_stop.duration_min, MIN) },
      detour: { perTrip: t.detour.per_trip, offsetM: t.detour.offset_m, durationS: scaleDist(t.detour.duration_min, MIN) },
      lateDeclaration: { rate: { ...t.late_declaration.rate }, lateS: scaleDist(t.late_declaration.days_late, DAY) },
    },
    costs: {
      perKmRmb: { ...s.costs.per_km_rmb },
      supervisedCarrierFactor: s.costs.supervised_carrier_factor,
      siteFeeRmb: { ...s.costs.site_fee_rmb },
      holdingPerHourRmb: { ...s.costs.holding_per_hour_rmb },
    },
  };
}

export function networkPolicy(p: NetworkPolicy): NetworkPolicyConfig {
  const procedure: ByCredit<Procedure> =
    typeof p.procedure === 'string' ? (Object.fromEntries(CREDIT_CLASSES.map((c) => [c, p.procedure])) as ByCredit<Procedure>) : { ...p.procedure };
  return {
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    procedure,
    reviewS: {
      transfer: scaleDist(p.review_h.transfer, H),
      regional: scaleDist(p.review_h.regional, H),
      factory_direct: scaleDist(p.review_h.factory_direct, H),
      enter_first: scaleDist(p.review_h.enter_first, H),
    },
    carrierWaitS: scaleDist(p.carrier_wait_h, H),
    siteHandlingS: scaleDist(p.site_handling_h, H),
    portHandlingS: scaleDist(p.port_handling_h, H),
    lodgeLeadS: scaleDist(p.lodge_lead_h, H),
    inspectionRate: { ...p.inspection_rate },
    inspectionS: scaleDist(p.inspection_min, MIN),
    inspectionDetect: p.inspection_detect,
    factoryVisitS: scaleDist(p.factory_visit_min, MIN),
    releaseCheckS: scaleDist(p.release_check_min, MIN),
    seal: {
      widthM: p.seal.corridor_width_m,
      graceS: p.seal.grace_min * MIN,
      maxStopS: p.seal.max_stop_min * MIN,
      lateFactor: p.seal.late_factor,
      lateSlackS: p.seal.late_slack_h * H,
    },
    interception: {
      teams: p.interception.teams,
      base: p.interception.base,
      speedKmh: p.interception.speed_kmh,
      dispatchS: p.interception.dispatch_min * MIN,
      checkS: scaleDist(p.interception.check_min, MIN),
      detect: p.interception.detect,
    },
    arrivalDetect: { ...p.arrival_detect },
    enterFirst: {
      declareWithinS: p.enter_first.declare_within_days * DAY,
      aggregateS: p.enter_first.aggregate_days * DAY,
      filingS: scaleDist(p.enter_first.filing_days, DAY),
    },
    reviewOfficerS: { perDeclaration: p.review_officer_min.per_declaration * MIN, perLine: p.review_officer_min.per_line * MIN },
    inspectors: { ...p.staffing },
  };
}

export function networkPolicyNames(s: NetworkScenario): string[] {
  return s.policies.map((p) => p.name);
}

/** The configuration for one policy; an unknown name is an error naming the policies there are. */
export function networkConfigFor(s: NetworkScenario, policy: string): NetworkConfig {
  return { world: networkWorld(s), policy: networkPolicy(policyOf(s, policy, 'network')) };
}
