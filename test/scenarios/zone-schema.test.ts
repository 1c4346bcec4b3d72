/**
 * The zone family of scenarios (processing trade: e-account books, write-off, audit): the shipped
 * file, every rule on an explicit book with the exact message and place (the enterprise and the
 * material named), the choice of family, the policy rules, and properties over generated books.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { loadScenario, parseScenario, ScenarioError } from '../../scenarios/loader.js';
import type { ZoneScenario } from '../../scenarios/zone-schema.js';
import type { Scenario } from '../../scenarios/schema.js';
import { HS_HEADINGS } from '../../sim/supervision/hs-catalog.js';
import { CREDIT_CLASSES } from '../../sim/supervision/vocabulary.js';
import { edit, rejected, outcome } from './helpers.js';

const file = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

/** A valid zone scenario with one explicit book and two policies (line numbers matter: the cases below point into it). */
const ZONE_BASE = `version: 1
name: zone-test
seed: 5
horizon:
  days: 28
site:
  zone: { name: test zone }
population:
  enterprises: 3
  credit_mix: { advanced_aeo: 0.1, general_aeo: 0.2, general: 0.6, dishonest: 0.1 }
  materials: [2, 4]
  products: [1, 2]
  weekly_output: { dist: constant, value: 100 }
  domestic_share: 0.1
  model_changes_per_quarter: 1
  stock_weeks: 2
books:
  - enterprise: E-ONE
    credit: general
    items:
      - { item: 1, hs: '852852', unit: piece }
      - { item: 2, hs: '854231', unit: piece }
    materials:
      - { number: PANEL-A, item: 1, stock: 500, unit_value_rmb: 900 }
      - { number: CHIP-B, item: 2, stock: 2000, unit_value_rmb: 25 }
    products:
      - { number: MON-1, weekly_output: 100, bom: { PANEL-A: 1, CHIP-B: 2 } }
    violation: none
truth:
  violation_rate: { advanced_aeo: 0.01, general_aeo: 0.02, general: 0.05, dishonest: 0.2 }
  mix: { domestic_sale: 0.25, inflated_consumption: 0.25, unrecorded_outsourcing: 0.25, stock_shortage: 0.25 }
  concealment: { self_report: 0.5, erp: 0.2 }
policies:
  - name: paper
    books: paper
    declaration: { admin_h: 0.5, review_s: { dist: constant, value: 3600 } }
    change: { admin_h: 4, review_s: { dist: constant, value: 86400 } }
    verification: { every_days: 0, admin_h: 0 }
    write_off: { every_days: 28, basis: unit-consumption, stocktake: 0.3, tolerance: 0.01, admin_h: 40 }
    tax: { payment: per-declaration, admin_h: 1 }
    gate: { check_rate: 0.1, detect: 0.5 }
    audit:
      per_year: { advanced_aeo: 0.05, general_aeo: 0.1, general: 0.2, dishonest: 0.5 }
      detect: 0.7
      on_signal: false
      admin_h: 24
  - name: networked
    books: networked
    declaration: { admin_h: 0.05, review_s: { dist: constant, value: 240 } }
    change: { admin_h: 0.25, review_s: { dist: constant, value: 300 } }
    verification: { every_days: 7, admin_h: 0.1 }
    write_off: { every_days: 14, basis: work-order, stocktake: 0.2, tolerance: 0.01, admin_h: 4 }
    tax: { payment: aggregated, admin_h: 2 }
    gate: { check_rate: { advanced_aeo: 0.01, general_aeo: 0.02, general: 0.05, dishonest: 0.2 }, detect: 0.5 }
    audit:
      per_year: { advanced_aeo: 0.1, general_aeo: 0.2, general: 0.4, dishonest: 1 }
      detect: 0.7
      on_signal: true
      admin_h: 24
`;

const zone = (text: string = ZONE_BASE): ZoneScenario => parseScenario(text, 'zone.yaml', 'zone');
/** ZONE_BASE with one exact substring replaced (it must occur once). */
const e = (from: string, to: string, text = ZONE_BASE) => edit(from, to, text);

/** The explicit book of ZONE_BASE, from its `- enterprise:` line to just before `truth:`. */
const BOOK = ZONE_BASE.slice(ZONE_BASE.indexOf('  - enterprise: E-ONE'), ZONE_BASE.indexOf('truth:'));
const BOOKS_BLOCK = ZONE_BASE.slice(ZONE_BASE.indexOf('books:\n'), ZONE_BASE.indexOf('truth:'));
const NOT_SEVERAL = "a site is one gate ('gates', a gate scenario), a port ('port', a port scenario), a zone ('zone', a zone scenario) or a road network ('network', a network scenario), not several";

describe('the shipped zone scenario', () => {
  it('suzhou-networked-zone.yaml loads as a zone scenario with 3 policies and one explicit book', () => {
    const s: Scenario = loadScenario(file('suzhou-networked-zone.yaml'));
    expect(s.kind).toBe('zone');
    if (s.kind !== 'zone') return;
    expect(s.name).toBe('suzhou-networked-zone');
    expect(s.horizon.days).toBe(182);
    expect(s.population.enterprises).toBe(60);
    expect(s.policies.map((p) => p.name)).toEqual(['paper-books', 'networked', 'networked-work-order']);
    expect(s.policies.map((p) => p.write_off.basis)).toEqual(['unit-consumption', 'unit-consumption', 'work-order']);
    expect(s.books).toHaveLength(1);
    const [b] = s.books;
    expect(b.enterprise).toBe('E01-DISPLAY');
    expect(b.credit).toBe('general_aeo');
    expect(b.violation).toBe('none');
    expect(b.items.map((i) => i.item)).toEqual([1, 2, 3]);
    expect(b.materials.map((m) => m.number)).toEqual(['LCD-15A', 'LCD-17A', 'DRV-IC-01', 'HOUSING-PP']);
    expect(b.products.map((p) => p.number)).toEqual(['MON-15', 'MON-17']);
    expect(b.products[0].bom).toEqual({ 'LCD-15A': 1, 'DRV-IC-01': 2, 'HOUSING-PP': 1 });
  });

  it('asking for the zone family narrows the type; asking for another family names the user', () => {
    expectTypeOf(loadScenario(file('suzhou-networked-zone.yaml'), 'zone')).toEqualTypeOf<ZoneScenario>();
    expect(loadScenario(file('suzhou-networked-zone.yaml'), 'zone').kind).toBe('zone');
    expect(() => loadScenario(file('suzhou-networked-zone.yaml'), 'port', 'ctwin bench scenario')).toThrow(
      /:\d+:\d+: site\.zone: scenario 'suzhou-networked-zone' is a zone scenario; ctwin bench scenario needs a port scenario \(site\.port\)$/,
    );
  });
});

describe('the zone fixture', () => {
  it('is valid: a zone scenario with one book and two policies', () => {
    const s = zone();
    expect(s.kind).toBe('zone');
    expect(s.books).toHaveLength(1);
    expect(s.books[0].materials.map((m) => [m.number, m.item, m.stock])).toEqual([
      ['PANEL-A', 1, 500],
      ['CHIP-B', 2, 2000],
    ]);
    expect(s.policies.map((p) => p.name)).toEqual(['paper', 'networked']);
  });

  it('books may be left out: they default to none (every enterprise drawn)', () => {
    expect(zone(e(BOOKS_BLOCK, '')).books).toEqual([]);
  });

  it('as many books as enterprises is fine', () => {
    const three = e(BOOK, BOOK + BOOK.replace('E-ONE', 'E-TWO') + BOOK.replace('E-ONE', 'E-THREE'));
    expect(zone(three).books.map((b) => b.enterprise)).toEqual(['E-ONE', 'E-TWO', 'E-THREE']);
  });

  it('a book\'s materials may carry zero opening stock', () => {
    expect(zone(e('stock: 500,', 'stock: 0,')).books[0].materials[0].stock).toBe(0);
  });
});

// Each broken input must give exactly this one line: FILE:LINE:COL: PATH: MESSAGE.
const cases: [string, string, string][] = [
  [
    'negative opening stock',
    e('stock: 500,', 'stock: -5,'),
    "bad.yaml:24:44: books[0].materials[0].stock: enterprise 'E-ONE': material 'PANEL-A': opening stock -5 is negative",
  ],
  [
    'fractional opening stock',
    e('stock: 500,', 'stock: 2.5,'),
    "bad.yaml:24:44: books[0].materials[0].stock: enterprise 'E-ONE': material 'PANEL-A': opening stock must be a whole number of units, got 2.5",
  ],
  [
    'a material merging into an item the book does not have (the message lists the items it has)',
    e('{ number: CHIP-B, item: 2,', '{ number: CHIP-B, item: 7,'),
    "bad.yaml:25:33: books[0].materials[1].item: enterprise 'E-ONE': material 'CHIP-B' merges into item 7, which the book does not have (items: 1, 2)",
  ],
  [
    'a BOM naming a material the book does not have',
    e('bom: { PANEL-A: 1, CHIP-B: 2 }', 'bom: { PANEL-A: 1, CHIP-X: 2 }'),
    "bad.yaml:27:73: books[0].products[0].bom.CHIP-X: enterprise 'E-ONE': product 'MON-1' consumes material 'CHIP-X', which the book does not have",
  ],
  [
    'a non-integer unit consumption',
    e('bom: { PANEL-A: 1, CHIP-B: 2 }', 'bom: { PANEL-A: 1, CHIP-B: 1.5 }'),
    "bad.yaml:27:73: books[0].products[0].bom.CHIP-B: enterprise 'E-ONE': product 'MON-1': unit consumption of material 'CHIP-B' must be a whole number > 0, got 1.5",
  ],
  [
    'a zero unit consumption',
    e('bom: { PANEL-A: 1, CHIP-B: 2 }', 'bom: { PANEL-A: 1, CHIP-B: 0 }'),
    "bad.yaml:27:73: books[0].products[0].bom.CHIP-B: enterprise 'E-ONE': product 'MON-1': unit consumption of material 'CHIP-B' must be a whole number > 0, got 0",
  ],
  [
    'a product consuming nothing',
    e('bom: { PANEL-A: 1, CHIP-B: 2 }', 'bom: {}'),
    "bad.yaml:27:51: books[0].products[0].bom: enterprise 'E-ONE': product 'MON-1' consumes no material",
  ],
  [
    'an HS code not in the catalogue',
    e("hs: '854231'", "hs: '999999'"),
    "bad.yaml:22:24: books[0].items[1].hs: enterprise 'E-ONE': item 2: HS code '999999' is not in the catalogue (sim/supervision/hs-catalog.ts)",
  ],
  ['an HS code written as a number', e("hs: '854231'", 'hs: 854231'), 'bad.yaml:22:24: books[0].items[1].hs: expected a text, got 854231'],
  [
    'a material listed twice',
    e('{ number: CHIP-B, item: 2,', '{ number: PANEL-A, item: 2,', e('bom: { PANEL-A: 1, CHIP-B: 2 }', 'bom: { PANEL-A: 1 }')),
    "bad.yaml:25:19: books[0].materials[1].number: enterprise 'E-ONE': material 'PANEL-A' is listed twice",
  ],
  [
    'a product listed twice',
    e('    violation: none', "      - { number: MON-1, weekly_output: 5, bom: { PANEL-A: 1 } }\n    violation: none"),
    "bad.yaml:28:19: books[0].products[1].number: enterprise 'E-ONE': product 'MON-1' is listed twice",
  ],
  [
    'a book with no products',
    e('    products:\n      - { number: MON-1, weekly_output: 100, bom: { PANEL-A: 1, CHIP-B: 2 } }', '    products: []'),
    "bad.yaml:26:15: books[0].products: enterprise 'E-ONE': a book needs at least one product",
  ],
  [
    "a book named like a drawn enterprise (E02 would be enterprise 2's id twice)",
    e('enterprise: E-ONE', 'enterprise: E02'),
    "bad.yaml:18:17: books[0].enterprise: enterprise 'E02' is the id of a drawn enterprise (they are E02 to E03); give this one a name of its own",
  ],
  [
    'the same enterprise listed twice',
    e(BOOK, BOOK + BOOK),
    "bad.yaml:29:17: books[1].enterprise: enterprise 'E-ONE' is listed twice (books[0] has it too)",
  ],
  [
    'more books than population.enterprises',
    e('enterprises: 3', 'enterprises: 1', e(BOOK, BOOK + BOOK.replace('E-ONE', 'E-TWO'))),
    'bad.yaml:17:1: books: lists 2 enterprises, more than population.enterprises (1)',
  ],
  [
    'an unknown credit class',
    e('    credit: general', '    credit: gold'),
    'bad.yaml:19:13: books[0].credit: expected one of advanced_aeo|general_aeo|general|dishonest, got "gold"',
  ],
  [
    'an unknown violation',
    e('    violation: none', '    violation: smuggling'),
    'bad.yaml:28:16: books[0].violation: expected one of none|domestic_sale|inflated_consumption|unrecorded_outsourcing|stock_shortage, got "smuggling"',
  ],
  [
    'an unknown key in a book, with a suggestion',
    e('    violation: none', '    violaton: none'),
    "bad.yaml:28:5: books[0].violaton: unknown key 'violaton' (did you mean 'violation'? allowed: enterprise, credit, items, materials, products, violation)",
  ],
  [
    'an unknown key in the population, with a suggestion',
    e('  stock_weeks: 2', '  stock_week: 2'),
    "bad.yaml:16:3: population.stock_week: unknown key 'stock_week' (did you mean 'stock_weeks'? allowed: enterprises, credit_mix, materials, products, weekly_output, domestic_share, model_changes_per_quarter, stock_weeks)",
  ],
  [
    'an unknown key in a policy, with a suggestion',
    e('    tax: { payment: aggregated', '    taxes: { payment: aggregated'),
    "bad.yaml:53:5: policies[1].taxes: unknown key 'taxes' (did you mean 'tax'? allowed: name, description, books, declaration, change, verification, write_off, tax, gate, audit)",
  ],
  ['a misspelt zone key under site', e('  zone: { name: test zone }', '  zones: { name: test zone }'), "bad.yaml:7:3: site.zones: unknown key 'zones' (did you mean 'zone'? allowed: zone)"],
  ['a site with zone and port (the message sits at the later family of gates, port, zone: site.zone)', e('  zone: { name: test zone }', '  zone: { name: test zone }\n  port: { name: p }'), `bad.yaml:7:3: site.zone: ${NOT_SEVERAL}`],
  ['a site with port and zone', e('  zone: { name: test zone }', '  port: { name: p }\n  zone: { name: test zone }'), `bad.yaml:8:3: site.zone: ${NOT_SEVERAL}`],
  ['a site with zone and gates', e('  zone: { name: test zone }', '  zone: { name: test zone }\n  gates: { lanes: 1 }'), `bad.yaml:7:3: site.zone: ${NOT_SEVERAL}`],
  ['an unknown books value', e('    books: networked', '    books: online'), 'bad.yaml:48:12: policies[1].books: expected one of paper|networked, got "online"'],
  [
    'a write-off basis not in unit-consumption|work-order',
    e('basis: work-order', 'basis: work-orders'),
    'bad.yaml:52:41: policies[1].write_off.basis: expected one of unit-consumption|work-order, got "work-orders"',
  ],
  [
    'duplicate policy names',
    e('  - name: networked', '  - name: paper'),
    "bad.yaml:47:11: policies[1].name: duplicate policy name 'paper' (policies[0] has it too); policy names must be unique",
  ],
  ['no policy', `${ZONE_BASE.slice(0, ZONE_BASE.indexOf('policies:'))}policies: []\n`, 'bad.yaml:33:11: policies: expected at least one policy, got a list of 0 values'],
  ['horizon.days 0', e('  days: 28', '  days: 0'), 'bad.yaml:5:9: horizon.days: expected a positive integer, got 0'],
  ['horizon.days negative', e('  days: 28', '  days: -3'), 'bad.yaml:5:9: horizon.days: expected a positive integer, got -3'],
  ['horizon.days fractional', e('  days: 28', '  days: 1.5'), 'bad.yaml:5:9: horizon.days: expected a positive integer, got 1.5'],
  ['horizon.days a word', e('  days: 28', '  days: many'), 'bad.yaml:5:9: horizon.days: expected a positive integer, got "many"'],
];

describe('broken zone scenarios give one clear message at the right place', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const err = rejected(text);
    expect(err.message).toBe(expected);
    expect(err.issues).toHaveLength(1);
  });

  it('the issue carries file, line, column, path and message separately', () => {
    const err = rejected(e('stock: 500,', 'stock: -5,'), 'zones/x.yaml');
    expect(err.issues[0]).toEqual({
      file: 'zones/x.yaml',
      line: 24,
      col: 44,
      path: 'books[0].materials[0].stock',
      message: "enterprise 'E-ONE': material 'PANEL-A': opening stock -5 is negative",
    });
  });

  it('an item listed twice, and what follows from it (the other item is gone)', () => {
    const err = rejected(e("{ item: 2, hs: '854231'", "{ item: 1, hs: '854231'"));
    expect(err.message.split('\n')).toEqual([
      "bad.yaml:22:17: books[0].items[1].item: enterprise 'E-ONE': item 1 is listed twice",
      "bad.yaml:25:33: books[0].materials[1].item: enterprise 'E-ONE': material 'CHIP-B' merges into item 2, which the book does not have (items: 1)",
    ]);
  });

  it('a book with no items: "items: none"', () => {
    const text = e("      - { item: 1, hs: '852852', unit: piece }\n      - { item: 2, hs: '854231', unit: piece }\n", '', e('    items:\n', '    items: []\n'));
    const err = rejected(text);
    expect(err.issues.map((i) => i.path)).toEqual(['books[0].materials[0].item', 'books[0].materials[1].item']);
    expect(err.issues[0].message).toBe("enterprise 'E-ONE': material 'PANEL-A' merges into item 1, which the book does not have (items: none)");
  });

  it('problems in two books are reported together, in file order, each naming its enterprise', () => {
    const second = BOOK.replace('E-ONE', 'E-TWO').replace('stock: 2000,', 'stock: -1,');
    const err = rejected(e(BOOK, BOOK.replace('{ number: PANEL-A, item: 1,', '{ number: PANEL-A, item: 9,') + second));
    expect(err.message.split('\n')).toEqual([
      "bad.yaml:24:34: books[0].materials[0].item: enterprise 'E-ONE': material 'PANEL-A' merges into item 9, which the book does not have (items: 1, 2)",
      "bad.yaml:36:43: books[1].materials[1].stock: enterprise 'E-TWO': material 'CHIP-B': opening stock -1 is negative",
    ]);
  });

  it('too many books and a duplicate: both reported', () => {
    const err = rejected(e('enterprises: 3', 'enterprises: 1', e(BOOK, BOOK + BOOK)));
    expect(err.issues.map((i) => i.path)).toEqual(['books', 'books[1].enterprise']);
  });

  it('a misspelt top-level key: unknown key and the missing one (too far for a suggestion)', () => {
    expect(rejected(e('truth:', 'truht:')).message.split('\n')).toEqual([
      "bad.yaml:1:1: truth: missing required key 'truth'",
      "bad.yaml:29:1: truht: unknown key 'truht' (allowed: version, name, description, seed, horizon, site, population, books, truth, policies)",
    ]);
    // one letter off: the suggestion, and the missing-key line is dropped
    expect(rejected(e('truth:', 'trut:')).message).toBe(
      "bad.yaml:29:1: trut: unknown key 'trut' (did you mean 'truth'? allowed: version, name, description, seed, horizon, site, population, books, truth, policies)",
    );
  });
});

describe('choosing the family', () => {
  it('site.zone makes a zone scenario', () => {
    expect(parseScenario(ZONE_BASE, 'z.yaml').kind).toBe('zone');
  });

  it('a site with no family key but a books list is checked as a zone', () => {
    const err = rejected(e('  zone: { name: test zone }', '  zon: { name: test zone }'));
    expect(err.message).toBe("bad.yaml:7:3: site.zon: unknown key 'zon' (did you mean 'zone'? allowed: zone)");
  });

  it('a zone scenario asked for as a gate scenario names the family it is', () => {
    expect(() => parseScenario(ZONE_BASE, 'x.yaml', 'gate')).toThrow("x.yaml:7:3: site.zone: scenario 'zone-test' is a zone scenario; expected a gate scenario (site.gates)");
  });

  it('the "not several" message is the only one, whatever else is wrong', () => {
    const err = rejected(e('  zone: { name: test zone }', '  zone: { name: test zone }\n  port: { name: p }', e('stock: 500,', 'stock: -5,')));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0].message).toBe(NOT_SEVERAL);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: generated books

interface GenBook {
  enterprise: string;
  credit: (typeof CREDIT_CLASSES)[number];
  items: { item: number; hs: string; unit: string }[];
  materials: { number: string; item: number; stock: number; unit_value_rmb: number }[];
  products: { number: string; weekly_output: number; bom: Record<string, number> }[];
}

const HS_CODES = HS_HEADINGS.map((h) => h.code);
const word = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,7}$/);

const bookArb = (enterprise: string): fc.Arbitrary<GenBook> =>
  fc
    .record({
      credit: fc.constantFrom(...CREDIT_CLASSES),
      items: fc.uniqueArray(fc.record({ item: fc.integer({ min: 1, max: 99 }), hs: fc.constantFrom(...HS_CODES), unit: fc.constantFrom('piece', 'kg', 'm') }), {
        minLength: 1,
        maxLength: 4,
        selector: (i) => i.item,
      }),
      materialNumbers: fc.uniqueArray(word, { minLength: 1, maxLength: 6 }),
      productNumbers: fc.uniqueArray(word, { minLength: 1, maxLength: 3 }),
      seed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      stocks: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 6, maxLength: 6 }),
      values: fc.array(fc.double({ min: 0.01, max: 10_000, noNaN: true }), { minLength: 6, maxLength: 6 }),
    })
    .map(({ credit, items, materialNumbers, productNumbers, seed, stocks, values }) => {
      let k = 0;
      const pick = (n: number) => seed[k++ % seed.length] % n;
      const materials = materialNumbers.map((number, j) => ({ number, item: items[pick(items.length)].item, stock: stocks[j], unit_value_rmb: values[j] }));
      const products = productNumbers.map((number) => {
        // a non-empty subset of the materials, each with a whole number of units >= 1
        const bom: Record<string, number> = {};
        const first = pick(materials.length);
        for (let j = 0; j < materials.length; j++) if (j === first || pick(2) === 1) bom[materials[j].number] = 1 + pick(5);
        return { number, weekly_output: pick(2000), bom };
      });
      return { enterprise, credit, items, materials, products };
    });

const booksArb = fc
  .uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9-]{0,9}$/).filter((n) => !/^E\d+$/.test(n)), { minLength: 1, maxLength: 3 }) // not a drawn enterprise's id
  .chain((names) => fc.tuple(...names.map(bookArb)));

/** The books block as YAML, and the line (1-based, in the whole scenario) of every material. */
function booksYaml(books: GenBook[], firstLine: number): { text: string; materialLine: number[][] } {
  const lines = ['books:'];
  const materialLine: number[][] = [];
  const j = (v: unknown) => JSON.stringify(v);
  for (const b of books) {
    lines.push(`  - enterprise: ${j(b.enterprise)}`, `    credit: ${b.credit}`, '    items:');
    for (const it of b.items) lines.push(`      - { item: ${it.item}, hs: ${j(it.hs)}, unit: ${it.unit} }`);
    lines.push('    materials:');
    const at: number[] = [];
    for (const m of b.materials) {
      at.push(firstLine + lines.length);
      lines.push(`      - { number: ${j(m.number)}, item: ${m.item}, stock: ${m.stock}, unit_value_rmb: ${j(m.unit_value_rmb)} }`);
    }
    materialLine.push(at);
    if (b.products.length === 0) lines.push('    products: []');
    else {
      lines.push('    products:');
      for (const p of b.products) lines.push(`      - { number: ${j(p.number)}, weekly_output: ${p.weekly_output}, bom: ${j(p.bom)} }`);
    }
  }
  return { text: lines.join('\n') + '\n', materialLine };
}

const BOOKS_FIRST_LINE = ZONE_BASE.slice(0, ZONE_BASE.indexOf('books:\n')).split('\n').length;


describe('property: generated books', () => {
  it('any book with valid references and stock >= 0 parses, and reads back as written', () => {
    fc.assert(
      fc.property(booksArb, (books) => {
        const { text } = booksYaml(books, BOOKS_FIRST_LINE);
        const s = zone(e(BOOKS_BLOCK, text));
        expect(s.books).toEqual(books);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("a material merging into an item its book does not have: one error, at that material's line, naming enterprise and material", () => {
    const unknownItem = fc.oneof(fc.integer({ min: -1000, max: 1_000_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => !Object.is(x, -0)));
    fc.assert(
      fc.property(booksArb, fc.nat(), fc.nat(), unknownItem, (books, bi, mi, item) => {
        const b = bi % books.length;
        const book = books[b];
        fc.pre(!book.items.some((i) => i.item === item));
        const m = mi % book.materials.length;
        const flipped = books.map((x, i) => (i !== b ? x : { ...x, materials: x.materials.map((mat, j) => (j === m ? { ...mat, item } : mat)) }));
        const { text, materialLine } = booksYaml(flipped, BOOKS_FIRST_LINE);
        const r = outcome(e(BOOKS_BLOCK, text));
        expect(r).toBeInstanceOf(ScenarioError);
        const err = r as ScenarioError;
        const have = book.items
          .map((i) => i.item)
          .sort((x, y) => x - y)
          .join(', ');
        expect(err.issues).toHaveLength(1);
        expect(err.issues[0]).toMatchObject({
          file: 'fuzz.yaml',
          line: materialLine[b][m],
          path: `books[${b}].materials[${m}].item`,
          message: `enterprise '${book.enterprise}': material '${book.materials[m].number}' merges into item ${item}, which the book does not have (items: ${have})`,
        });
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
