/**
 * The hidden truth of a sealed trip on the road: what a smuggling crew does (unload at a yard,
 * tamper with the seal, swap the container) and the innocent rests and detours that can look
 * like it to the transit corridor alert (supervision/transit-monitor.ts). See docs/NETWORK.md.
 */
import type { Rng } from '../kernel/rng.js';
import { sampler, type Sampler } from '../kernel/distributions.js';
import type { TrackEvent } from '../kernel/gps-track.js';
import type { NetworkConfig, TransitSmuggling } from '../supervision/network-config.js';
import { Slot, type Consignment } from './network-consignment.js';

const DAY = 86_400;
/**
 * How each kind of smuggling shows on the road (docs/NETWORK.md): the crew stops for 30–90 min
 * (times `stopShare`), off the road by `offsetM` for the stop and `marginS` either side (0: on the
 * road), and opens the seal a minute in when `tamper`.
 */
const ACTS: Record<TransitSmuggling, { offsetM: number; marginS: number; stopShare: number; tamper: boolean }> = {
  unload_stop: { offsetM: 1500, marginS: 300, stopShare: 1, tamper: false }, // off to a yard, seal bypassed
  seal_tamper: { offsetM: 0, marginS: 0, stopShare: 0.5, tamper: true },
  container_swap: { offsetM: 3000, marginS: 600, stopShare: 1, tamper: false }, // a cloned seal goes on the new box
};
const ACT_MIN_S = 1800;
const ACT_SPREAD_S = 3600;
/** an innocent rest is not drawn within this of another stop */
const REST_CLEARANCE_S = 600;


/** The road events of a consignment's sealed trip, drawn from its own slots (`uni`: a uniform, `u`: the slot's stream). */
export function roadTruth(w: NetworkConfig['world'], uni: (c: Consignment, slot: Slot) => number, u: (c: Consignment, slot: Slot) => Rng) {
  // a draw from a long tail is cut at a day: the e-seal reports all through a stop, so its length is work
  const restDraw = sampler(w.truth.restStop.durationS);
  const detourDraw = sampler(w.truth.detour.durationS);
  const restDur: Sampler = (rng) => Math.min(DAY, restDraw(rng));
  const detourDur: Sampler = (rng) => Math.min(DAY, detourDraw(rng));
  /** The hidden truth of one sealed trip: what the crew does on the road, and the innocent rests and detours. */
  return (c: Consignment, plannedS: number): { events: TrackEvent[]; actAt: number } => {
    const events: TrackEvent[] = [];
    let actAt = Infinity;
    const frac = (slot: Slot) => 0.15 + 0.7 * uni(c, slot);
    if (c.smuggling !== 'none') {
      const act = ACTS[c.smuggling];
      const at = frac(Slot.SmuggleAt) * plannedS;
      const dur = (ACT_MIN_S + ACT_SPREAD_S * uni(c, Slot.SmuggleDur)) * act.stopShare;
      actAt = at;
      if (act.offsetM > 0) events.push({ kind: 'deviation', fromS: at - act.marginS, toS: at + dur + act.marginS, offsetM: act.offsetM });
      events.push({ kind: 'stop', at, durationS: dur });
      if (act.tamper) events.push({ kind: 'tamper', at: at + 60 });
    }
    if (uni(c, Slot.RestFlag) < w.truth.restStop.perTrip) {
      const at = frac(Slot.RestAt) * plannedS;
      if (!events.some((e) => e.kind === 'stop' && at < e.at + e.durationS + REST_CLEARANCE_S && e.at < at + 2 * ACT_SPREAD_S)) {
        events.push({ kind: 'stop', at, durationS: restDur(u(c, Slot.RestDur)) });
      }
    }
    if (uni(c, Slot.DetourFlag) < w.truth.detour.perTrip) {
      const at = frac(Slot.DetourAt) * plannedS;
      if (!events.some((e) => e.kind === 'deviation')) {
        events.push({ kind: 'deviation', fromS: at, toS: at + detourDur(u(c, Slot.DetourDur)), offsetM: w.truth.detour.offsetM });
      }
    }
    return { events, actAt };
  };
}
