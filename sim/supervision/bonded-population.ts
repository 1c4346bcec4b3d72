/**
 * The processing-trade enterprises of a zone and their hidden truth, drawn once per run from
 * named streams (`zone.population`, `zone.truth`, `zone.changes`), so that every policy on the
 * same seed meets the same factories, the same BOMs and the same violations.
 *
 * An enterprise has imported materials (material numbers merged into declared items), finished
 * products with a bill of materials of whole units per product, a weekly output, an opening stock
 * of a few weeks' use, the days on which a new model number arrives (a merge-relation change), and
 * at most one bonded-goods violation with the day it starts.
 */
import { indexSampler, sampler } from '../kernel/distributions.js';
import type { Rng } from '../kernel/rng.js';
import type { BookSpec } from './e-account-book.js';
import { HS_HEADINGS } from './hs-catalog.js';
import { dutyAndVat, dutyRateOf, RMB_PER_USD } from './tax.js';
import { BONDED_VIOLATIONS, CREDIT_CLASSES, type BondedViolation } from './vocabulary.js';
import type { ExplicitEnterprise, ZoneWorld } from './zone-config.js';

/**
 * Headings of the catalogue that processing trade imports as materials: plastics, tyres, steel,
 * screws, valves, display panels (the LCD panels of seed 000), integrated circuits. Finished goods
 * of the catalogue (laptops, phones, TV sets) are what such factories export, not what they import.
 */
const MATERIAL_CODES = new Set(['390110', '392690', '401110', '720851', '731815', '848180', '852852', '854231']);
const PROCESSING_HEADINGS = HS_HEADINGS.filter((h) => MATERIAL_CODES.has(h.code));

/** How each violation acts (illustrative sizes): every `everyDays` from its start, `share` of the material's stock. */
export const ACTS: Record<Exclude<BondedViolation, 'inflated_consumption'>, { everyDays: number; share: number }> = {
  domestic_sale: { everyDays: 14, share: 0.1 },
  stock_shortage: { everyDays: 30, share: 0.03 },
  unrecorded_outsourcing: { everyDays: 28, share: 0.2 },
};
/** Unfiled outsourcing: days the materials stay out, and the share that never comes back. */
export const OUTSOURCING_DAYS = 10;
export const OUTSOURCING_LEAK = 0.2;
/** Inflated unit consumption: the declared figure is this much above the true one (at least one unit). */
export const INFLATION = 0.15;
/**
 * Violations are not all new when a run starts: a scheme may have begun up to this many days
 * before, as in a zone that has run for years. What it took before the run is in the book (the
 * book was kept as if nothing had happened) and missing from the stock.
 */
export const HISTORY_DAYS = 180;

export interface BondedViolationPlan {
  kind: BondedViolation;
  /** day (from the start) on which it begins; negative: before the run */
  startDay: number;
  /** units it took before the run (0 when it begins during the run) */
  backlog: number;
  /** inflated consumption: units declared above the true consumption, per product */
  extra: number;
  /** the base material it concerns */
  material: string;
  /** the product whose unit consumption is inflated (inflated_consumption) */
  product: string;
  /** uniform draw compared with the concealment probability of the policy's book-keeping */
  concealDraw: number;
}

export interface BondedEnterprise {
  id: string;
  index: number;
  credit: number;
  /** the book as it stands when the run starts */
  book: BookSpec;
  /** material number → units physically in stock when the run starts */
  openingStock: Map<string, number>;
  /** base material number → item */
  itemOf: Map<string, number>;
  /** base material number → RMB per unit */
  unitValue: Map<string, number>;
  /** base material number → duty + VAT per unit, RMB, should it leave the bond for the domestic market */
  taxPerUnit: Map<string, number>;
  /** product number → true BOM (material → units per product) */
  bom: Map<string, Map<string, number>>;
  /** product number → products made per week, on average */
  weeklyOutput: Map<string, number>;
  /** base material number → units used in a week at the average output */
  weeklyUse: Map<string, number>;
  /** days on which a new model number of a material arrives, ascending, with that material */
  changes: { day: number; material: string }[];
  violation: BondedViolationPlan | null;
}

const pad = (i: number, width: number) => String(i).padStart(width, '0');
const intIn = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

type Structure = Omit<BondedEnterprise, 'changes' | 'violation' | 'openingStock'>;

function drawStructure(w: ZoneWorld, index: number, id: string, rng: Rng, credit: number): Structure {
  const nM = intIn(rng, w.materials[0], w.materials[1]);
  const nP = intIn(rng, w.products[0], w.products[1]);
  const nI = Math.ceil(nM / 2);
  const items = Array.from({ length: nI }, (_, i) => {
    const h = PROCESSING_HEADINGS[Math.floor(rng.next() * PROCESSING_HEADINGS.length)];
    return { item: i + 1, hs: h.code, unit: h.unit, h };
  });
  const materials = Array.from({ length: nM }, (_, j) => {
    const it = items[j % nI];
    const value = it.h.refUsdPerKg * it.h.kgPerUnit * RMB_PER_USD * (0.5 + rng.next());
    return { number: `M${pad(j + 1, 2)}`, item: it.item, unitValueRmb: Math.round(value * 100) / 100, duty: it.h.dutyRate };
  });
  const bom = new Map<string, Map<string, number>>();
  const weeklyOutput = new Map<string, number>();
  const draw = sampler(w.weeklyOutput);
  for (let p = 0; p < nP; p++) {
    const number = `P${pad(p + 1, 2)}`;
    const b = new Map<string, number>();
    // every material is used by at least one product: material j goes into product j mod nP
    for (let j = p; j < nM; j += nP) b.set(materials[j].number, intIn(rng, 1, 12));
    const extra = Math.floor(rng.next() * 2);
    for (let k = 0; k < extra; k++) {
      const m = materials[Math.floor(rng.next() * nM)].number;
      if (!b.has(m)) b.set(m, intIn(rng, 1, 12));
    }
    if (b.size === 0) b.set(materials[p % nM].number, intIn(rng, 1, 12));
    bom.set(number, new Map([...b].sort(([a], [c]) => (a < c ? -1 : 1))));
    weeklyOutput.set(number, Math.max(1, Math.round(draw(rng))));
  }
  return finish(w, index, id, credit, items, materials, bom, weeklyOutput);
}

function finish(
  w: ZoneWorld,
  index: number,
  id: string,
  credit: number,
  items: readonly { item: number; hs: string; unit: string }[],
  materials: readonly { number: string; item: number; unitValueRmb: number; duty: number; stock?: number }[],
  bom: Map<string, Map<string, number>>,
  weeklyOutput: Map<string, number>,
): Structure {
  const weeklyUse = new Map(materials.map((m) => [m.number, 0]));
  for (const [p, b] of bom) for (const [m, u] of b) weeklyUse.set(m, weeklyUse.get(m)! + u * weeklyOutput.get(p)!);
  const book: BookSpec = {
    enterprise: id,
    items: items.map(({ item, hs, unit }) => ({ item, hs, unit })),
    materials: materials.map((m) => ({ number: m.number, item: m.item, stock: m.stock ?? Math.round(w.stockWeeks * weeklyUse.get(m.number)!) })),
    products: [...bom].map(([number, b]) => ({ number, bom: Object.fromEntries(b) })),
  };
  return {
    id,
    index,
    credit,
    book,
    itemOf: new Map(materials.map((m) => [m.number, m.item])),
    unitValue: new Map(materials.map((m) => [m.number, m.unitValueRmb])),
    taxPerUnit: new Map(materials.map((m) => [m.number, dutyAndVat(m.unitValueRmb, m.duty)])),
    bom,
    weeklyOutput,
    weeklyUse,
  };
}

function fromExplicit(w: ZoneWorld, index: number, e: ExplicitEnterprise): Structure {
  const items = e.items;
  const dutyOf = new Map(items.map((i) => [i.item, dutyRateOf(i.hs)]));
  const materials = e.materials.map((m) => ({ ...m, duty: dutyOf.get(m.item)! }));
  const bom = new Map(e.products.map((p) => [p.number, new Map(Object.entries(p.bom).sort(([a], [c]) => (a < c ? -1 : 1)))]));
  const weeklyOutput = new Map(e.products.map((p) => [p.number, p.weeklyOutput]));
  return finish(w, index, e.id, e.credit, items, materials, bom, weeklyOutput);
}

function drawViolation(w: ZoneWorld, e: Structure, given: BondedViolation | 'none' | undefined, rng: Rng, drawKind: (rng: Rng) => number): BondedViolationPlan | null {
  // the same number of draws for every enterprise, whatever it turns out to be
  const u = rng.next();
  const drawn = BONDED_VIOLATIONS[drawKind(rng)];
  const uStart = rng.next();
  const uMaterial = rng.next();
  const concealDraw = rng.next();
  let kind: BondedViolation | null;
  if (given !== undefined) kind = given === 'none' ? null : given;
  else if (u >= w.violationRate[CREDIT_CLASSES[e.credit]]) kind = null;
  else kind = drawn;
  if (kind === null) return null;
  // the product with the largest output, and its material with the largest use: where the money is
  const products = [...e.weeklyOutput].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const product = products[0][0];
  const used = [...e.bom.get(product)!.keys()];
  const material = kind === 'inflated_consumption' ? used[Math.floor(uMaterial * used.length)] : [...e.unitValue.keys()][Math.floor(uMaterial * e.unitValue.size)];
  const startDay = Math.floor(uStart * (HISTORY_DAYS + 0.6 * w.days)) - HISTORY_DAYS;
  const u0 = e.bom.get(product)!.get(material) ?? 1;
  const extra = kind === 'inflated_consumption' ? Math.max(1, Math.round(u0 * INFLATION)) : 0;
  return { kind, startDay, backlog: backlog(w, e, kind, material, product, extra, -startDay), material, product, extra, concealDraw };
}

/** Units a violation took in `age` days before the run, at the enterprise's average stock and output. */
function backlog(w: ZoneWorld, e: Structure, kind: BondedViolation, material: string, product: string, extra: number, age: number): number {
  if (age <= 0) return 0;
  if (kind === 'inflated_consumption') return Math.round((age * e.weeklyOutput.get(product)! * extra) / 7);
  const stock = w.stockWeeks * e.weeklyUse.get(material)!;
  // acts fall on startDay + k * everyDays for every k with that day before the run
  const acts = Math.ceil(age / ACTS[kind].everyDays);
  const perAct = ACTS[kind].share * stock * (kind === 'unrecorded_outsourcing' ? OUTSOURCING_LEAK : 1);
  return Math.round(acts * perAct);
}

/**
 * The book as it stands when the run starts. A scheme under way has taken its backlog from the
 * stock while the book went on as if nothing had happened: the book's balance is the stock plus
 * the backlog. An inflated unit consumption is already filed, and its backlog already booked as
 * consumed: the book agrees with the stock, as the enterprise meant it to.
 */
function withHistory(e: Structure, v: BondedViolationPlan | null): { book: BookSpec; openingStock: Map<string, number> } {
  const openingStock = new Map(e.book.materials.map((m) => [m.number, m.stock]));
  if (v === null || v.startDay >= 0) return { book: e.book, openingStock };
  if (v.kind === 'inflated_consumption') {
    const products = e.book.products.map((p) => (p.number === v.product ? { ...p, bom: { ...p.bom, [v.material]: p.bom[v.material] + v.extra } } : p));
    return { book: { ...e.book, products }, openingStock };
  }
  const materials = e.book.materials.map((m) => (m.number === v.material ? { ...m, stock: m.stock + v.backlog } : m));
  return { book: { ...e.book, materials }, openingStock };
}

function drawChanges(w: ZoneWorld, e: Structure, rng: Rng): { day: number; material: string }[] {
  const out: { day: number; material: string }[] = [];
  const rate = w.modelChangesPerQuarter / 91;
  const materials = [...e.unitValue.keys()];
  if (rate <= 0) return out;
  for (let t = -Math.log(1 - rng.next()) / rate; t < w.days; t += -Math.log(1 - rng.next()) / rate) {
    out.push({ day: Math.floor(t), material: materials[Math.floor(rng.next() * materials.length)] });
  }
  return out;
}

/** The id of the drawn enterprise at `index` in a zone of `enterprises`: E01, E02... */
export function drawnEnterpriseId(index: number, enterprises: number): string {
  return `E${pad(index + 1, Math.max(2, String(enterprises).length))}`;
}

export function drawBondedPopulation(w: ZoneWorld, streams: { population: Rng; truth: Rng; changes: Rng }): BondedEnterprise[] {
  const out: BondedEnterprise[] = [];
  const drawCredit = indexSampler(CREDIT_CLASSES.map((c) => w.creditMix[c]));
  const drawKind = indexSampler(BONDED_VIOLATIONS.map((k) => w.violationMix[k]));
  for (let i = 0; i < w.enterprises; i++) {
    const explicit = w.explicit[i];
    const credit = drawCredit(streams.population);
    const base = explicit !== undefined ? fromExplicit(w, i, explicit) : drawStructure(w, i, drawnEnterpriseId(i, w.enterprises), streams.population, credit);
    const violation = drawViolation(w, base, explicit?.violation, streams.truth, drawKind);
    out.push({ ...base, ...withHistory(base, violation), changes: drawChanges(w, base, streams.changes), violation });
  }
  return out;
}
