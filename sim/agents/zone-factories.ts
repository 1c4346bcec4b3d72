/**
 * The factories of a processing-trade zone, their physical side: weekly imports of bonded
 * materials declared under the book's current numbers, daily production by the true bills of
 * materials, weekly shipments (exported, or sold at home with duty), and a new model number that
 * waits for its book change (online in minutes, or on paper in days) before its goods are declared.
 */
import { poisson, sampler, type Sampler } from '../kernel/distributions.js';
import { bookChangeMachine, type BookChangeEmitted } from './book-change.machine.js';
import type { Plant, ZoneWorld } from './zone-plant.js';

const HOUR = 3600;
/** An urgent shipment of a new model arrives this long after the enterprise learns of it (Suzhou, seed 000: learned in the morning, landed at 9:30). */
const NEW_MODEL_ARRIVAL_S = 1.5 * HOUR;

export function wireZoneFactories(z: ZoneWorld, plants: readonly Plant[]) {
  const { sim, w, policy, rec, admin } = z;
  const reviewRng = sim.rng.stream('zone.review');
  const declarationReview: Sampler = sampler(policy.declaration.reviewS);
  const changeReview: Sampler = sampler(policy.change.reviewS);

  sim.on<Extract<BookChangeEmitted, { type: 'book.change_approved' }>>('book.change_approved', (_e, ev) => {
    const p = plants[ev.enterprise];
    const wait = p.pending.get(ev.material)!;
    p.pending.delete(ev.material);
    p.book.fileMaterial(ev.material, ev.item);
    // two models of one material under review: the later one stays current whichever is approved first
    if (wait.seq > (p.currentSeq.get(wait.base) ?? 0)) {
      p.current.set(wait.base, ev.material);
      p.currentSeq.set(wait.base, wait.seq);
    }
    if (wait.arrivedAt !== null) declareImport(p, wait.base, ev.material, wait.qty, true, sim.now - wait.arrivedAt);
  });

  function declareImport(p: Plant, base: string, number: string, qty: number, newModel: boolean, waitedS: number): void {
    const review = declarationReview(reviewRng);
    admin(p, 'declaration', policy.declaration.adminH);
    rec({ type: 'bond.declared', enterprise: p.e.index, kind: 'import', material: number, units: qty, release_s: review + waitedS, new_model: newModel, waited_s: waitedS, tax: 0 });
    sim.schedule(review, () => {
      p.book.recordImport(number, qty);
      p.stock.set(base, p.stock.get(base)! + qty);
      p.inTransit.set(base, p.inTransit.get(base)! - qty);
    }, undefined);
  }

  function weeklyImports(p: Plant): void {
    for (const [m, use] of p.e.weeklyUse) {
      const target = Math.round(w.stockWeeks * use);
      const qty = target - p.stock.get(m)! - p.inTransit.get(m)!;
      if (qty <= 0) continue;
      p.inTransit.set(m, p.inTransit.get(m)! + qty);
      declareImport(p, m, p.current.get(m)!, qty, false, 0);
    }
  }

  function shipProducts(p: Plant): void {
    let exported = 0;
    let domestic = 0;
    let tax = 0;
    for (const [product, q] of p.products) {
      if (q === 0) continue;
      const dom = Math.floor(q * w.domesticShare);
      const exp = q - dom;
      p.products.set(product, 0);
      if (exp > 0) p.book.recordProductsOut(product, exp);
      if (dom > 0) {
        p.book.recordProductsOut(product, dom);
        for (const [m] of p.e.bom.get(product)!) tax += dom * p.book.unitConsumption(product, m)! * p.e.taxPerUnit.get(m)!;
      }
      exported += exp;
      domestic += dom;
    }
    if (exported > 0) declareOut(p, 'export', exported, 0);
    if (domestic > 0) {
      declareOut(p, 'domestic', domestic, tax);
      p.domesticThisMonth = true;
      if (policy.tax.payment === 'per-declaration') admin(p, 'tax', policy.tax.adminH);
    }
  }

  function declareOut(p: Plant, kind: 'export' | 'domestic', units: number, tax: number): void {
    admin(p, 'declaration', policy.declaration.adminH);
    rec({ type: 'bond.declared', enterprise: p.e.index, kind, material: null, units, release_s: declarationReview(reviewRng), new_model: false, waited_s: 0, tax });
  }

  // ---- the factory ---------------------------------------------------------------------------

  function produce(p: Plant): void {
    for (const [product, weekly] of p.e.weeklyOutput) {
      const planned = poisson(p.output, weekly / 7);
      const bom = p.e.bom.get(product)!;
      let q = planned;
      for (const [m, u] of bom) q = Math.min(q, Math.floor(p.stock.get(m)! / u));
      for (const [m, u] of bom) {
        p.stock.set(m, p.stock.get(m)! - q * u);
        p.workOrders.set(m, p.workOrders.get(m)! + q * u);
      }
      p.products.set(product, p.products.get(product)! + q);
      const v = p.v;
      if (v !== null && v.kind === 'inflated_consumption' && v.started && product === v.product) v.producedSince += q;
      if (q < planned) rec({ type: 'bond.output_lost', enterprise: p.e.index, product, units: planned - q });
    }
  }

  function newModel(p: Plant, base: string): void {
    const n = (p.models.get(base) ?? 0) + 1;
    p.models.set(base, n);
    const number = `${base}-${String.fromCharCode(65 + ((n - 1) % 26))}${n > 26 ? Math.floor((n - 1) / 26) : ''}`;
    // the urgent shipment of the new model: one week of use
    const qty = Math.max(1, Math.round(p.e.weeklyUse.get(base)!));
    p.pending.set(number, { base, seq: n, qty, arrivedAt: null });
    p.inTransit.set(base, p.inTransit.get(base)! + qty);
    admin(p, 'change', policy.change.adminH);
    sim.spawn(bookChangeMachine, `${p.e.id}-change-${number}`, { enterprise: p.e.index, material: number, item: p.e.itemOf.get(base)!, reviewS: changeReview(reviewRng) });
    sim.schedule(NEW_MODEL_ARRIVAL_S, () => {
      const wait = p.pending.get(number);
      if (wait !== undefined) wait.arrivedAt = sim.now;
      else declareImport(p, base, number, qty, true, 0); // approved before the goods landed
    }, undefined);
  }

  return { weeklyImports, shipProducts, produce, newModel };
}
