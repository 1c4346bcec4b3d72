/**
 * Capacity-aware channel filling (按能力布控): how many consignments a day each channel can take,
 * from the officers on duty and the mean work a check takes. The channel selector
 * (channel-selector.ts) fills red → orange → yellow → blue against these budgets, so that the
 * risk engine does not select more inspections than the officers on duty can do; the plan
 * counts on officers being busy PLANNED_UTILISATION of their shift. Blue costs nothing at the site.
 */
import { describeMean } from '../kernel/distributions.js';
import { timeOfDaySeconds } from '../kernel/resource.js';
import type { ChannelSelectorOptions } from './channel-selector.js';
import type { PolicySpec, StaffWindow, WorldSpec } from './port-config.js';
import { randomControlChannel } from './random-control.js';
import { R_DOC, R_IMAGE, R_PHYSICAL, ROLES } from './vocabulary.js';

const DAY = 86400;
/** capacity-aware selection plans on officers being busy this share of their shift */
export const PLANNED_UTILISATION = 0.85;

/** Is any officer of the role ever on duty? */
export function roleStaffed(policy: PolicySpec, role: number): boolean {
  return policy.staffing[ROLES[role]].some((w) => w.officers > 0);
}

/** Officer-seconds on duty per day in a role's windows. */
export function officerSecondsPerDay(windows: readonly StaffWindow[]): number {
  let s = 0;
  for (const w of windows) {
    const from = timeOfDaySeconds(w.from) % DAY;
    const to = timeOfDaySeconds(w.to) % DAY;
    s += w.officers * (to > from ? to - from : DAY - from + to);
  }
  return s;
}

/** Checks of `workS` seconds each a role's officers can do in a day, at the planned utilisation (0 when nobody is on duty). */
export function dailyChecks(policy: PolicySpec, role: number, workS: number): number {
  return roleStaffed(policy, role) ? (officerSecondsPerDay(policy.staffing[ROLES[role]]) * PLANNED_UTILISATION) / workS : 0;
}

/** The channel selector's settings for a port policy: target shares, daily budgets, random control's channel. */
export function channelSelectorOptions(policy: PolicySpec, times: WorldSpec['times']): ChannelSelectorOptions {
  const risk = policy.risk;
  const hasScanner = policy.inspection.scanners > 0;
  const t = times;
  // the scanner lane's budget is the smaller of the scanners' day and the image analysts'
  const scanCap = hasScanner
    ? Math.min((policy.inspection.scanners * DAY * PLANNED_UTILISATION) / describeMean(t.scanS), dailyChecks(policy, R_IMAGE, describeMean(t.imageAnalysisS)))
    : 0;
  return {
    targets: [risk.targets.red, hasScanner ? risk.targets.orange : 0, risk.targets.yellow, risk.targets.blue],
    dailyCapacity: [
      dailyChecks(policy, R_PHYSICAL, describeMean(t.physicalS)),
      scanCap,
      dailyChecks(policy, R_DOC, describeMean(t.docReviewS)),
      Infinity, // blue costs nothing at the site
    ],
    randomOnly: risk.model === 'random',
    reviewAll: risk.reviewAll,
    randomChannel: randomControlChannel(policy.inspection.scannerFirst, hasScanner),
    capacityAware: risk.capacityAware,
  };
}
