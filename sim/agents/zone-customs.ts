/**
 * Customs' checks in a processing-trade zone, wired to the zone's calendar: the zone gate check
 * (supervision/zone-gate-check.ts), verification and write-off of the e-account books
 * (supervision/book-check.ts, write-off.ts), cases, and the audit calendar with the dumbbell's
 * signal audits and gate referrals (supervision/zone-audit-calendar.ts).
 */
import type { Rng } from '../kernel/rng.js';
import { bookCheckOutcome, takesStocktake } from '../supervision/book-check.js';
import { writeOff, type ConsumptionBasis, type StockCount, type WriteOffLine } from '../supervision/write-off.js';
import {
  NO_AUDIT_LOOK_AGAIN_S,
  REFERRAL_AUDIT_DAYS,
  SIGNAL_AUDIT_DAYS,
  auditFinds,
  auditsPerYear,
  calendarAuditGapS,
  signalPromptsAudit,
} from '../supervision/zone-audit-calendar.js';
import { zoneGateCatches } from '../supervision/zone-gate-check.js';
import type { BondedViolation, Mechanism } from '../supervision/vocabulary.js';
import type { EnterpriseEvent } from './enterprise.machine.js';
import { CASE_ADMIN_H, DAY, type AuditReason, type Plant, type ViolationState, type ZoneWorld } from './zone-plant.js';

export function wireZoneCustoms(z: ZoneWorld, divert: (p: Plant, v: ViolationState, units: number) => number) {
  const { sim, policy, rec, admin } = z;
  const gateRng = sim.rng.stream('zone.gate');
  const stocktakeRng = sim.rng.stream('zone.stocktake');
  const findRng = sim.rng.stream('zone.audit.find');
  const basis = policy.writeOff.basis;

  const physicalCount = (p: Plant): StockCount => ({ materials: p.stock, products: p.products });

  function lines(p: Plant, count: StockCount, b: ConsumptionBasis): WriteOffLine[] {
    return writeOff(p.book, count, b, p.workOrders);
  }

  /** The figures as the enterprise reports them: a concealing violator's stock matches its book until it is caught. */
  function reportedLines(p: Plant, b: ConsumptionBasis): WriteOffLine[] {
    const truth = lines(p, physicalCount(p), b);
    const v = p.v;
    if (v === null || !v.concealed || !v.started || v.detected) return truth;
    const item = p.e.itemOf.get(v.material)!;
    const d = truth.find((l) => l.item === item)!.discrepancy;
    const shown = p.stock.get(v.material)! + d;
    if (d === 0 || shown < 0) return truth;
    const materials = new Map(p.stock);
    materials.set(v.material, shown);
    return lines(p, { materials, products: p.products }, b);
  }

  /**
   * Goods leaving the zone pass the gate; a check of a diverting truck seizes its load (`batchTax`
   * of duty and VAT) and refers the enterprise for an audit, which is what can establish the scheme
   * behind it and the rest of the revenue.
   */
  function gateCheck(p: Plant, batchTax: number): void {
    if (!zoneGateCatches(gateRng.next(), p.credit, policy.gate.checkRate, policy.gate.detect)) return;
    openCase(p, 'gate', batchTax);
    sim.schedule(REFERRAL_AUDIT_DAYS * DAY, () => audit(p, 'referral'), undefined);
  }

  function check(p: Plant, mechanism: 'verification' | 'write_off'): void {
    const stocktake = takesStocktake(mechanism, stocktakeRng, policy.writeOff.stocktake);
    const seen = stocktake ? lines(p, physicalCount(p), basis) : reportedLines(p, basis);
    const { beyond, discrepancy } = bookCheckOutcome(seen, policy.writeOff.tolerance);
    rec({ type: 'bond.checked', enterprise: p.e.index, mechanism, basis, stocktake, discrepancy, beyond });
    if (beyond) openCase(p, mechanism, Infinity);
    else if (signalPromptsAudit(beyond, discrepancy, policy.audit.onSignal, p.signalAudit)) {
      p.signalAudit = true;
      sim.schedule(SIGNAL_AUDIT_DAYS * DAY, () => {
        p.signalAudit = false;
        audit(p, 'signal');
      }, undefined);
    }
  }

  /**
   * A case. The first one on a violation stops the scheme (what it would still have taken is
   * counted as prevented), costs the enterprise its credit and is booked to the mechanism that
   * found it. A gate case recovers the seized load only; any other case establishes the true
   * figures: the enterprise declares what is missing and pays what is still outstanding, and the
   * book is settled to the physical count. A case without a violation (not possible with exact
   * books, but a scenario's explicit stock could make one) settles all the same.
   */
  function openCase(p: Plant, mechanism: Mechanism, atMost: number): void {
    const v = p.v;
    let kind: BondedViolation | null = null;
    let first = false;
    let recovered = 0;
    let exposure = 0;
    if (v !== null && v.started) {
      kind = v.kind;
      if (!v.detected) {
        first = true;
        v.detected = true;
        if (v.kind === 'inflated_consumption') p.book.amendConsumption(v.product, v.material, p.e.bom.get(v.product)!.get(v.material)!);
        exposure = (sim.now - v.startedAt) / DAY;
        sim.send(p.entity, { type: 'FINDING', seizure: v.kind === 'domestic_sale' } satisfies EnterpriseEvent);
      }
      if (v.out > 0) {
        const out = v.out;
        v.out = 0;
        // stopped at the gate, the load goes back into the bonded stock; found later, what is
        // still at the unfiled outside processor is forfeit, taxed as diverted
        if (mechanism === 'gate') p.stock.set(v.material, p.stock.get(v.material)! + out);
        else divert(p, v, out);
      }
      recovered = Math.min(atMost, v.taxAtStake - v.recovered);
      v.recovered += recovered;
    }
    let settled = 0;
    if (mechanism !== 'gate') {
      for (const l of lines(p, physicalCount(p), basis)) {
        if (l.discrepancy !== 0) {
          p.book.settle(l.item, l.discrepancy);
          settled += l.discrepancy;
        }
      }
    }
    admin(p, 'case', CASE_ADMIN_H);
    rec({ type: 'bond.case', enterprise: p.e.index, mechanism, kind, first, recovered, exposure_days: exposure, settled });
  }

  /** An audit looks at books, stock and unit consumption together: falsified figures do not hide a scheme from it. */
  function audit(p: Plant, reason: AuditReason): void {
    admin(p, 'audit', policy.audit.adminH);
    const v = p.v;
    const open = v !== null && v.started && (!v.detected || v.taxAtStake > v.recovered);
    const found = auditFinds(open, findRng, policy.audit.detect);
    rec({ type: 'bond.audited', enterprise: p.e.index, reason, found });
    if (found) openCase(p, 'audit', Infinity);
    else if (v === null || !v.started) sim.send(p.entity, { type: 'CLEARED' } satisfies EnterpriseEvent);
  }

  function scheduleAudit(p: Plant, rng: Rng): void {
    const perYear = auditsPerYear(policy.audit.perYear, p.credit);
    const u = rng.next(); // drawn whatever the rate, so the calendar stream stays aligned
    if (!(perYear > 0)) {
      // no audits at this class: look again in a quarter (the class may change)
      sim.schedule(NO_AUDIT_LOOK_AGAIN_S, () => scheduleAudit(p, rng), undefined);
      return;
    }
    const gap = calendarAuditGapS(perYear, u);
    sim.schedule(gap, () => {
      audit(p, 'calendar');
      scheduleAudit(p, rng);
    }, undefined);
  }

  return { gateCheck, check, scheduleAudit };
}
