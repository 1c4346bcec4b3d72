/**
 * Scenario file format, version 1, zone family: processing-trade enterprises in a customs zone,
 * their bonded materials, e-account books and hidden bonded-goods violations, under one or more
 * supervision policies (paper manuals, networked books, work-order write-off...). A file is a zone
 * scenario when `site` has the key `zone`.
 *
 * Keys are snake_case; durations drawn from a distribution are in seconds like everywhere else;
 * keys ending in `_days` or `_h` say their unit; shares and probabilities are in [0, 1].
 *
 * `books` may list enterprises in full (items, merge relations, opening stock, BOMs); they take the
 * first places of the population and the rest are drawn. A bad book (negative stock, a merge
 * relation to an item the book does not have, a BOM naming an unknown material) is reported with
 * the enterprise and the material named.
 */
import { z } from 'zod';
import { BONDED_VIOLATIONS, CREDIT_CLASSES } from '../sim/supervision/vocabulary.js';
import { CONSUMPTION_BASES } from '../sim/supervision/write-off.js';
import { HS_HEADINGS } from '../sim/supervision/hs-catalog.js';
import { drawnEnterpriseId } from '../sim/supervision/bonded-population.js';
import { distSchema, SCENARIO_VERSION } from './schema.js';
import { byCredit, byCreditOrOne, flag, shares } from './port-schema.js';
import {
  AUDITS_WHY,
  BOOK_ITEMS_WHY,
  DAYS_WHY,
  ENTERPRISES_WHY,
  MAX_AUDITS_PER_YEAR,
  MAX_BOOK_ITEMS,
  MAX_DAYS,
  MAX_ENTERPRISES,
  MAX_ZONE_BOOK_ENTRIES,
  MAX_ZONE_CHANGES,
  ZONE_CHANGES_WHY,
  atMostMessage,
} from './limits.js';
import {
  anyNumber,
  atMost,
  fail,
  listOf,
  mapping,
  nonNegInt,
  nonNegNumber,
  oneOf,
  policyList,
  posInt,
  posNumber,
  probability,
  slug,
  text,
} from './validation.js';

const range = (what: string) =>
  listOf(atMost(posInt(), MAX_BOOK_ITEMS, what, BOOK_ITEMS_WHY), `two whole numbers [min, max] of ${what}`)
    .refine((r) => r.length === 2 && r[0] <= r[1], { error: `expected two whole numbers [min, max] of ${what}, min <= max`, abort: true })
    .transform((r) => [r[0], r[1]] as [number, number]);

export const zoneHorizonSchema = mapping({
  /** simulated days; write-offs and verifications fall on whole days from the start */
  days: atMost(posInt(), MAX_DAYS, 'days', DAYS_WHY),
});

export const zonePopulationSchema = mapping({
  enterprises: atMost(posInt(), MAX_ENTERPRISES, 'enterprises', ENTERPRISES_WHY),
  credit_mix: shares(CREDIT_CLASSES),
  /** imported material numbers per enterprise */
  materials: range('material numbers per enterprise'),
  /** finished products per enterprise */
  products: range('products per enterprise'),
  /** finished products made per week, per product */
  weekly_output: distSchema,
  /** share of output sold on the domestic market, declared and taxed (内销) */
  domestic_share: probability(),
  /** new model numbers (a material number that needs a merge-relation change) per enterprise per 91 days */
  model_changes_per_quarter: nonNegNumber(),
  /** weeks of use an enterprise keeps in stock (imports top it up every week) */
  stock_weeks: posNumber(),
});

export const zoneTruthSchema = mapping({
  /** share of enterprises of each class with a bonded-goods violation under way in the run (begun during it, or before it and still going) */
  violation_rate: byCredit(),
  mix: shares(BONDED_VIOLATIONS),
  /**
   * probability that a violator hides it in the figures it reports: in a stock figure written on a
   * form (`self_report`), or in an ERP whose data customs reads every day (`erp`, harder to keep
   * consistent with production, sales and accounts)
   */
  concealment: mapping({ self_report: probability(), erp: probability() }),
});

// ---------------------------------------------------------------------------------------------
// Explicit books

const bookItemSchema = mapping({ item: posInt(), hs: text(), unit: text() });
const bookMaterialSchema = mapping({
  number: text(),
  item: anyNumber(),
  /** opening bonded stock, whole units */
  stock: anyNumber(),
  /** customs value of one unit, RMB */
  unit_value_rmb: posNumber(),
});
const bookProductSchema = mapping({
  number: text(),
  weekly_output: nonNegNumber(),
  /** material number → whole units per product, the true and (at the start) declared consumption */
  bom: z.record(z.string(), anyNumber(), { error: 'expected a mapping of material number to units per product' }),
});

export const bookSchema = mapping({
  enterprise: text(),
  credit: oneOf(CREDIT_CLASSES),
  items: listOf(bookItemSchema, 'items { item, hs, unit }'),
  materials: listOf(bookMaterialSchema, 'materials { number, item, stock, unit_value_rmb }'),
  products: listOf(bookProductSchema, 'products { number, weekly_output, bom }'),
  /** the enterprise's hidden violation; drawn from `truth` when left out */
  violation: oneOf(['none', ...BONDED_VIOLATIONS] as const).optional(),
}).superRefine((b, ctx) => {
  const who = `enterprise '${b.enterprise}'`;
  if (b.materials.length === 0) fail(ctx, ['materials'], `${who}: a book needs at least one material`);
  if (b.products.length === 0) fail(ctx, ['products'], `${who}: a book needs at least one product`);
  const items = new Set<number>();
  b.items.forEach((it, i) => {
    if (items.has(it.item)) fail(ctx, ['items', i, 'item'], `${who}: item ${it.item} is listed twice`);
    items.add(it.item);
    if (!HS_HEADINGS.some((h) => h.code === it.hs)) fail(ctx, ['items', i, 'hs'], `${who}: item ${it.item}: HS code '${it.hs}' is not in the catalogue (sim/supervision/hs-catalog.ts)`);
  });
  const have = [...items].sort((a, c) => a - c).join(', ') || 'none';
  const materials = new Set<string>();
  b.materials.forEach((m, j) => {
    const what = `${who}: material '${m.number}'`;
    if (materials.has(m.number)) fail(ctx, ['materials', j, 'number'], `${what} is listed twice`);
    materials.add(m.number);
    if (!items.has(m.item)) fail(ctx, ['materials', j, 'item'], `${what} merges into item ${m.item}, which the book does not have (items: ${have})`);
    if (m.stock < 0) fail(ctx, ['materials', j, 'stock'], `${what}: opening stock ${m.stock} is negative`);
    else if (!Number.isSafeInteger(m.stock)) fail(ctx, ['materials', j, 'stock'], `${what}: opening stock must be a whole number of units, got ${m.stock}`);
  });
  const products = new Set<string>();
  b.products.forEach((p, k) => {
    if (products.has(p.number)) fail(ctx, ['products', k, 'number'], `${who}: product '${p.number}' is listed twice`);
    products.add(p.number);
    const entries = Object.entries(p.bom);
    if (entries.length === 0) fail(ctx, ['products', k, 'bom'], `${who}: product '${p.number}' consumes no material`);
    for (const [material, u] of entries) {
      if (!materials.has(material)) fail(ctx, ['products', k, 'bom', material], `${who}: product '${p.number}' consumes material '${material}', which the book does not have`);
      else if (!(Number.isSafeInteger(u) && u > 0)) fail(ctx, ['products', k, 'bom', material], `${who}: product '${p.number}': unit consumption of material '${material}' must be a whole number > 0, got ${u}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Policies

export const BOOK_KEEPING = ['paper', 'networked'] as const;
export const TAX_PAYMENT = ['per-declaration', 'aggregated'] as const;

const zonePolicySchema = mapping({
  name: slug(),
  description: text().optional(),
  /**
   * `paper`: manuals filed and written off on paper, declarations typed, stock self-reported;
   * `networked`: the e-account book fed from the ERP through merge relations, changes online,
   * ERP stock read at every verification
   */
  books: oneOf(BOOK_KEEPING),
  declaration: mapping({
    /** enterprise hours per declaration (typing it, or checking what the ERP generated) */
    admin_h: nonNegNumber(),
    /** from lodging to release, seconds */
    review_s: distSchema,
  }),
  change: mapping({
    /** enterprise hours to apply for a merge-relation change */
    admin_h: nonNegNumber(),
    /** from application to approval, seconds (5 min online in Suzhou 2005, seed 000) */
    review_s: distSchema,
  }),
  verification: mapping({
    /** days between comparisons of ERP stock with the book; 0 for none */
    every_days: nonNegInt(),
    admin_h: nonNegNumber(),
  }),
  write_off: mapping({
    every_days: posInt(),
    basis: oneOf(CONSUMPTION_BASES),
    /** probability that customs counts the stock physically instead of taking the reported figure */
    stocktake: probability(),
    /** discrepancy allowed before a case opens, as a share of the item's imports */
    tolerance: probability(),
    admin_h: nonNegNumber(),
  }),
  tax: mapping({
    /** `per-declaration`: duty paid before each domestic sale is released; `aggregated`: self-declared, paid monthly under a guarantee */
    payment: oneOf(TAX_PAYMENT),
    admin_h: nonNegNumber(),
  }),
  gate: mapping({
    /** share of goods movements out of the zone that a gate officer checks, by credit class */
    check_rate: byCreditOrOne(),
    /** probability that a check of a diverting movement finds it */
    detect: probability(),
  }),
  audit: mapping({
    /** post-clearance audits per enterprise per year, by credit class */
    per_year: mapping(Object.fromEntries(CREDIT_CLASSES.map((c) => [c, atMost(nonNegNumber(), MAX_AUDITS_PER_YEAR, 'audits a year', AUDITS_WHY)])) as Record<(typeof CREDIT_CLASSES)[number], ReturnType<typeof nonNegNumber>>),
    /** probability that an audit finds a violation it looks at */
    detect: probability(),
    /** audit an enterprise whose check showed a discrepancy within tolerance (risk analysis before, audit after) */
    on_signal: flag(),
    admin_h: nonNegNumber(),
  }),
});

export const zonePoliciesSchema = policyList(zonePolicySchema, 'policies, mappings with name, books, declaration, change, ...');

/** The zone family; the output carries `kind: 'zone'`. */
export const zoneScenarioSchema = mapping({
  version: z.literal(SCENARIO_VERSION, { error: 'expected version 1 (the only scenario format so far)' }),
  name: slug(),
  description: text().optional(),
  seed: nonNegInt().optional(),
  horizon: zoneHorizonSchema,
  site: mapping({ zone: mapping({ name: text() }) }),
  population: zonePopulationSchema,
  books: listOf(bookSchema, 'enterprise books { enterprise, credit, items, materials, products }').default([]),
  truth: zoneTruthSchema,
  policies: zonePoliciesSchema,
})
  .superRefine((s, ctx) => {
    // what the whole population holds, with every enterprise at its largest draw
    const p = s.population;
    const entries = p.enterprises * (p.materials[1] + p.products[1]);
    if (entries > MAX_ZONE_BOOK_ENTRIES) {
      fail(ctx, ['population', 'enterprises'], atMostMessage(MAX_ZONE_BOOK_ENTRIES, 'material numbers and products over all enterprises', `${entries.toLocaleString('en-US')} (${p.enterprises} × (${p.materials[1]} + ${p.products[1]}))`, BOOK_ITEMS_WHY));
    }
    const changes = (p.enterprises * p.model_changes_per_quarter * s.horizon.days) / 91;
    if (changes > MAX_ZONE_CHANGES) {
      fail(ctx, ['population', 'model_changes_per_quarter'], atMostMessage(MAX_ZONE_CHANGES, 'model changes over the run', `${Math.round(changes).toLocaleString('en-US')} (${p.enterprises} enterprises over ${s.horizon.days} days)`, ZONE_CHANGES_WHY));
    }
    if (s.books.length > s.population.enterprises) {
      fail(ctx, ['books'], `lists ${s.books.length} enterprises, more than population.enterprises (${s.population.enterprises})`);
    }
    const seen = new Map<string, number>();
    // the drawn enterprises take the places after the books, with ids E01, E02...: a book may not take one of theirs
    const drawn = new Set(Array.from({ length: Math.max(0, s.population.enterprises - s.books.length) }, (_, k) => drawnEnterpriseId(s.books.length + k, s.population.enterprises)));
    s.books.forEach((b, i) => {
      const j = seen.get(b.enterprise);
      if (j !== undefined) fail(ctx, ['books', i, 'enterprise'], `enterprise '${b.enterprise}' is listed twice (books[${j}] has it too)`);
      else if (drawn.has(b.enterprise)) fail(ctx, ['books', i, 'enterprise'], `enterprise '${b.enterprise}' is the id of a drawn enterprise (they are ${[...drawn][0]} to ${[...drawn].at(-1)}); give this one a name of its own`);
      seen.set(b.enterprise, i);
    });
  })
  .transform((s) => ({ kind: 'zone' as const, ...s }));

export type ZoneScenario = z.output<typeof zoneScenarioSchema>;
export type ZoneScenarioInput = z.input<typeof zoneScenarioSchema>;
export type ZonePolicy = ZoneScenario['policies'][number];
export type BookInput = ZoneScenario['books'][number];
