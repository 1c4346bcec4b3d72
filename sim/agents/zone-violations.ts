/**
 * The hidden truth of a processing-trade zone: what a violating enterprise does (a diversion sold
 * at home, a shortage, an unfiled outside processor, an inflated unit consumption whose surplus is
 * sold), moving physical stock and accruing revenue at stake; what a scheme stopped by a case would
 * still have taken is counted as prevented. Goods leaving the zone pass the zone gate check.
 */
import { ACTS, OUTSOURCING_DAYS, OUTSOURCING_LEAK } from '../supervision/bonded-population.js';
import { DAY, type Plant, type ViolationState, type ZoneWorld } from './zone-plant.js';

export function wireZoneViolations(z: ZoneWorld, gateCheck: (p: Plant, batchTax: number) => void) {
  const { sim, policy, rec, admin } = z;

  function divert(p: Plant, v: ViolationState, units: number): number {
    if (units <= 0) return 0;
    const tax = units * p.e.taxPerUnit.get(v.material)!;
    v.taxAtStake += tax;
    rec({ type: 'bond.diverted', enterprise: p.e.index, kind: v.kind, material: v.material, units, tax });
    return tax;
  }

  /** What a scheme stopped by a case would have taken: counted, not taken, so that policies compare on the same stake. */
  function prevent(p: Plant, v: ViolationState, units: number): void {
    if (units > 0) rec({ type: 'bond.prevented', enterprise: p.e.index, kind: v.kind, units, tax: units * p.e.taxPerUnit.get(v.material)! });
  }

  /** A violation begins (or, begun before the run, shows itself with what it took already). */
  function start(p: Plant, v: ViolationState): void {
    v.started = true;
    v.startedAt = v.startDay * DAY;
    rec({ type: 'bond.violation_started', enterprise: p.e.index, kind: v.kind, material: v.material, concealed: v.concealed, start_day: v.startDay });
    divert(p, v, p.e.violation!.backlog);
  }

  function takeFromStock(p: Plant, m: string, units: number): number {
    const q = Math.min(units, p.stock.get(m)!);
    p.stock.set(m, p.stock.get(m)! - q);
    return q;
  }

  function act(p: Plant, day: number): void {
    const v = p.v;
    if (v === null) return;
    if (!v.started) {
      if (day !== v.startDay) return;
      start(p, v);
      if (v.kind === 'inflated_consumption') {
        p.book.amendConsumption(v.product, v.material, p.e.bom.get(v.product)!.get(v.material)! + v.extra);
        admin(p, 'change', policy.change.adminH);
        // the products already in stock now count at the inflated figure too: their surplus is taken as well
        v.producedSince = p.products.get(v.product)!;
      }
    }
    if (v.kind === 'inflated_consumption') return; // acts as products are made (takeSurplus)
    const a = ACTS[v.kind];
    if ((day - v.startDay) % a.everyDays !== 0) return;
    const m = v.material;
    const size = Math.ceil(a.share * p.stock.get(m)!);
    if (v.kind === 'unrecorded_outsourcing') {
      if (v.detected) return prevent(p, v, size - Math.floor(size * (1 - OUTSOURCING_LEAK)));
      if (v.out > 0) return;
      const q = takeFromStock(p, m, size);
      if (q === 0) return;
      v.out = q;
      gateCheck(p, 0);
      sim.schedule(OUTSOURCING_DAYS * DAY, () => {
        if (v.out === 0) return; // a case took what was out
        const back = Math.floor(v.out * (1 - OUTSOURCING_LEAK));
        p.stock.set(m, p.stock.get(m)! + back);
        const leak = v.out - back;
        v.out = 0;
        divert(p, v, leak);
      }, undefined);
      return;
    }
    if (v.detected) return prevent(p, v, size);
    const tax = divert(p, v, takeFromStock(p, m, size));
    if (v.kind === 'domestic_sale' && tax > 0) gateCheck(p, tax);
  }

  /**
   * The point of an inflated unit consumption: every product made frees `extra` units the book
   * thinks consumed. Taken off the stock as production goes (so that a count matches the book
   * under the declared consumption) and trucked out with the weekly shipment.
   */
  function takeSurplus(p: Plant): void {
    const v = p.v;
    if (v === null || v.kind !== 'inflated_consumption' || !v.started) return;
    const owed = v.producedSince * v.extra - v.surplusSold;
    if (v.detected) {
      v.surplusSold += owed;
      return prevent(p, v, owed);
    }
    const q = takeFromStock(p, v.material, owed);
    v.surplusSold += q;
    v.surplusWaiting += divert(p, v, q);
  }

  function truckSurplus(p: Plant): void {
    const v = p.v;
    if (v === null || v.surplusWaiting === 0 || v.detected) return;
    const tax = v.surplusWaiting;
    v.surplusWaiting = 0;
    gateCheck(p, tax);
  }

  return { divert, start, act, takeSurplus, truckSurplus };
}
