/**
 * The write-off formula. Write-off (核销) and networked verification (联网核查): per item of the e-account book,
 *
 *     discrepancy = imported − consumed − exported − stock − settled
 *
 * where `consumed` comes either from the declared unit consumption of the products that left
 * (the classic write-off; the products still in stock are then turned back into materials at the
 * same unit consumption and counted as stock), or from the ERP's work orders (工单核销, the 2014
 * Shanghai FTZ reform: what production actually used, with product stock no longer counted).
 * For an honest enterprise both give exactly zero. A diversion of k units of a material shows
 * as +k on its item; a declared unit consumption above the true one shows as a negative figure
 * (surplus in stock) under the first basis until the surplus is sold, and as the sold surplus
 * under the second.
 *
 * The stock comes from wherever the check takes it: the ERP (verification), the enterprise's own
 * report (a paper write-off), or a physical count. The function does not care; the caller does.
 */
import { BookError, type EAccountBook } from './e-account-book.js';

export const CONSUMPTION_BASES = ['unit-consumption', 'work-order'] as const;
export type ConsumptionBasis = (typeof CONSUMPTION_BASES)[number];

export interface StockCount {
  /** material number → units in stock */
  materials: ReadonlyMap<string, number>;
  /** product number → finished products in stock */
  products: ReadonlyMap<string, number>;
}

export interface WriteOffLine {
  item: number;
  imported: number;
  consumed: number;
  exported: number;
  stock: number;
  settled: number;
  discrepancy: number;
}

function checkCount(book: EAccountBook, subject: string, qty: number): void {
  if (!(Number.isSafeInteger(qty) && qty >= 0)) throw new BookError(book.enterprise, subject, `stock must be a whole number >= 0, got ${qty}`);
}

/**
 * The write-off of every item, in item order. `workOrders` (material number → units consumed by
 * production) is required for the work-order basis. A stock or a work order for a material the
 * book has no merge relation for, or a negative stock, is a BookError.
 */
export function writeOff(book: EAccountBook, count: StockCount, basis: ConsumptionBasis, workOrders?: ReadonlyMap<string, number>): WriteOffLine[] {
  const lines = book.ledger();
  const at = new Map(lines.map((l, i) => [l.item, i]));
  const stock = new Float64Array(lines.length);
  const consumed = new Float64Array(lines.length);
  const itemIndex = (material: string, what: string): number => {
    const item = book.itemFor(material);
    if (item === undefined) throw new BookError(book.enterprise, `material '${material}'`, `${what} a material with no merge relation in the book`);
    return at.get(item)!;
  };
  for (const [material, qty] of [...count.materials].sort(([a], [b]) => (a < b ? -1 : 1))) {
    checkCount(book, `material '${material}'`, qty);
    stock[itemIndex(material, 'the stock count lists')] += qty;
  }
  if (basis === 'unit-consumption') {
    lines.forEach((l, i) => (consumed[i] = l.consumed));
    for (const { product, bom } of book.declaredBoms()) {
      const qty = count.products.get(product) ?? 0;
      checkCount(book, `product '${product}'`, qty);
      for (const [material, u] of bom) stock[itemIndex(material, 'the BOM names')] += qty * u;
    }
  } else {
    if (workOrders === undefined) throw new Error('writeOff: the work-order basis needs the work orders');
    for (const [material, qty] of [...workOrders].sort(([a], [b]) => (a < b ? -1 : 1))) {
      checkCount(book, `work orders of material '${material}'`, qty);
      consumed[itemIndex(material, 'the work orders consume')] += qty;
    }
  }
  for (const product of count.products.keys()) {
    if (!book.hasProduct(product)) throw new BookError(book.enterprise, `product '${product}'`, 'the stock count lists a product the book does not have');
  }
  return lines.map((l, i) => ({
    item: l.item,
    imported: l.imported,
    consumed: consumed[i],
    exported: l.exported,
    stock: stock[i],
    settled: l.settled,
    discrepancy: l.imported - consumed[i] - l.exported - stock[i] - l.settled,
  }));
}

/**
 * Whether a line's discrepancy opens a case: beyond `share` of the item's imports (the tolerance
 * for process loss and rounding a customs office allows), and at least one whole unit.
 */
export function beyondTolerance(line: WriteOffLine, share: number): boolean {
  return Math.abs(line.discrepancy) > Math.max(0.5, share * line.imported);
}
