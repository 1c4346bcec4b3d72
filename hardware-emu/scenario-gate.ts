/**
 * The emulated gate shaped like a scenario's site (`ctwin emu --scenario`): lanes and passages per
 * lane and hour derived from a validated scenario, so that device traffic looks like the site being
 * simulated. Pure: the scenario is already loaded; nothing is read, nothing drawn.
 *
 * - port scenario: the lanes are the chosen policy's smart lanes (default: the first policy, in
 *   file order, that has any); only trucks with an electronic plate use them, so a lane sees
 *   mean consignments per hour × population.eplate_share / smart lanes.
 * - gate scenario: the lanes are site.gates.lanes (shift windows are not followed), each seeing
 *   mean arrivals per hour / lanes.
 *
 * The mean per hour is `per_hour`, or for an hourly profile the mean of its 24 hours (the day's
 * total / 24): the emulator's arrivals are homogeneous Poisson, the day's shape is not followed.
 */
import { portConfigs } from '../scenarios/port-config.js';
import type { Scenario } from '../scenarios/schema.js';

export interface ScenarioGate {
  /** the scenario's name */
  scenario: string;
  kind: Scenario['kind'];
  /** port scenarios: the policy whose smart lanes are emulated */
  policy?: string;
  lanes: number;
  /** passages per lane and hour */
  passagesPerHour: number;
  /** the scenario's seed, when it has one */
  seed?: number;
  /** mean arrivals (consignments) per hour at the whole site */
  arrivalsPerHour: number;
  /** port scenarios: population.eplate_share */
  eplateShare?: number;
  /** one line: where the numbers come from */
  summary: string;
}

/** A scenario the emulated gate cannot be shaped like, or a bad policy; `option` is the command-line option to blame. */
export class ScenarioGateError extends Error {
  override readonly name = 'ScenarioGateError';
  constructor(
    readonly option: '--scenario' | '--policy',
    message: string,
  ) {
    super(message);
  }
}

/** Mean arrivals per hour: the constant rate, or the mean of the 24 hourly rates. */
export function meanPerHour(a: { perHour: number } | { profilePerHour: readonly number[] }): number {
  if ('perHour' in a) return a.perHour;
  return a.profilePerHour.reduce((s, x) => s + x, 0) / a.profilePerHour.length;
}

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
const fmt = (x: number) => String(Math.round(x * 100) / 100);

/** Lanes, rate and seed for the emulated gate from scenario `s`; `policy` only for port scenarios. Throws ScenarioGateError. */
export function scenarioGate(s: Scenario, policy?: string): ScenarioGate {
  const seed = s.seed !== undefined ? { seed: s.seed } : {};
  if (s.kind === 'zone' || s.kind === 'network') {
    const what = s.kind === 'zone' ? 'a zone scenario (processing trade)' : 'a network scenario (transit between places)';
    throw new ScenarioGateError('--scenario', `scenario '${s.name}' is ${what}: it has no gate lanes to emulate; give a gate or port scenario`);
  }
  if (s.kind === 'gate') {
    if (policy !== undefined) {
      throw new ScenarioGateError('--policy', `scenario '${s.name}' is a gate scenario and has no policies (only port scenarios have them)`);
    }
    const a = s.demand.arrivals;
    const arrivalsPerHour = a.per_hour !== undefined ? a.per_hour : meanPerHour({ profilePerHour: a.profile_per_hour! });
    const lanes = s.site.gates.lanes;
    const passagesPerHour = arrivalsPerHour / lanes;
    const how = `${a.per_hour !== undefined ? '' : 'mean over the hourly profile '}${fmt(arrivalsPerHour)} arrivals/h`;
    return {
      scenario: s.name, kind: s.kind, lanes, passagesPerHour, arrivalsPerHour, ...seed,
      summary: `scenario '${s.name}' (gate): ${lanes} lanes, ${fmt(passagesPerHour)} passages per lane and hour (${how} / ${lanes} lanes)`,
    };
  }

  const all = portConfigs(s);
  const smart = all.filter((p) => p.config.policy.gate.smartLanes > 0).map((p) => p.name);
  let chosen: (typeof all)[number];
  if (policy === undefined) {
    const first = all.find((p) => p.config.policy.gate.smartLanes > 0);
    if (first === undefined) {
      throw new ScenarioGateError('--scenario', `scenario '${s.name}' has no policy with smart lanes (gate.smart_lanes > 0) to emulate; its policies are ${quoted(all.map((p) => p.name))}`);
    }
    chosen = first;
  } else {
    const found = all.find((p) => p.name === policy);
    if (found === undefined) {
      throw new ScenarioGateError('--policy', `scenario '${s.name}' has no policy '${policy}'; its policies are ${quoted(all.map((p) => p.name))}`);
    }
    if (found.config.policy.gate.smartLanes === 0) {
      const others = smart.length > 0 ? `policies with smart lanes: ${quoted(smart)}` : 'no policy of the scenario has any';
      throw new ScenarioGateError('--policy', `policy '${policy}' of scenario '${s.name}' has no smart lanes (gate.smart_lanes 0); ${others}`);
    }
    chosen = found;
  }

  const world = chosen.config.world;
  const lanes = chosen.config.policy.gate.smartLanes;
  const arrivalsPerHour = meanPerHour(world.arrivals);
  const eplateShare = world.population.eplateShare;
  if (eplateShare === 0) {
    throw new ScenarioGateError('--scenario', `scenario '${s.name}': population.eplate_share is 0, no truck has an electronic plate, so the smart lanes see no traffic`);
  }
  const passagesPerHour = (arrivalsPerHour * eplateShare) / lanes;
  const how = `${'profilePerHour' in world.arrivals ? 'mean over the hourly profile ' : ''}${fmt(arrivalsPerHour)} consignments/h × e-plate share ${eplateShare} / ${lanes} smart lanes`;
  return {
    scenario: s.name, kind: s.kind, policy: chosen.name, lanes, passagesPerHour, arrivalsPerHour, eplateShare, ...seed,
    summary: `scenario '${s.name}', policy '${chosen.name}': ${lanes} lanes (its smart lanes), ${fmt(passagesPerHour)} passages per lane and hour (${how})`,
  };
}
