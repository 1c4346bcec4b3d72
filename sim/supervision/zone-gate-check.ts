/**
 * The zone gate check (卡口查验): goods leaving a processing-trade zone (a diverted load, a surplus
 * truck, materials sent to an outside processor) are checked at the gate with the rate of the
 * enterprise's credit class, `gate.check_rate[credit]`, and a check finds a diverting load with
 * `gate.detect`. A catch seizes that load and refers the enterprise for an audit
 * (zone-audit-calendar.ts). Under the dumbbell the check rates are low: fewer gate checks, more audits.
 */
import { CREDIT_CLASSES, type ByCredit } from './vocabulary.js';

/** Is the load caught at the gate? `u` is one draw of the `zone.gate` stream. */
export function zoneGateCatches(u: number, credit: number, checkRate: ByCredit<number>, detect: number): boolean {
  return u < checkRate[CREDIT_CLASSES[credit]] * detect;
}
