/**
 * Consignments: one container on one truck, the declaration that covers it, and the hidden truth.
 *
 * Everything about a consignment is drawn when it appears, from the indexed stream `consignment`
 * at the consignment's sequence number, always in the same order (lead time, enterprise, truth,
 * cargo, identity, work contents, luck): consignment k gets the same enterprise, cargo,
 * violation, work contents and luck under every policy, whenever the policy makes it appear
 * (common random numbers). A policy decides only which of these draws come into play. One stream
 * per consignment rather than one per purpose: seeding costs 20 generator steps each time.
 */
import { indexSampler, sampler, standardNormal, uniform, type Sampler } from '../kernel/distributions.js';
import { IndexedStreams, type Rng } from '../kernel/rng.js';
import { HS_HEADINGS, ORIGINS, headingSampler, originSampler } from './hs-catalog.js';
import { drawContainerNumber, drawDriverCard, drawElectronicPlate, drawPlate, drawSealNumber } from './identifiers.js';
import type { Population } from './population.js';
import type { TimesSpec, TruthSpec } from './port-config.js';
import {
  VIOLATION_TYPES,
  V_IPR,
  V_MISCLASSIFIED,
  V_NONE,
  V_ORIGIN,
  V_PROHIBITED,
  V_QUANTITY,
  V_UNDERVALUATION,
} from './vocabulary.js';

/** One declared item (a line of the declaration after merge relations). */
export class DeclItem {
  constructor(
    /** index into HS_HEADINGS of the declared code */
    readonly heading: number,
    /** index into ORIGINS of the declared origin */
    readonly origin: number,
    readonly qty: number,
    readonly weightKg: number,
    readonly valueUsd: number,
  ) {}
}

/** Chinese import VAT on top of duty: tax at stake = value × (duty + VAT × (1 + duty)). */
const VAT = 0.13;
export function taxRate(duty: number): number {
  return duty + VAT * (1 + duty);
}

/**
 * The numeric attributes of a consignment, stored in a per-factory pool of Float64Arrays rather
 * than as object fields: V8 keeps a double-valued field as a boxed heap number, and the 36
 * doubles of every consignment in flight were the largest share of the heap (1.7 M heap numbers,
 * 28 MB, at a Shanghai-class peak with pre-lodging). Accessors keep `c.reviewS` as the API.
 */
const NUMERIC_FIELDS = [
  'arrivalAt', // time the goods and truck arrive at the port (s)
  'tareKg',
  'declaredGrossKg', // gross weight on the declaration (declared cargo + tare)
  'trueGrossKg', // gross weight on the weighbridge (true cargo + tare)
  'revenueAtStake', // hidden truth: tax evaded (USD) a finding recovers; 0 for prohibited goods and IPR
  // work contents (s) and delays, drawn whether or not the policy uses them
  'leadS',
  'erpEntryS',
  'manualEntryS',
  'screenS',
  'reviewS',
  'recheckS',
  'secondReviewS',
  'imageS',
  'scanS',
  'physicalS',
  'manualGateS',
  'smartGateS',
  'misreadFixS',
  'moveS',
  'noticeS',
  'correctionS',
  'weighNoise', // the cargo's true weight on the deck off its paper figure (fuel, dunnage, loading), relative
  // luck: uniforms compared with probabilities that depend on the policy and the officer
  'uEntryError',
  'uRandom',
  'uRecheck',
  'uReview',
  'uImage',
  'uPhysical',
  'uSecond',
  'uAuditSelect',
  'uAudit',
  'uTie', // breaks ties between equal risk scores when ranking
] as const;
type NumericField = (typeof NUMERIC_FIELDS)[number];
/**
 * Work contents that only some consignments need (a review, a scan, an inspection…): drawn on
 * first read, from the consignment's own `consignment.work` stream, so a consignment released
 * green never pays for them and every consignment still gets the same values whenever it needs
 * them.
 */
const LAZY_FIELDS: ReadonlySet<NumericField> = new Set<NumericField>([
  'reviewS',
  'recheckS',
  'secondReviewS',
  'imageS',
  'scanS',
  'physicalS',
  'moveS',
  'noticeS',
  'correctionS',
]);
const N_NUMERIC = NUMERIC_FIELDS.length;
/** consignments per Float64Array of the pool */
const CHUNK = 1024;

export class Consignment {
  id = '';
  seq = 0;
  enterprise = 0;
  /** 0 import, 1 export */
  direction = 0;
  items: readonly DeclItem[] = [];
  /** the truck of this trip carries an electronic plate (needed for a smart lane) */
  hasEplate = false;
  /** the carrier's manifest disagrees with the declaration (three-documents check) */
  manifestMismatch = false;
  /** hidden truth: index into VIOLATIONS */
  violation = V_NONE;
  /** where the numeric attributes live (see NUMERIC_FIELDS): a pool chunk, an offset, a pool slot */
  nums: Float64Array;
  off: number;
  slot: number;
  /** draws the lazy work contents (LAZY_FIELDS) on first read; null once drawn */
  lazy: ((c: Consignment) => void) | null = null;

  constructor(nums: Float64Array, off: number, slot: number) {
    this.nums = nums;
    this.off = off;
    this.slot = slot;
  }
}

/** The numeric attributes as properties (accessors defined below). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-unsafe-declaration-merging
export interface Consignment extends Record<NumericField, number> {}

NUMERIC_FIELDS.forEach((name: NumericField, i) => {
  const lazy = LAZY_FIELDS.has(name);
  Object.defineProperty(Consignment.prototype, name, {
    get: lazy
      ? function (this: Consignment) {
          const draw = this.lazy;
          if (draw !== null) {
            this.lazy = null;
            draw(this);
          }
          return this.nums[this.off + i];
        }
      : function (this: Consignment) {
          return this.nums[this.off + i];
        },
    set(this: Consignment, v: number) {
      this.nums[this.off + i] = v;
    },
    enumerable: true,
    configurable: false,
  });
});

/** The pool of numeric attributes: chunks that never move, slots reused once released. */
export class ConsignmentPool {
  private readonly chunks: Float64Array[] = [];
  private readonly free: number[] = [];
  private used = 0;
  /** slots in use */
  live = 0;

  make(): Consignment {
    const slot = this.free.length > 0 ? this.free.pop()! : this.used++;
    const k = (slot / CHUNK) | 0;
    if (k === this.chunks.length) this.chunks.push(new Float64Array(CHUNK * N_NUMERIC));
    const off = (slot - k * CHUNK) * N_NUMERIC;
    const nums = this.chunks[k];
    nums.fill(0, off, off + N_NUMERIC);
    this.live++;
    return new Consignment(nums, off, slot);
  }

  /**
   * The consignment's attributes may be reused: it must not be read after this. Its numbers are
   * set to NaN until the slot is taken again, so a read after release shows up as NaN (null in
   * the stream) instead of passing for a value.
   */
  release(c: Consignment): void {
    if (c.slot < 0) throw new Error(`consignment ${c.id} released twice`);
    c.nums.fill(NaN, c.off, c.off + N_NUMERIC);
    c.lazy = null;
    this.free.push(c.slot);
    c.slot = -1;
    this.live--;
  }
}

export interface ConsignmentStreams {
  /** one generator per consignment, by sequence number */
  item: IndexedStreams;
  /** the consignment's identities (plate, container number…), by sequence number */
  identity: IndexedStreams;
}

export function consignmentStreams(seed: number | string): ConsignmentStreams {
  return { item: new IndexedStreams(seed, 'consignment'), identity: new IndexedStreams(seed, 'consignment.identity') };
}

export interface ConsignmentIdentity {
  plate: string;
  /** '' when the truck has no electronic plate */
  eplate: string;
  driverCard: string;
  /** ISO 6346 */
  container: string;
  seal: string;
  /** the tractor and chassis as registered (kg): what the weighbridge weighs besides the container */
  vehicleKg: number;
}

/** Longest a declaration is lodged before arrival: the arrival generator looks this far ahead. */
export const MAX_LEAD_S = 24 * 3600;

const CARGO_MIN_KG = 4000;
const CARGO_MAX_KG = 24000;

export class ConsignmentFactory {
  private readonly any = headingSampler();
  private readonly origin = originSampler();
  private readonly violationCum: Float64Array;
  private readonly byViolation: readonly ((rng: Rng) => number)[];
  private readonly ftaOrigins: readonly number[];
  private readonly riskyOrigins: readonly number[];
  private readonly s: Record<keyof TimesSpec, Sampler>;
  private readonly importShare: number;
  private readonly eplateShare: number;
  /** noise of a declared quantity around weight / unit weight, and of a value around the reference price */
  private readonly qtyNoise: Sampler = sampler({ dist: 'lognormal', mean: 1, sd: 0.08 });
  private readonly valueNoise: Sampler = sampler({ dist: 'lognormal', mean: 1, sd: 0.3 });
  private readonly work: IndexedStreams;
  /** draws the work contents only some consignments need (LAZY_FIELDS), in a fixed order */
  private readonly drawLazy = (c: Consignment): void => {
    const w = this.work.at(c.seq);
    const s = this.s;
    c.reviewS = s.docReviewS(w);
    c.recheckS = s.recheckS(w);
    c.secondReviewS = s.secondReviewS(w);
    c.imageS = s.imageAnalysisS(w);
    c.scanS = s.scanS(w);
    c.physicalS = s.physicalS(w);
    c.moveS = s.containerMoveS(w);
    c.noticeS = s.noticeDelayS(w);
    c.correctionS = s.correctionS(w);
  };

  constructor(
    private readonly population: Population,
    truth: TruthSpec,
    times: TimesSpec,
    importShare: number,
    eplateShare: number,
    private readonly identities: IndexedStreams,
    /** where consignments' numbers live; release them to it when done */
    readonly pool: ConsignmentPool = new ConsignmentPool(),
  ) {
    this.importShare = importShare;
    this.eplateShare = eplateShare;
    this.work = new IndexedStreams(identities.seed, 'consignment.work');
    const cum = new Float64Array(VIOLATION_TYPES.length);
    let total = 0;
    VIOLATION_TYPES.forEach((v, i) => (cum[i] = total += truth.mix[v]));
    for (let i = 0; i < cum.length; i++) cum[i] /= total > 0 ? total : 1;
    this.violationCum = cum;
    const pick = (pred: (i: number) => boolean, weight: (i: number) => number) => {
      const idx = HS_HEADINGS.map((_, i) => i).filter(pred);
      if (idx.length === 0) return this.any;
      const draw = indexSampler(idx.map(weight));
      return (rng: Rng) => idx[draw(rng)];
    };
    const h = HS_HEADINGS;
    this.byViolation = [
      this.any,
      // misclassification pays where a lower-duty code is at hand
      pick((i) => h[h.findIndex((x) => x.code === h[i].misclassAs)].dutyRate < h[i].dutyRate, (i) => h[i].weight * (1 + h[i].dutyRate * 10)),
      // undervaluation pays on high duty and sensitive goods
      pick(() => true, (i) => h[i].weight * (1 + h[i].dutyRate * 10) * (1 + h[i].risk)),
      this.any,
      pick((i) => h[i].prohibitedProne, (i) => h[i].weight),
      pick((i) => h[i].ipr, (i) => h[i].weight),
      pick((i) => h[i].dutyRate > 0.03, (i) => h[i].weight),
    ];
    this.ftaOrigins = ORIGINS.flatMap((o, i) => (o.fta ? [i] : []));
    this.riskyOrigins = ORIGINS.flatMap((o, i) => (o.risk === 2 ? [i] : []));
    const s = {} as Record<keyof TimesSpec, Sampler>;
    for (const key of Object.keys(times) as (keyof TimesSpec)[]) {
      const spec = times[key];
      if (typeof spec === 'object') s[key] = sampler(spec);
    }
    this.s = s;
  }

  /**
   * The identities of consignment `seq`: one truck trip per consignment (plate, e-plate when it has
   * one, driver's IC card), its container number and seal. Drawn from their own indexed stream,
   * only when someone reads them (a smart lane's devices, which customs' check compares with the
   * declaration; the event stream): formatting them is a fair share of a consignment's cost, and a
   * consignment through a manual lane, in a run without a stream, never needs them.
   */
  identity(c: Consignment): ConsignmentIdentity {
    const g = this.identities.at(c.seq);
    return {
      plate: drawPlate(g),
      eplate: c.hasEplate ? drawElectronicPlate(g) : '',
      driverCard: drawDriverCard(g),
      container: drawContainerNumber(g),
      seal: drawSealNumber(g),
      vehicleKg: Math.round(uniform(g, 13_000, 17_000)),
    };
  }

  /** How long before arrival consignment `seq` is declared, when the policy lodges before arrival. */
  leadS(seq: number, st: ConsignmentStreams): number {
    return Math.min(MAX_LEAD_S, this.s.preArrivalLeadS(st.item.at(seq)));
  }

  /** Draws consignment `seq` (numbered from 0 in arrival order), arriving at `arrivalAt`. */
  draw(seq: number, id: string, arrivalAt: number, st: ConsignmentStreams): Consignment {
    const c = this.pool.make();
    c.id = id;
    c.seq = seq;
    c.arrivalAt = arrivalAt;
    const g = st.item.at(seq);
    c.leadS = Math.min(MAX_LEAD_S, this.s.preArrivalLeadS(g)); // first, as leadS() draws it
    const ent = this.population.enterprises[this.population.drawEnterprise(g)];
    c.enterprise = ent.index;

    // hidden truth first: it shapes what is declared
    const t = g;
    let v = V_NONE;
    if (t.next() < ent.propensity) {
      const u = t.next();
      const cum = this.violationCum;
      v = 1;
      while (v < cum.length && u >= cum[v - 1]) v++;
    }
    c.violation = v;

    // cargo: 1–3 items sharing the container's cargo weight
    const r = g;
    c.direction = r.next() < this.importShare ? 0 : 1;
    const nItems = 1 + (r.next() < 0.35 ? 1 : 0) + (r.next() < 0.15 ? 1 : 0);
    const cargoKg = uniform(r, CARGO_MIN_KG, CARGO_MAX_KG);
    const items: DeclItem[] = [];
    let declaredKg = 0;
    let trueKg = 0;
    let stake = 0;
    for (let i = 0; i < nItems; i++) {
      const violating = i === 0 && v !== V_NONE;
      const trueHeading = violating ? this.byViolation[v](r) : this.any(r);
      const hd = HS_HEADINGS[trueHeading];
      let trueOrigin: number;
      if (violating && v === V_PROHIBITED && r.next() < 0.6 && this.riskyOrigins.length > 0) {
        trueOrigin = this.riskyOrigins[Math.floor(r.next() * this.riskyOrigins.length)];
      } else if (violating && v === V_ORIGIN) {
        trueOrigin = this.nonFtaOrigin(r);
      } else trueOrigin = this.origin(r);
      const kg = cargoKg / nItems;
      const trueQty = Math.max(1, Math.round((kg / hd.kgPerUnit) * this.qtyNoise(r)));
      const trueValue = kg * hd.refUsdPerKg * this.valueNoise(r);
      let heading = trueHeading;
      let origin = trueOrigin;
      let qty = trueQty;
      let weight = kg;
      let value = trueValue;
      if (violating) {
        switch (v) {
          case V_MISCLASSIFIED: {
            heading = HS_HEADINGS.findIndex((x) => x.code === hd.misclassAs);
            stake = trueValue * (taxRate(hd.dutyRate) - taxRate(HS_HEADINGS[heading].dutyRate));
            break;
          }
          case V_UNDERVALUATION: {
            value = trueValue * uniform(r, 0.3, 0.7);
            stake = (trueValue - value) * taxRate(hd.dutyRate);
            break;
          }
          case V_QUANTITY: {
            const f = uniform(r, 0.5, 0.85);
            weight = kg * f;
            qty = Math.max(1, Math.round(trueQty * (r.next() < 0.5 ? f : 1)));
            value = trueValue * f;
            stake = (trueValue - value) * taxRate(hd.dutyRate);
            break;
          }
          case V_PROHIBITED: {
            // concealed under a benign description
            heading = HS_HEADINGS.findIndex((x) => x.code === hd.misclassAs);
            break;
          }
          case V_IPR: {
            // counterfeits declared as what they look like, at a counterfeit's price
            value = trueValue * uniform(r, 0.2, 0.5);
            break;
          }
          case V_ORIGIN: {
            origin = this.ftaOrigins[Math.floor(r.next() * this.ftaOrigins.length)];
            stake = trueValue * hd.dutyRate; // the preference wrongly claimed
            break;
          }
        }
      }
      declaredKg += weight;
      trueKg += kg;
      items.push(new DeclItem(heading, origin, qty, weight, value));
    }
    c.items = items;
    c.revenueAtStake = stake;
    c.tareKg = uniform(r, 2200, 3900);
    c.declaredGrossKg = declaredKg + c.tareKg;
    c.trueGrossKg = trueKg + c.tareKg;
    // the carrier's manifest carries the verified gross mass 60 % of the time, else the shipper's figure
    c.manifestMismatch = r.next() < 0.6 && Math.abs(c.trueGrossKg - c.declaredGrossKg) > 0.05 * c.trueGrossKg;

    const id_ = g;
    c.hasEplate = id_.next32() < this.eplateShare;

    const w = g;
    const s = this.s;
    c.lazy = this.drawLazy;
    c.erpEntryS = s.erpEntryS(w);
    c.manualEntryS = s.manualEntryS(w);
    c.screenS = s.riskScreenS(w);
    c.manualGateS = s.manualGateS(w);
    c.smartGateS = s.smartGateS(w);
    c.misreadFixS = s.misreadFixS(w);
    c.weighNoise = 0.01 * standardNormal(w);

    // luck: 32-bit uniforms, compared with probabilities
    const l = g;
    c.uEntryError = l.next32();
    c.uRandom = l.next32();
    c.uRecheck = l.next32();
    c.uReview = l.next32();
    c.uImage = l.next32();
    c.uPhysical = l.next32();
    c.uSecond = l.next32();
    c.uAuditSelect = l.next32();
    c.uAudit = l.next32();
    c.uTie = l.next32();
    return c;
  }

  private nonFtaOrigin(r: Rng): number {
    for (let k = 0; k < 32; k++) {
      const o = this.origin(r);
      if (!ORIGINS[o].fta) return o;
    }
    return ORIGINS.findIndex((o) => !o.fta);
  }
}
