/**
 * A processing-trade zone, wired: factories import bonded materials, make products by their true
 * bills of materials, export them or sell some at home with duty, and now and then need a new model
 * number filed in their e-account book; customs verifies the books against the ERP, writes them off
 * per period, checks goods at the zone gate and audits after the fact. Enterprises (credit) and
 * book changes are XState machines; this file is the world between them: the factories' physical
 * side, the book operations, and the checks on their calendar.
 *
 * The hidden truth (bonded-population.ts) plants at most one violation per enterprise. Its acts
 * (a diversion, a shortage, an outside processor, a surplus sold) move physical stock and accrue
 * revenue at stake; a check finds it when the arithmetic shows it (and the figures were not
 * falsified), a gate check when goods move, an audit with its own probability. A case settles the
 * discrepancy in the book, recovers the revenue at stake so far, stops the violation and costs the
 * enterprise its credit.
 *
 * Random streams, by purpose (the same world for every policy on a seed): `zone.population`,
 * `zone.truth`, `zone.changes`; `zone.output.<i>` (each factory's daily production, drawn every day
 * whatever happens); `zone.review` (declaration and change review times), `zone.gate`,
 * `zone.stocktake`, `zone.audit.<i>` (audit calendar), `zone.audit.find`.
 */
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import { poisson, sampler, type Sampler } from '../kernel/distributions.js';
import type { Rng } from '../kernel/rng.js';
import { ACTS, OUTSOURCING_DAYS, OUTSOURCING_LEAK, drawBondedPopulation, type BondedEnterprise } from '../supervision/bonded-population.js';
import { EAccountBook } from '../supervision/e-account-book.js';
import { beyondTolerance, writeOff, type ConsumptionBasis, type StockCount, type WriteOffLine } from '../supervision/write-off.js';
import type { ZoneConfig } from '../supervision/zone-config.js';
import { CREDIT_CLASSES, type BondedViolation, type Mechanism } from '../supervision/vocabulary.js';
import { enterpriseMachine, type EnterpriseEmitted, type EnterpriseEvent } from './enterprise.machine.js';
import { bookChangeMachine, type BookChangeEmitted } from './book-change.machine.js';

const HOUR = 3600;
export const DAY = 86400;
/** Morning: production, shipments, imports. Evening: customs' checks of the day. */
const MORNING = 8 * HOUR;
const EVENING = 18 * HOUR;
/** An urgent shipment of a new model arrives this long after the enterprise learns of it (Suzhou, seed 000: learned in the morning, landed at 9:30). */
const NEW_MODEL_ARRIVAL_S = 1.5 * HOUR;
/** Days from a signal (a discrepancy within tolerance) to the audit it prompts. */
const SIGNAL_AUDIT_DAYS = 14;
/** Days from a seizure at the gate to the audit of the enterprise it is referred for. */
const REFERRAL_AUDIT_DAYS = 7;
/** Enterprise hours a case costs (investigation, supplementary declaration, tax): illustrative. */
export const CASE_ADMIN_H = 16;
export type AuditReason = 'calendar' | 'signal' | 'referral';

export type AdminActivity = 'declaration' | 'change' | 'verification' | 'write_off' | 'tax' | 'audit' | 'case';

/** The stream's records of the zone (besides what the machines emit). */
export type ZoneRecord =
  | { type: 'bond.enterprise'; enterprise: number; credit: number; materials: number; products: number }
  /** `release_s` counts from the goods' arrival (or shipment): a new model's import first waits `waited_s` for its change */
  | { type: 'bond.declared'; enterprise: number; kind: 'import' | 'export' | 'domestic'; material: string | null; units: number; release_s: number; new_model: boolean; waited_s: number; tax: number }
  | { type: 'bond.admin'; enterprise: number; activity: AdminActivity; hours: number }
  /** `start_day` < 0: begun before the run, with what it took before (in the book, not in the stock) recorded at once as diverted */
  | { type: 'bond.violation_started'; enterprise: number; kind: BondedViolation; material: string; concealed: boolean; start_day: number }
  | { type: 'bond.diverted'; enterprise: number; kind: BondedViolation; material: string; units: number; tax: number }
  | { type: 'bond.checked'; enterprise: number; mechanism: 'verification' | 'write_off'; basis: ConsumptionBasis; stocktake: boolean; discrepancy: number; beyond: boolean }
  /** what a stopped scheme would have taken (on the day it would have), had no case stopped it */
  | { type: 'bond.prevented'; enterprise: number; kind: BondedViolation; units: number; tax: number }
  /** `first`: the case that found the violation (later ones recover what is still outstanding) */
  | { type: 'bond.case'; enterprise: number; mechanism: Mechanism; kind: BondedViolation | null; first: boolean; recovered: number; exposure_days: number; settled: number }
  | { type: 'bond.audited'; enterprise: number; reason: AuditReason; found: boolean }
  | { type: 'bond.output_lost'; enterprise: number; product: string; units: number };

interface ViolationState {
  kind: BondedViolation;
  material: string;
  product: string;
  startDay: number;
  concealed: boolean;
  started: boolean;
  detected: boolean;
  startedAt: number;
  taxAtStake: number;
  /** revenue recovered by cases so far */
  recovered: number;
  /** outsourcing: units out now */
  out: number;
  /** inflated consumption: extra units declared per product, products made since, surplus taken (units), tax on the surplus not yet trucked out (RMB) */
  extra: number;
  producedSince: number;
  surplusSold: number;
  surplusWaiting: number;
}

interface Plant {
  e: BondedEnterprise;
  entity: Entity;
  book: EAccountBook;
  credit: number;
  stock: Map<string, number>;
  inTransit: Map<string, number>;
  products: Map<string, number>;
  workOrders: Map<string, number>;
  /** base material → the number its imports are declared under (a new model replaces it once approved) */
  current: Map<string, string>;
  /** new material number → base material, while its change is under review */
  pending: Map<string, { base: string; seq: number; qty: number; arrivedAt: number | null }>;
  /** base material → the model number (1, 2...) of its current number; 0 for the original */
  currentSeq: Map<string, number>;
  models: Map<string, number>;
  output: Rng;
  v: ViolationState | null;
  domesticThisMonth: boolean;
  signalAudit: boolean;
}

export interface ZoneSite {
  readonly enterprises: readonly BondedEnterprise[];
  /** books of the enterprises, for tests and reports */
  books(): EAccountBook[];
}

export function buildZoneSite(sim: Simulation, cfg: ZoneConfig): ZoneSite {
  const w = cfg.world;
  const policy = cfg.policy;
  const population = drawBondedPopulation(w, {
    population: sim.rng.stream('zone.population'),
    truth: sim.rng.stream('zone.truth'),
    changes: sim.rng.stream('zone.changes'),
  });
  // every record is about one enterprise: it goes to the stream under the enterprise's id
  const rec = (r: ZoneRecord) => sim.record(population[r.enterprise].id, r);
  const reviewRng = sim.rng.stream('zone.review');
  const gateRng = sim.rng.stream('zone.gate');
  const stocktakeRng = sim.rng.stream('zone.stocktake');
  const findRng = sim.rng.stream('zone.audit.find');
  const declarationReview: Sampler = sampler(policy.declaration.reviewS);
  const changeReview: Sampler = sampler(policy.change.reviewS);
  const concealment = policy.books === 'paper' ? w.concealment.selfReport : w.concealment.erp;
  const basis = policy.writeOff.basis;

  const admin = (p: Plant, activity: AdminActivity, hours: number) => {
    if (hours > 0) rec({ type: 'bond.admin', enterprise: p.e.index, activity, hours });
  };

  const plants: Plant[] = population.map((e) => {
    const v = e.violation;
    return {
      e,
      entity: sim.spawn(enterpriseMachine, e.id, { index: e.index, credit: e.credit }),
      book: new EAccountBook(e.book),
      credit: e.credit,
      stock: new Map(e.openingStock),
      inTransit: new Map(e.book.materials.map((m) => [m.number, 0])),
      products: new Map([...e.bom.keys()].map((p) => [p, 0])),
      workOrders: new Map(e.book.materials.map((m) => [m.number, 0])),
      current: new Map(e.book.materials.map((m) => [m.number, m.number])),
      pending: new Map(),
      currentSeq: new Map(),
      models: new Map(),
      output: sim.rng.stream(`zone.output.${e.index}`),
      v:
        v === null
          ? null
          : {
              kind: v.kind,
              material: v.material,
              product: v.product,
              startDay: v.startDay,
              concealed: v.concealDraw < concealment,
              started: false,
              detected: false,
              startedAt: 0,
              taxAtStake: 0,
              recovered: 0,
              out: 0,
              extra: v.extra,
              producedSince: 0,
              surplusSold: 0,
              surplusWaiting: 0,
            },
      domesticThisMonth: false,
      signalAudit: false,
    };
  });

  for (const p of plants) {
    rec({ type: 'bond.enterprise', enterprise: p.e.index, credit: p.e.credit, materials: p.e.book.materials.length, products: p.e.bom.size });
    if (p.v !== null && p.v.startDay < 0) start(p, p.v);
  }

  sim.on<Extract<EnterpriseEmitted, { type: 'enterprise.credit_changed' }>>('enterprise.credit_changed', (_e, ev) => {
    plants[ev.enterprise].credit = ev.credit;
  });
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

  // ---- declarations -------------------------------------------------------------------------

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

  // ---- the hidden truth ----------------------------------------------------------------------

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

  // ---- customs' checks -----------------------------------------------------------------------

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
    const u = gateRng.next();
    if (!(u < policy.gate.checkRate[CREDIT_CLASSES[p.credit]] * policy.gate.detect)) return;
    openCase(p, 'gate', batchTax);
    sim.schedule(REFERRAL_AUDIT_DAYS * DAY, () => audit(p, 'referral'), undefined);
  }

  function check(p: Plant, mechanism: 'verification' | 'write_off'): void {
    const stocktake = mechanism === 'write_off' && stocktakeRng.next() < policy.writeOff.stocktake;
    const seen = stocktake ? lines(p, physicalCount(p), basis) : reportedLines(p, basis);
    const beyond = seen.filter((l) => beyondTolerance(l, policy.writeOff.tolerance));
    const discrepancy = seen.reduce((a, l) => a + Math.abs(l.discrepancy), 0);
    rec({ type: 'bond.checked', enterprise: p.e.index, mechanism, basis, stocktake, discrepancy, beyond: beyond.length > 0 });
    if (beyond.length > 0) openCase(p, mechanism, Infinity);
    else if (discrepancy > 0 && policy.audit.onSignal && !p.signalAudit) {
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
    const found = open && findRng.next() < policy.audit.detect;
    rec({ type: 'bond.audited', enterprise: p.e.index, reason, found });
    if (found) openCase(p, 'audit', Infinity);
    else if (v === null || !v.started) sim.send(p.entity, { type: 'CLEARED' } satisfies EnterpriseEvent);
  }

  function scheduleAudit(p: Plant, rng: Rng): void {
    const perYear = policy.audit.perYear[CREDIT_CLASSES[p.credit]];
    const u = rng.next(); // drawn whatever the rate, so the calendar stream stays aligned
    if (!(perYear > 0)) {
      // no audits at this class: look again in a quarter (the class may change)
      sim.schedule(91 * DAY, () => scheduleAudit(p, rng), undefined);
      return;
    }
    const gap = (-Math.log(1 - u) / perYear) * 365 * DAY;
    sim.schedule(gap, () => {
      audit(p, 'calendar');
      scheduleAudit(p, rng);
    }, undefined);
  }

  // ---- the calendar --------------------------------------------------------------------------

  const changesByDay = new Map<number, { p: Plant; material: string }[]>();
  for (const p of plants) {
    for (const c of p.e.changes) {
      const list = changesByDay.get(c.day) ?? [];
      list.push({ p, material: c.material });
      changesByDay.set(c.day, list);
    }
  }

  const morning = (day: number) => {
    for (const c of changesByDay.get(day) ?? []) newModel(c.p, c.material);
    for (const p of plants) {
      act(p, day);
      produce(p);
      takeSurplus(p);
      if (day % 7 === p.e.index % 7) weeklyImports(p);
      if (day % 7 === (p.e.index + 3) % 7) {
        shipProducts(p);
        truckSurplus(p);
      }
      if (policy.tax.payment === 'aggregated' && day % 30 === 29 && p.domesticThisMonth) {
        admin(p, 'tax', policy.tax.adminH);
        p.domesticThisMonth = false;
      }
    }
    if (day + 1 < w.days) sim.at((day + 1) * DAY + MORNING, morning, day + 1);
  };
  const evening = (day: number) => {
    const verify = policy.verification.everyDays > 0 && (day + 1) % policy.verification.everyDays === 0;
    const writeOffDay = (day + 1) % policy.writeOff.everyDays === 0;
    for (const p of plants) {
      if (writeOffDay) {
        admin(p, 'write_off', policy.writeOff.adminH);
        check(p, 'write_off');
      } else if (verify) {
        admin(p, 'verification', policy.verification.adminH);
        check(p, 'verification');
      }
    }
    if (day + 1 < w.days) sim.at((day + 1) * DAY + EVENING, evening, day + 1);
  };
  sim.at(MORNING, morning, 0);
  sim.at(EVENING, evening, 0);
  for (const p of plants) scheduleAudit(p, sim.rng.stream(`zone.audit.${p.e.index}`));

  return {
    enterprises: population,
    books: () => plants.map((p) => p.book),
  };
}
