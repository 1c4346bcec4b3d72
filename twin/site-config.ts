/**
 * The twin's site from a scenario: the smart lanes of a port scenario's policy (or a gate
 * scenario's lanes), named `L1` … `Ln` as `ctwin emu --scenario` names them, each with the
 * devices the emulated gate gives a lane and its barrier; the customs release feed; and the
 * gate's parameters (weight tolerance, modelled pass and misread handling times) from the
 * scenario's world, so the twin judges trucks as the simulation does.
 */
import { laneDevices } from '../hardware-emu/emulated-gate.js';
import { scenarioGate } from '../hardware-emu/scenario-gate.js';
import { portConfigFor, portConfigs } from '../scenarios/port-config.js';
import type { Scenario } from '../scenarios/schema.js';
import { meanOf } from '../sim/kernel/distribution-spec.js';
import type { PortConfig } from '../sim/supervision/port-config.js';
import type { DeviceSpec } from './device-twins.js';
import type { TwinSiteConfig } from './site-state.js';
import { CUSTOMS_DEVICE, RELEASE_FORMAT } from './release-notice.js';

/** A device silent this long (s) is shown stale, unless the command line says otherwise. */
export const DEFAULT_STALE_AFTER_S = 60;

/** The devices of lanes `L1` … `Ln`: the emulated gate's per lane, the barrier, and the customs feed. */
export function siteDevices(lanes: readonly string[]): DeviceSpec[] {
  const out: DeviceSpec[] = [{ lane: '', device: CUSTOMS_DEVICE, format: RELEASE_FORMAT }];
  for (const lane of lanes) {
    for (const d of laneDevices(lane)) out.push(d);
    out.push({ lane, device: `${lane}-barrier`, format: 'barrier-status' });
  }
  return out;
}

export const laneNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `L${i + 1}`);

/** From a port config (a policy of a port scenario): its smart lanes and gate parameters. */
export function siteConfigOfPort(cfg: PortConfig, staleAfterS = DEFAULT_STALE_AFTER_S): TwinSiteConfig {
  const lanes = laneNames(cfg.policy.gate.smartLanes);
  return {
    lanes, devices: siteDevices(lanes), weightTolerance: cfg.world.weightTolerance,
    smartPassS: meanOf(cfg.world.times.smartGateS), misreadFixS: meanOf(cfg.world.times.misreadFixS), staleAfterS,
  };
}

/** From a validated scenario; throws ScenarioGateError (the emulator's) for a scenario with no lanes to twin. */
export function siteConfigOf(s: Scenario, policy?: string, staleAfterS = DEFAULT_STALE_AFTER_S): { config: TwinSiteConfig; port?: PortConfig; policy?: string; summary: string } {
  const g = scenarioGate(s, policy);
  if (s.kind === 'port') {
    const name = g.policy ?? portConfigs(s)[0].name;
    const port = portConfigFor(s, name);
    return { config: siteConfigOfPort(port, staleAfterS), port, policy: name, summary: g.summary };
  }
  // a gate scenario: plain lanes, no release checks beyond the defaults
  const lanes = laneNames(g.lanes);
  return { config: { lanes, devices: siteDevices(lanes), weightTolerance: 0.05, smartPassS: 5.8, misreadFixS: 120, staleAfterS }, summary: g.summary };
}
