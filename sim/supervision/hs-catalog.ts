/**
 * The goods and origins a simulated Chinese port sees.
 *
 * ILLUSTRATIVE FIGURES, NOT TARIFF DATA. Codes and descriptions follow the HS 2022 six-digit
 * nomenclature; duty rates, reference prices, unit weights and trade shares are of the order of
 * China's import figures (MFN duty before VAT, unit values of customs statistics) but are rounded,
 * simplified and not kept current. Do not quote them as the tariff or use them for real
 * classification or valuation.
 *
 * Fields the risk engine and the violation model read:
 * - `risk` 2 marks sensitive goods that rule profiles target (tobacco, wine and spirits, luxury
 *   watches and jewellery, branded bags and footwear, pharmaceuticals, IPR-prone electronics,
 *   prohibited-prone goods); 1 medium; 0 ordinary.
 * - `ipr`: branded goods prone to counterfeiting.
 * - `prohibitedProne`: headings where prohibited goods hide (CITES wildlife products and timber,
 *   drug precursors, solid waste banned since 2018).
 * - `misclassAs`: the code a misclassifier declares instead. For ordinary headings it has a
 *   strictly lower duty, or is the heading itself when no plausible lower-duty code is at hand
 *   (zero-duty ITA electronics, the cheapest heading of a chapter): misclassification does not pay
 *   there. For prohibited-prone headings it is the benign cover under which the goods are declared
 *   (never itself, never prohibited-prone, duty no higher).
 * - `kgPerUnit`: gross kg per unit of `unit`, the declared quantity's unit (kg for goods declared
 *   by weight, so 1).
 * - `weight`: relative frequency among consignments (electronics, machinery, plastics, textiles
 *   and auto parts common; luxury and prohibited-prone goods rare).
 */
import type { RandomSource } from '../kernel/rng.js';
import { indexSampler } from '../kernel/distributions.js';

export type RiskLevel = 0 | 1 | 2;

export interface HsHeading {
  /** six-digit HS subheading, e.g. '851713' */
  readonly code: string;
  /** HS chapter, the first two digits as a number */
  readonly chapter: number;
  readonly description: string;
  /** declared unit of quantity: 'kg', 'l', 'piece', 'pair', 'thousand' (cigarettes) */
  readonly unit: string;
  /** reference (typical) customs value, USD per gross kg */
  readonly refUsdPerKg: number;
  /** import duty rate, 0–0.5 */
  readonly dutyRate: number;
  readonly risk: RiskLevel;
  readonly ipr: boolean;
  readonly prohibitedProne: boolean;
  readonly kgPerUnit: number;
  readonly weight: number;
  /** code declared instead by a misclassifier (see the top of this file) */
  readonly misclassAs: string;
}

function h(
  code: string,
  description: string,
  unit: string,
  kgPerUnit: number,
  refUsdPerKg: number,
  dutyRate: number,
  risk: RiskLevel,
  ipr: boolean,
  prohibitedProne: boolean,
  weight: number,
  misclassAs: string = code,
): HsHeading {
  return {
    code,
    chapter: Number(code.slice(0, 2)),
    description,
    unit,
    refUsdPerKg,
    dutyRate,
    risk,
    ipr,
    prohibitedProne,
    kgPerUnit,
    weight,
    misclassAs,
  };
}

const T = true;
const F = false;

// prettier-ignore
export const HS_HEADINGS: readonly HsHeading[] = [
  //  code      description                                                       unit       kg/unit $/kg   duty  risk ipr pp  weight misclassAs
  h('030617', 'Frozen shrimps and prawns',                                        'kg',       1,     7,     0.05, 1, F, F, 1.0,  '230120'),
  h('050790', 'Ivory, tortoise-shell, horns, antlers, scales, unworked (CITES)',   'kg',       1,     300,   0.10, 2, F, T, 0.02, '392690'),
  h('081060', 'Durians, fresh',                                                   'kg',       1,     4,     0.20, 0, F, F, 0.8),
  h('220300', 'Beer made from malt',                                              'l',        1.1,   1,     0.00, 0, F, F, 0.4),
  h('220421', 'Wine of fresh grapes, in containers of 2 l or less',               'l',        1.6,   6,     0.14, 2, T, F, 0.5,  '220300'),
  h('220830', 'Whiskies',                                                         'l',        1.6,   15,    0.05, 2, T, F, 0.15, '220300'),
  h('230120', 'Flours, meals and pellets of fish, for animal feed',               'kg',       1,     1.6,   0.02, 0, F, F, 0.4),
  h('240120', 'Tobacco, partly or wholly stemmed or stripped',                    'kg',       1,     7,     0.10, 2, F, F, 0.08),
  h('240220', 'Cigarettes containing tobacco',                                    'thousand', 1.3,   35,    0.25, 2, T, F, 0.05, '240120'),
  h('271019', 'Lubricating oils and greases of petroleum',                        'kg',       1,     2.5,   0.06, 0, F, F, 0.6),
  h('293941', 'Ephedrines and their salts (drug precursors)',                     'kg',       1,     100,   0.065, 2, F, T, 0.01, '382499'),
  h('300390', 'Medicaments, not in measured doses (bulk)',                        'kg',       1,     60,    0.03, 1, F, F, 0.2),
  h('300490', 'Medicaments in measured doses, n.e.s.',                            'kg',       1,     150,   0.05, 2, T, F, 0.5,  '300390'),
  h('330499', 'Beauty, make-up and skin-care preparations',                       'kg',       1,     40,    0.05, 1, T, F, 0.6),
  h('382499', 'Chemical products and preparations, n.e.s.',                       'kg',       1,     3,     0.065, 0, F, F, 1.2),
  h('390110', 'Polyethylene, specific gravity < 0.94, primary forms',             'kg',       1,     1.2,   0.065, 0, F, F, 2.5),
  h('391590', 'Waste, parings and scrap of other plastics (import ban)',          'kg',       1,     0.3,   0.065, 2, F, T, 0.05, '390110'),
  h('392690', 'Other articles of plastics',                                       'kg',       1,     6,     0.065, 0, F, F, 2.0),
  h('401110', 'New pneumatic tyres of rubber, for motor cars',                    'piece',    9,     3.5,   0.10, 0, F, F, 1.0,  '870899'),
  h('420221', 'Handbags, outer surface of leather',                               'piece',    1.2,   200,   0.10, 2, T, F, 0.25, '420222'),
  h('420222', 'Handbags, outer surface of plastic sheeting or textiles',          'piece',    0.6,   25,    0.06, 1, T, F, 0.5),
  h('440710', 'Wood sawn lengthwise, coniferous',                                 'kg',       1,     0.25,  0.00, 0, F, F, 0.6),
  h('440799', 'Wood sawn lengthwise, non-coniferous n.e.s. (incl. CITES rosewoods)', 'kg',    1,     1.2,   0.00, 1, F, T, 0.15, '440710'),
  h('610910', 'T-shirts and vests, knitted, of cotton',                           'piece',    0.2,   30,    0.08, 1, T, F, 1.2),
  h('611030', 'Jerseys and pullovers, knitted, of man-made fibres',               'piece',    0.45,  30,    0.10, 1, T, F, 1.0,  '610910'),
  h('620342', "Men's trousers, woven, of cotton",                                 'piece',    0.6,   30,    0.10, 1, T, F, 0.8,  '610910'),
  h('640299', 'Footwear, outer soles and uppers of rubber or plastics, n.e.s.',   'pair',     0.8,   15,    0.06, 1, T, F, 0.8),
  h('640399', 'Footwear, uppers of leather, n.e.s.',                              'pair',     1.2,   45,    0.10, 2, T, F, 0.4,  '640299'),
  h('711319', 'Jewellery of precious metal other than silver',                    'piece',    0.05,  40000, 0.10, 2, T, F, 0.02, '711719'),
  h('711719', 'Imitation jewellery of base metal',                                'piece',    0.05,  40,    0.08, 1, T, F, 0.2),
  h('720851', 'Flat-rolled iron or steel, hot-rolled, not in coils, > 10 mm',     'kg',       1,     0.7,   0.03, 0, F, F, 0.5),
  h('731815', 'Screws and bolts of iron or steel',                                'kg',       1,     4,     0.08, 0, F, F, 1.2),
  h('847130', 'Portable automatic data-processing machines (laptops)',            'piece',    3.5,   130,   0.00, 1, T, F, 1.5),
  h('848180', 'Taps, cocks, valves and similar appliances, n.e.s.',               'piece',    2,     25,    0.05, 0, F, F, 1.5),
  h('851713', 'Smartphones',                                                      'piece',    0.5,   600,   0.00, 2, T, F, 1.5),
  h('852852', 'Monitors for automatic data-processing machines',                  'piece',    6,     25,    0.00, 0, F, F, 0.8),
  h('852872', 'Television receivers, colour',                                     'piece',    15,    20,    0.15, 1, F, F, 0.5,  '852852'),
  h('854231', 'Processors and controllers (electronic integrated circuits)',       'piece',    0.002, 2000,  0.00, 1, T, F, 2.0),
  h('870323', 'Motor cars, spark-ignition, 1 500–3 000 cc',                       'piece',    1600,  25,    0.15, 1, F, F, 0.3,  '870899'),
  h('870899', 'Parts and accessories of motor vehicles, n.e.s.',                  'kg',       1,     10,    0.06, 0, F, F, 2.5),
  h('901890', 'Medical, surgical or veterinary instruments, n.e.s.',              'piece',    3,     120,   0.04, 1, F, F, 0.6),
  h('910211', 'Wrist-watches, battery-powered, mechanical display',               'piece',    0.15,  300,   0.08, 1, T, F, 0.3),
  h('910221', 'Wrist-watches, automatic winding, base-metal case',                'piece',    0.3,   15000, 0.14, 2, T, F, 0.05, '910211'),
  h('940360', 'Wooden furniture, n.e.s.',                                         'piece',    30,    5,     0.00, 0, F, F, 1.0),
  h('950300', 'Toys: tricycles, dolls, scale models, puzzles',                    'piece',    0.5,   8,     0.00, 1, T, F, 1.0),
];

const HS_INDEX = new Map<string, number>(HS_HEADINGS.map((x, i) => [x.code, i]));

/** Index of the heading with this six-digit code in HS_HEADINGS, or -1. */
export function headingIndexByCode(code: string): number {
  return HS_INDEX.get(code) ?? -1;
}

export interface Origin {
  /** ISO 3166-1 alpha-2 */
  readonly code: string;
  readonly name: string;
  /** 2: known source or transit of smuggled and prohibited goods; 1: medium (transshipment) */
  readonly risk: RiskLevel;
  /** an FTA with China gives its goods preferential duty: origin fraud claims one of these */
  readonly fta: boolean;
  /** relative frequency among consignments */
  readonly weight: number;
}

function o(code: string, name: string, risk: RiskLevel, fta: boolean, weight: number): Origin {
  return { code, name, risk, fta, weight };
}

/**
 * Trading partners. FTA flags: China's FTAs with Korea, Australia, New Zealand, Chile, Peru,
 * Costa Rica, Switzerland, Iceland, Singapore, Pakistan, ASEAN (Thailand, Malaysia, Viet Nam,
 * Indonesia, Philippines…), and RCEP, in force for Japan since 2022 (the first agreement
 * between the two).
 */
// prettier-ignore
export const ORIGINS: readonly Origin[] = [
  o('KR', 'Korea, Republic of', 0, T, 10),
  o('JP', 'Japan',              0, T, 9),
  o('US', 'United States',      0, F, 8),
  o('DE', 'Germany',            0, F, 6),
  o('AU', 'Australia',          0, T, 6),
  o('VN', 'Viet Nam',           1, T, 5),
  o('MY', 'Malaysia',           0, T, 5),
  o('TH', 'Thailand',           0, T, 4),
  o('BR', 'Brazil',             0, F, 4),
  o('ID', 'Indonesia',          0, T, 3),
  o('RU', 'Russian Federation', 1, F, 3),
  o('FR', 'France',             0, F, 3),
  o('SG', 'Singapore',          0, T, 2),
  o('IT', 'Italy',              0, F, 2),
  o('CL', 'Chile',              0, T, 2),
  o('PH', 'Philippines',        0, T, 1.5),
  o('GB', 'United Kingdom',     0, F, 1.5),
  o('CH', 'Switzerland',        0, T, 1.5),
  o('NZ', 'New Zealand',        0, T, 1.5),
  o('IN', 'India',              1, F, 1.5),
  o('PE', 'Peru',               0, T, 0.8),
  o('PK', 'Pakistan',           1, T, 0.5),
  o('NG', 'Nigeria',            2, F, 0.3),
  o('MZ', 'Mozambique',         2, F, 0.2),
];

const ORIGIN_INDEX = new Map<string, number>(ORIGINS.map((x, i) => [x.code, i]));

/** Index of the origin with this ISO alpha-2 code in ORIGINS, or -1. */
export function originIndexByCode(code: string): number {
  return ORIGIN_INDEX.get(code) ?? -1;
}

/** Indices 0..n-1 with probability weight[i] / Σ weight; every weight must be > 0 here. */
function weightedIndexSampler(what: string, weights: readonly number[]): (rng: RandomSource) => number {
  if (weights.length === 0) throw new RangeError(`${what}: no entries`);
  weights.forEach((w, i) => {
    if (!(w > 0 && w < Infinity)) throw new RangeError(`${what}: weight[${i}] must be > 0 and finite, got ${w}`);
  });
  return indexSampler(weights);
}

/** Draws an index into HS_HEADINGS by `weight` (one `next()` per draw). Build once, reuse. */
export function headingSampler(): (rng: RandomSource) => number {
  return weightedIndexSampler('headingSampler', HS_HEADINGS.map((x) => x.weight));
}

/** Draws an index into ORIGINS by `weight` (one `next()` per draw). Build once, reuse. */
export function originSampler(): (rng: RandomSource) => number {
  return weightedIndexSampler('originSampler', ORIGINS.map((x) => x.weight));
}
