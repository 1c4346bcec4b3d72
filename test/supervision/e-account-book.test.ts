import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BookError, EAccountBook, type BookSpec } from '../../sim/supervision/e-account-book.js';
import { CONSUMPTION_BASES, beyondTolerance, writeOff, type StockCount, type WriteOffLine } from '../../sim/supervision/write-off.js';

const ENT = 'E3201960123';
const mat = (i: number) => `MAT-${String(i).padStart(3, '0')}`;
const prod = (i: number) => `FG-${i}`;

/** A random honest enterprise: items, materials merged into them, products with whole-number BOMs. */
const specArb = fc
  .record({
    nItems: fc.integer({ min: 1, max: 4 }),
    materials: fc.array(fc.record({ item: fc.nat(), stock: fc.nat(1000) }), { minLength: 1, maxLength: 6 }),
    products: fc.array(fc.array(fc.record({ mat: fc.nat(), u: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ nItems, materials, products }): BookSpec => ({
    enterprise: ENT,
    items: Array.from({ length: nItems }, (_, i) => ({ item: i + 1, hs: `8471${String(i).padStart(2, '0')}`, unit: 'kg' })),
    materials: materials.map((m, i) => ({ number: mat(i), item: 1 + (m.item % nItems), stock: m.stock })),
    products: products.map((bom, p) => ({
      number: prod(p),
      bom: Object.fromEntries(bom.map((b) => [mat(b.mat % materials.length), b.u])),
    })),
  }));

type Op = { kind: 'import' | 'produce' | 'productsOut' | 'materialOut' | 'file'; idx: number; qty: number };
const opsArb = fc.array(
  fc.record({ kind: fc.constantFrom<Op['kind']>('import', 'produce', 'productsOut', 'materialOut', 'file'), idx: fc.nat(), qty: fc.nat(60) }),
  { maxLength: 40 },
);

/** The factory as it really is: physical stocks and what production used (the ERP's work orders). */
interface Factory {
  book: EAccountBook;
  spec: BookSpec;
  materials: Map<string, number>;
  products: Map<string, number>;
  workOrders: Map<string, number>;
  /** the unit consumption production really uses (may differ from the declared one) */
  trueBom: Map<string, Map<string, number>>;
}

function openFactory(spec: BookSpec): Factory {
  return {
    book: new EAccountBook(spec),
    spec,
    materials: new Map(spec.materials.map((m) => [m.number, m.stock])),
    products: new Map(spec.products.map((p) => [p.number, 0])),
    workOrders: new Map(spec.materials.map((m) => [m.number, 0])),
    trueBom: new Map(spec.products.map((p) => [p.number, new Map(Object.entries(p.bom))])),
  };
}

const add = (m: Map<string, number>, k: string, d: number) => m.set(k, (m.get(k) ?? 0) + d);

/** Produce q products at the true unit consumption, if the materials are there. */
function produce(f: Factory, product: string, q: number): boolean {
  const bom = f.trueBom.get(product)!;
  if ([...bom].some(([m, u]) => f.materials.get(m)! < q * u)) return false;
  for (const [m, u] of bom) {
    add(f.materials, m, -q * u);
    add(f.workOrders, m, q * u);
  }
  add(f.products, product, q);
  return true;
}

/** Run an honest operation: the book is told everything that crosses the bond. */
function run(f: Factory, op: Op): void {
  const mats = [...f.materials.keys()];
  const m = mats[op.idx % mats.length];
  const p = prod(op.idx % f.spec.products.length);
  switch (op.kind) {
    case 'import':
      f.book.recordImport(m, op.qty);
      add(f.materials, m, op.qty);
      break;
    case 'produce':
      produce(f, p, op.qty % 21);
      break;
    case 'productsOut': {
      const q = Math.min(op.qty, f.products.get(p)!);
      f.book.recordProductsOut(p, q);
      add(f.products, p, -q);
      break;
    }
    case 'materialOut': {
      const q = Math.min(op.qty, f.materials.get(m)!);
      f.book.recordMaterialOut(m, q);
      add(f.materials, m, -q);
      break;
    }
    case 'file': {
      // a new model number merged into an existing item; the ERP then knows it with no stock
      const n = `NEW-${mats.length}`;
      f.book.fileMaterial(n, 1 + (op.idx % f.spec.items.length));
      f.materials.set(n, 0);
      f.workOrders.set(n, 0);
      break;
    }
  }
}

const count = (f: Factory): StockCount => ({ materials: new Map(f.materials), products: new Map(f.products) });
const check = (f: Factory, basis: (typeof CONSUMPTION_BASES)[number]) => writeOff(f.book, count(f), basis, f.workOrders);
const discrepancies = (lines: WriteOffLine[]) => new Map(lines.map((l) => [l.item, l.discrepancy]));

describe('write-off of an honest enterprise', () => {
  it('is exactly zero on every item under both bases', () => {
    fc.assert(
      fc.property(specArb, opsArb, (spec, ops) => {
        const f = openFactory(spec);
        for (const op of ops) run(f, op);
        for (const basis of CONSUMPTION_BASES) {
          const lines = check(f, basis);
          expect(lines.map((l) => l.item)).toEqual(spec.items.map((i) => i.item));
          for (const l of lines) expect(l.discrepancy).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('diversion and settlement', () => {
  it('a diversion of k units of a material shows +k on its item only; settling k closes it', () => {
    fc.assert(
      fc.property(specArb, opsArb, fc.nat(), fc.integer({ min: 1, max: 500 }), (spec, ops, mIdx, k) => {
        const f = openFactory(spec);
        for (const op of ops) run(f, op);
        const m = spec.materials[mIdx % spec.materials.length].number;
        // make sure k units are physically there (an honest import), then divert them undeclared
        if (f.materials.get(m)! < k) run(f, { kind: 'import', idx: mIdx % spec.materials.length, qty: k });
        add(f.materials, m, -k);
        const item = f.book.itemFor(m)!;
        for (const basis of CONSUMPTION_BASES) {
          for (const [i, d] of discrepancies(check(f, basis))) expect(d).toBe(i === item ? k : 0);
        }
        // settle(item, qty) lowers the discrepancy by exactly qty
        const part = 1 + (mIdx % k);
        f.book.settle(item, part);
        for (const basis of CONSUMPTION_BASES) {
          for (const [i, d] of discrepancies(check(f, basis))) expect(d).toBe(i === item ? k - part : 0);
        }
        f.book.settle(item, k - part);
        for (const basis of CONSUMPTION_BASES) for (const l of check(f, basis)) expect(l.discrepancy).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('an inflated declared unit consumption', () => {
  // item 1: material A (u true = 3), item 2: material B (u = 2, declared honestly)
  const spec: BookSpec = {
    enterprise: ENT,
    items: [
      { item: 1, hs: '740311', unit: 'kg' },
      { item: 2, hs: '390110', unit: 'kg' },
    ],
    materials: [
      { number: 'A', item: 1, stock: 1000 },
      { number: 'B', item: 2, stock: 1000 },
    ],
    products: [{ number: 'P', bom: { A: 3, B: 2 } }],
  };

  it('is negative under the unit-consumption basis and zero under work orders until the surplus goes', () => {
    const f = openFactory(spec);
    // before the amendment: produce 10 and ship 4 at the true u = 3
    produce(f, 'P', 10);
    f.book.recordProductsOut('P', 4);
    add(f.products, 'P', -4);
    // declared u for A goes to 3 + d, d = 2, while the factory keeps using 3
    f.book.amendConsumption('P', 'A', 5);
    expect(f.book.unitConsumption('P', 'A')).toBe(5);
    expect(produce(f, 'P', 20)).toBe(true);
    f.book.recordProductsOut('P', 15);
    add(f.products, 'P', -15);
    expect(f.products.get('P')).toBe(11);
    expect(f.materials.get('A')).toBe(1000 - 30 * 3);

    // unit-consumption basis: imported 1000 − consumed (4·3 + 15·5) − stock (910 + 11·5)
    // = 1000 − 87 − 965 = −52 = −(products not shipped before the amendment: 26)·d
    const uc = check(f, 'unit-consumption');
    expect(uc[0]).toEqual({ item: 1, imported: 1000, consumed: 87, exported: 0, stock: 965, settled: 0, discrepancy: -52 });
    expect(uc[1].discrepancy).toBe(0);
    // work-order basis: 1000 − 90 (true use) − 910 = 0: the surplus is still in the bond
    const wo = check(f, 'work-order');
    expect(wo[0]).toEqual({ item: 1, imported: 1000, consumed: 90, exported: 0, stock: 910, settled: 0, discrepancy: 0 });
    expect(wo[1].discrepancy).toBe(0);

    // s = 30 units of the surplus leave undeclared: +s under work orders, −52 + s under the other
    add(f.materials, 'A', -30);
    expect(discrepancies(check(f, 'work-order'))).toEqual(new Map([[1, 30], [2, 0]]));
    expect(discrepancies(check(f, 'unit-consumption'))).toEqual(new Map([[1, -22], [2, 0]]));
  });

  it('amended before any production: −(produced·d) under unit consumption, whatever was shipped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 30 }), fc.nat(30), (d, q, r) => {
        const f = openFactory(spec);
        f.book.amendConsumption('P', 'A', 3 + d);
        expect(produce(f, 'P', q)).toBe(true);
        const shipped = Math.min(r, q);
        f.book.recordProductsOut('P', shipped);
        add(f.products, 'P', -shipped);
        // 0 − q·d rather than −q·d, which is −0 when q = 0
        expect(discrepancies(check(f, 'unit-consumption'))).toEqual(new Map([[1, 0 - q * d], [2, 0]]));
        expect(discrepancies(check(f, 'work-order'))).toEqual(new Map([[1, 0], [2, 0]]));
      }),
      { numRuns: 100 },
    );
  });
});

describe('fileMaterial', () => {
  it('a new model number merged into an existing item receives its imports on that item', () => {
    const book = new EAccountBook({ enterprise: ENT, items: [{ item: 1, hs: '740311', unit: 'kg' }, { item: 7, hs: '390110', unit: 'kg' }], materials: [{ number: 'A', item: 1, stock: 5 }], products: [] });
    book.fileMaterial('A-V2', 7);
    expect(book.itemFor('A-V2')).toBe(7);
    book.recordImport('A-V2', 40);
    expect(book.ledger().map((l) => [l.item, l.imported])).toEqual([[1, 5], [7, 40]]);
    const lines = writeOff(book, { materials: new Map([['A', 5], ['A-V2', 40]]), products: new Map() }, 'unit-consumption');
    expect(lines.map((l) => l.discrepancy)).toEqual([0, 0]);
  });
});

describe('bad books are rejected', () => {
  const items = [{ item: 1, hs: '740311', unit: 'kg' }, { item: 3, hs: '390110', unit: 'kg' }];
  const good = (): BookSpec => ({ enterprise: ENT, items, materials: [{ number: 'CU-9', item: 1, stock: 10 }], products: [{ number: 'FG-1', bom: { 'CU-9': 2 } }] });

  /** The call throws a BookError naming the enterprise and every given subject. */
  function rejects(f: () => unknown, ...names: string[]): string {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BookError);
    const msg = (err as BookError).message;
    expect((err as BookError).enterprise).toBe(ENT);
    for (const n of [ENT, ...names]) expect(msg).toContain(n);
    return msg;
  }

  it('at opening: negative stock, a relation to a missing item, a BOM over an unrelated material', () => {
    rejects(() => new EAccountBook({ ...good(), materials: [{ number: 'CU-9', item: 1, stock: -1 }] }), 'CU-9');
    const msg = rejects(() => new EAccountBook({ ...good(), materials: [{ number: 'CU-9', item: 2, stock: 1 }] }), 'CU-9');
    expect(msg).toContain('items: 1, 3'); // it tells which items the book has
    rejects(() => new EAccountBook({ ...good(), products: [{ number: 'FG-1', bom: { 'CU-9': 2, 'PE-4': 1 } }] }), 'FG-1', 'PE-4');
    // listed twice, its two opening stocks would add up on the item
    expect(rejects(() => new EAccountBook({ ...good(), materials: [{ number: 'CU-9', item: 1, stock: 5 }, { number: 'CU-9', item: 1, stock: 7 }] }), 'CU-9')).toContain('twice');
  });

  it('operations with bad input throw and leave the ledger unchanged', () => {
    const book = new EAccountBook(good());
    book.recordImport('CU-9', 7);
    book.recordProductsOut('FG-1', 1);
    const before = book.ledger();
    const relations = book.mergeRelations();
    rejects(() => book.recordImport('XX-1', 5), 'XX-1');
    rejects(() => book.recordImport('CU-9', 1.5), 'CU-9');
    rejects(() => book.recordImport('CU-9', -3), 'CU-9');
    rejects(() => book.recordMaterialOut('CU-9', -1), 'CU-9');
    rejects(() => book.recordMaterialOut('XX-1', 1), 'XX-1');
    rejects(() => book.recordProductsOut('FG-1', 0.5), 'FG-1');
    rejects(() => book.recordProductsOut('FG-9', 1), 'FG-9');
    rejects(() => book.fileMaterial('CU-9', 3), 'CU-9');
    rejects(() => book.fileMaterial('CU-10', 2), 'CU-10');
    rejects(() => book.amendConsumption('FG-1', 'CU-9', 0), 'FG-1', 'CU-9');
    rejects(() => book.settle(3, 0.5), 'item 3');
    expect(book.ledger()).toEqual(before);
    expect(book.mergeRelations()).toEqual(relations);
    expect(book.unitConsumption('FG-1', 'CU-9')).toBe(2);
  });

  it('writeOff rejects a stock count naming an unknown material or a negative stock', () => {
    const book = new EAccountBook(good());
    const before = book.ledger();
    for (const basis of CONSUMPTION_BASES) {
      const wo = new Map([['CU-9', 0]]);
      rejects(() => writeOff(book, { materials: new Map([['CU-9', 10], ['ZN-2', 1]]), products: new Map() }, basis, wo), 'ZN-2');
      rejects(() => writeOff(book, { materials: new Map([['CU-9', -1]]), products: new Map() }, basis, wo), 'CU-9');
      rejects(() => writeOff(book, { materials: new Map([['CU-9', 10]]), products: new Map([['FG-7', 1]]) }, basis, wo), 'FG-7');
    }
    rejects(() => writeOff(book, { materials: new Map([['CU-9', 10]]), products: new Map() }, 'work-order', new Map([['ZN-2', 1]])), 'ZN-2');
    expect(book.ledger()).toEqual(before);
  });
});

describe('beyondTolerance', () => {
  const line = (imported: number, discrepancy: number): WriteOffLine => ({ item: 1, imported, consumed: 0, exported: 0, stock: 0, settled: 0, discrepancy });

  it('never flags a zero discrepancy', () => {
    fc.assert(fc.property(fc.nat(1e9), fc.double({ min: 0, max: 1, noNaN: true }), (imp, share) => !beyondTolerance(line(imp, 0), share)));
  });

  it('flags beyond the share of imports, either sign, with a floor of half a unit', () => {
    expect(beyondTolerance(line(1000, 10), 0.01)).toBe(false); // exactly the share: tolerated
    expect(beyondTolerance(line(1000, 11), 0.01)).toBe(true);
    expect(beyondTolerance(line(1000, -11), 0.01)).toBe(true);
    expect(beyondTolerance(line(1000, -10), 0.01)).toBe(false);
    // a tiny book: the share is below half a unit, so one whole unit is already beyond
    expect(beyondTolerance(line(20, 1), 0.01)).toBe(true);
    expect(beyondTolerance(line(20, 0.5), 0.01)).toBe(false);
    expect(beyondTolerance(line(0, 1), 0)).toBe(true);
    expect(beyondTolerance(line(0, -1), 0.05)).toBe(true);
  });
});
