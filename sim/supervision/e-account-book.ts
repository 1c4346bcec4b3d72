/**
 * The e-account book (e账册) of a processing-trade enterprise: what customs holds of its bonded
 * materials, per declared item.
 *
 * The enterprise's ERP knows material numbers (料号); customs knows declared items (HS code and
 * unit). Filed merge relations (归并关系) map each material number to one item, so a declaration
 * generated from ERP movements lands on the right item without anyone retyping it. The book counts,
 * per item, what was imported, what left as material, and what left inside finished products at
 * the declared unit consumption (单耗) of each product; write-off (write-off.ts) sets these against
 * the stock found.
 *
 * Quantities are whole units of the item's declared unit and unit consumptions are whole units per
 * product, so the arithmetic is exact: an honest book writes off to exactly zero.
 *
 * Every operation checks its input and throws a BookError naming the enterprise and the material
 * (or product, or item): a declaration for a material with no merge relation, a merge relation to
 * an item the book does not have, a negative quantity. Nothing is changed by an operation that
 * throws.
 */

export interface BookItemSpec {
  /** item number in the book (项号), > 0 */
  item: number;
  /** six-digit HS code */
  hs: string;
  /** declared unit of quantity */
  unit: string;
}

export interface BookMaterialSpec {
  /** the ERP's material number */
  number: string;
  /** the item it merges into */
  item: number;
  /** bonded stock when the book opens, in the item's unit */
  stock: number;
}

export interface BookProductSpec {
  number: string;
  /** declared unit consumption: material number → whole units of material per product */
  bom: Readonly<Record<string, number>>;
}

export interface BookSpec {
  enterprise: string;
  items: readonly BookItemSpec[];
  materials: readonly BookMaterialSpec[];
  products: readonly BookProductSpec[];
}

export class BookError extends Error {
  override readonly name = 'BookError';
  constructor(
    readonly enterprise: string,
    readonly subject: string,
    message: string,
  ) {
    super(`enterprise '${enterprise}': ${subject}: ${message}`);
  }
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** Per-item cumulative figures, all in the item's unit. */
export interface ItemLedger {
  item: number;
  hs: string;
  unit: string;
  /** opening bonded stock plus every import declared */
  imported: number;
  /** materials that left the bond as materials (re-exported, or declared for the domestic market) */
  exported: number;
  /** materials that left inside products, at the unit consumption declared when they left */
  consumed: number;
  /** discrepancies settled by a case (supplementary declaration and tax): no longer open */
  settled: number;
}

export class EAccountBook {
  readonly enterprise: string;
  private readonly items = new Map<number, ItemLedger>();
  /** material number → item */
  private readonly merge = new Map<string, number>();
  /** product number → declared BOM (material number → units per product) */
  private readonly boms = new Map<string, Map<string, number>>();
  /** product number → products that left the bond (exported, or sold domestically with duty) */
  private readonly shipped = new Map<string, number>();

  constructor(spec: BookSpec) {
    this.enterprise = spec.enterprise;
    for (const it of spec.items) {
      if (!(Number.isSafeInteger(it.item) && it.item > 0)) this.fail(`item ${it.item}`, 'an item number must be a whole number > 0');
      if (this.items.has(it.item)) this.fail(`item ${it.item}`, 'the book lists this item twice');
      this.items.set(it.item, { item: it.item, hs: it.hs, unit: it.unit, imported: 0, exported: 0, consumed: 0, settled: 0 });
    }
    const listed = new Set<string>();
    for (const m of spec.materials) {
      if (listed.has(m.number)) this.fail(`material '${m.number}'`, 'the book lists this material twice');
      listed.add(m.number);
      this.checkRelation(m.number, m.item);
      if (!isCount(m.stock)) this.fail(`material '${m.number}'`, `opening stock must be a whole number >= 0, got ${m.stock}`);
    }
    for (const m of spec.materials) {
      this.merge.set(m.number, m.item);
      this.items.get(m.item)!.imported += m.stock;
    }
    for (const p of spec.products) this.addProduct(p);
  }

  private fail(subject: string, message: string): never {
    throw new BookError(this.enterprise, subject, message);
  }

  private checkRelation(material: string, item: number): void {
    if (this.merge.has(material)) this.fail(`material '${material}'`, 'already has a merge relation');
    if (!this.items.has(item)) {
      const have = [...this.items.keys()].sort((a, b) => a - b).join(', ') || 'none';
      this.fail(`material '${material}'`, `merges into item ${item}, which the book does not have (items: ${have})`);
    }
  }

  private addProduct(p: BookProductSpec): void {
    if (this.boms.has(p.number)) this.fail(`product '${p.number}'`, 'the book lists this product twice');
    const bom = new Map<string, number>();
    for (const material of Object.keys(p.bom).sort()) {
      const u = p.bom[material];
      if (!this.merge.has(material)) this.fail(`product '${p.number}'`, `consumes material '${material}', which has no merge relation in the book`);
      if (!(Number.isSafeInteger(u) && u > 0)) this.fail(`product '${p.number}'`, `unit consumption of material '${material}' must be a whole number > 0, got ${u}`);
      bom.set(material, u);
    }
    if (bom.size === 0) this.fail(`product '${p.number}'`, 'consumes no material');
    this.boms.set(p.number, bom);
    this.shipped.set(p.number, 0);
  }

  private itemOf(material: string): ItemLedger {
    const item = this.merge.get(material);
    if (item === undefined) this.fail(`material '${material}'`, 'has no merge relation in the book (file the change before declaring it)');
    return this.items.get(item)!;
  }

  private bomOf(product: string): Map<string, number> {
    const bom = this.boms.get(product);
    if (bom === undefined) this.fail(`product '${product}'`, 'is not in the book');
    return bom;
  }

  private count(subject: string, qty: number): void {
    if (!isCount(qty)) this.fail(subject, `quantity must be a whole number >= 0, got ${qty}`);
  }

  /** The item a material number merges into, or undefined without a merge relation. */
  itemFor(material: string): number | undefined {
    return this.merge.get(material);
  }

  hasProduct(product: string): boolean {
    return this.boms.has(product);
  }

  /** A declared unit consumption (undefined when the product does not use the material). */
  unitConsumption(product: string, material: string): number | undefined {
    return this.bomOf(product).get(material);
  }

  /** An approved change: a new material number (a new model) merged into an existing item. */
  fileMaterial(material: string, item: number): void {
    this.checkRelation(material, item);
    this.merge.set(material, item);
  }

  /** An approved change of a declared unit consumption. */
  amendConsumption(product: string, material: string, u: number): void {
    const bom = this.bomOf(product);
    if (!bom.has(material)) this.fail(`product '${product}'`, `does not consume material '${material}'`);
    if (!(Number.isSafeInteger(u) && u > 0)) this.fail(`product '${product}'`, `unit consumption of material '${material}' must be a whole number > 0, got ${u}`);
    bom.set(material, u);
  }

  /** An import declaration: bonded materials in. */
  recordImport(material: string, qty: number): void {
    const it = this.itemOf(material);
    this.count(`material '${material}'`, qty);
    it.imported += qty;
  }

  /** Materials out as materials: re-exported, or declared for the domestic market with duty. */
  recordMaterialOut(material: string, qty: number): void {
    const it = this.itemOf(material);
    this.count(`material '${material}'`, qty);
    it.exported += qty;
  }

  /**
   * Finished products out of the bond (exported, or declared for the domestic market with duty):
   * their materials count as consumed at the unit consumption declared now.
   */
  recordProductsOut(product: string, qty: number): void {
    const bom = this.bomOf(product);
    this.count(`product '${product}'`, qty);
    for (const [material, u] of bom) this.items.get(this.merge.get(material)!)!.consumed += qty * u;
    this.shipped.set(product, this.shipped.get(product)! + qty);
  }

  /** A case closed: `qty` of the item's discrepancy declared after the fact and taxed. */
  settle(item: number, qty: number): void {
    const it = this.items.get(item);
    if (it === undefined) this.fail(`item ${item}`, 'is not in the book');
    if (!Number.isSafeInteger(qty)) this.fail(`item ${item}`, `a settled quantity must be a whole number, got ${qty}`);
    it.settled += qty;
  }

  /** The ledger of every item, in item order (copies). */
  ledger(): ItemLedger[] {
    return [...this.items.values()].sort((a, b) => a.item - b.item).map((it) => ({ ...it }));
  }

  /** Material numbers with their item, in material-number order. */
  mergeRelations(): { material: string; item: number }[] {
    return [...this.merge.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([material, item]) => ({ material, item }));
  }

  /** Declared BOMs, in product order (copies). */
  declaredBoms(): { product: string; bom: Map<string, number> }[] {
    return [...this.boms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([product, bom]) => ({ product, bom: new Map(bom) }));
  }

  shippedProducts(product: string): number {
    this.bomOf(product);
    return this.shipped.get(product)!;
  }
}
