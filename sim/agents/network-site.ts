/**
 * The road network world: consignments between factories, inland customs, zones and ports,
 * cleared by one of four procedures (transfer, regional clearance, factory direct release, enter
 * first; see sim/supervision/network-config.ts): arrivals, offices, paperwork in office hours,
 * inspections, trucks driving, the full declarations that follow entry. Sealed trips, their e-seal
 * monitor and the interception teams are sealed-trips.ts; what the crews do on the road is here.
 *
 * Common random numbers: every draw about consignment k comes from an indexed stream at k (see
 * IndexedStreams), one family per purpose, so two policies see the same goods, the same hidden
 * violations and the same roads however differently they clear them.
 */
import type { Simulation } from '../engine/simulation.js';
import { IndexedStreams, type Rng } from '../kernel/rng.js';
import { describeMean, poisson, sampler, uniform, type Sampler } from '../kernel/distributions.js';
import type { DistSpec } from '../kernel/distribution-spec.js';
import { Resource } from '../kernel/resource.js';
import { afterWorking, checkCalendar, nextOpen, type WorkCalendar } from '../kernel/work-calendar.js';
import type { TrackEvent } from '../kernel/gps-track.js';
import { RoadNetwork, type Route } from '../supervision/road-network.js';
import {
  CONTAINER_SIZES,
  TRANSIT_SMUGGLING,
  type ContainerSize,
  type FlowConfig,
  type NetworkConfig,
  type Procedure,
  type TransitSmuggling,
  customsOrder,
} from '../supervision/network-config.js';
import { CREDIT_CLASSES, type CreditClass } from '../supervision/vocabulary.js';
import { SealedTrips } from './sealed-trips.js';

export const DAY = 86_400;
const HOUR = 3600;
const MIN_SPEED_KMH = 5;

/**
 * How each kind of smuggling shows on the road (docs/NETWORK.md): the crew stops for 30–90 min
 * (times `stopShare`), off the road by `offsetM` for the stop and `marginS` either side (0: on the
 * road), and opens the seal a minute in when `tamper`.
 */
const ACTS: Record<TransitSmuggling, { offsetM: number; marginS: number; stopShare: number; tamper: boolean }> = {
  unload_stop: { offsetM: 1500, marginS: 300, stopShare: 1, tamper: false }, // off to a yard, seal bypassed
  seal_tamper: { offsetM: 0, marginS: 0, stopShare: 0.5, tamper: true },
  container_swap: { offsetM: 3000, marginS: 600, stopShare: 1, tamper: false }, // a cloned seal goes on the new box
};
const ACT_MIN_S = 1800;
const ACT_SPREAD_S = 3600;
/** an innocent rest is not drawn within this of another stop */
const REST_CLEARANCE_S = 600;

/** What the world writes to the stream (besides the trip machines' own events). */
export type NetworkRecord =
  | {
      type: 'net.lodged';
      consignment: string;
      flow: string;
      direction: 'import' | 'export';
      procedure: Procedure;
      credit: CreditClass;
      size: ContainerSize;
      /** hidden truth: the declaration misdeclares the goods */
      violation: boolean;
    }
  | { type: 'net.inspected'; consignment: string; place: string; wait_s: number; found: boolean }
  | { type: 'net.released'; consignment: string; place: string; clearance_s: number; held_s: number }
  | { type: 'net.seized'; consignment: string; place: string; reason: 'declaration' | 'transit'; clearance_s: number; held_s: number }
  | { type: 'net.delivered'; consignment: string; place: string; door_to_door_s: number }
  /** a declaration reviewed by document officers: `lines` consignments, `officer_s` of their time */
  | { type: 'net.reviewed'; declaration: string; office: string; lines: number; officer_s: number; after_entry: boolean }
  /** enter first, declare later: an entry's full declaration was not filed by its deadline (the system sees it then) */
  | { type: 'net.overdue'; consignment: string; enterprise: string; due_s: number }
  | { type: 'net.cost'; consignment: string; size: ContainerSize; direction: 'import' | 'export'; transport_rmb: number; holding_rmb: number; supervised_km: number; ordinary_km: number; sites: number };

interface Consignment {
  id: string;
  k: number;
  flow: FlowConfig;
  /** the declarant, e.g. 'taiyuan-export.E07' */
  enterprise: string;
  credit: number;
  size: number;
  procedure: Procedure;
  violation: boolean;
  /** smuggling the crew attempts if the goods travel under seal */
  smuggling: TransitSmuggling | 'none';
  /** goods ready: loaded at the factory (export) or landed at the port (import) */
  readyAt: number;
  /** NaN until lodged */
  lodgedAt: number;
  reviewedAt: number;
  /** what waits for the review of a declaration not lodged yet */
  onReviewed: (() => void) | null;
  releasedAt: number;
  heldFrom: number;
  ended: boolean;
  supervisedKm: number;
  ordinaryKm: number;
  sites: number;
}

interface Office {
  place: string;
  hours: WorkCalendar;
  inspectors: Resource<(server: number) => void> | null;
}

/** Draw slots of the indexed streams, one per purpose: a new purpose gets a new slot at the end. */
const enum Slot {
  Enterprise, Size, Violation, SmuggleFlag, SmuggleKind, SmuggleAt, SmuggleDur, RestFlag, RestAt, RestDur,
  DetourFlag, DetourAt, DetourDur, Lead, Review1, Review2, Handling1, Handling2, Carrier, Inspect1, Inspect2,
  InspectDur1, InspectDur2, Detect1, Detect2, Visit, PortRelease, Check, CheckDetect, ArrivalDetect, Drive1, Drive2,
  LateFlag, LateBy, Filing,
  Count,
}

export function buildNetworkSite(sim: Simulation, cfg: NetworkConfig): { consignments: () => number; open: () => number } {
  const { world: w, policy: pol } = cfg;
  const net = new RoadNetwork(w.places, w.roads);
  const draws = new IndexedStreams(sim.rng.seed, 'net.consignment');
  const tracks = new IndexedStreams(sim.rng.seed, 'net.track');
  const u = (c: Consignment, slot: Slot): Rng => draws.at(c.k * Slot.Count + slot);
  const uni = (c: Consignment, slot: Slot): number => u(c, slot).next();

  const drawSpeed = sampler(w.truckSpeedKmh);
  /** no truck crawls: a draw below 5 km/h is taken as 5 (the schema refuses speeds that can be 0 or less) */
  const speed: Sampler = (rng) => Math.max(MIN_SPEED_KMH, drawSpeed(rng));
  /** per road: its speed sampler and mean (the network's when it has none of its own) */
  const roadSpeed = (spec: DistSpec | undefined): { draw: Sampler; meanKmh: number } => {
    if (spec === undefined) return { draw: speed, meanKmh: describeMean(w.truckSpeedKmh) };
    const d = sampler(spec);
    return { draw: (rng) => Math.max(MIN_SPEED_KMH, d(rng)), meanKmh: describeMean(spec) };
  };
  interface Drive {
    legs: { endM: number; km: number; stretch: number; draw: Sampler; meanKmh: number }[];
    /** the planned time: every road's km at its mean speed */
    plannedS: number;
    /** the GPS track's speed along the polyline at odometer s: the road's draw, slowed by its stretch */
    speedAt: (s: number, rng: Rng) => number;
  }
  const drives = new Map<Route, Drive>();
  const driveOf = (route: Route): Drive => {
    let d = drives.get(route);
    if (d === undefined) {
      const legs = route.legs.map((l) => ({ endM: l.endM, km: l.km, stretch: l.stretch, ...roadSpeed(l.speedKmh) }));
      d = {
        legs,
        plannedS: legs.reduce((a, l) => a + (l.km / l.meanKmh) * 3600, 0),
        speedAt: (s, rng) => {
          let i = 0;
          while (i < legs.length - 1 && s >= legs[i].endM) i++;
          return legs[i].draw(rng) / legs[i].stretch;
        },
      };
      drives.set(route, d);
    }
    return d;
  };
  const review: Record<Procedure, Sampler> = {
    transfer: sampler(pol.reviewS.transfer), regional: sampler(pol.reviewS.regional), factory_direct: sampler(pol.reviewS.factory_direct), enter_first: sampler(pol.reviewS.enter_first),
  };
  const filing = sampler(pol.enterFirst.filingS);
  const lateBy = sampler(w.truth.lateDeclaration.lateS);
  const carrierWait = sampler(pol.carrierWaitS);
  const siteHandling = sampler(pol.siteHandlingS);
  const portHandling = sampler(pol.portHandlingS);
  /** time in the yard besides review and inspection: a port's terminal formalities, an inland site's counter */
  const handlingAt = (place: string, rng: Rng): number => (net.place(place).kind === 'port' ? portHandling(rng) : siteHandling(rng));
  const lead = sampler(pol.lodgeLeadS);
  const inspectDur = sampler(pol.inspectionS);
  const visit = sampler(pol.factoryVisitS);
  const releaseCheck = sampler(pol.releaseCheckS);
  const check = sampler(pol.interception.checkS);
  // a draw from a long tail is cut at a day: the e-seal reports all through a stop, so its length is work
  const restDraw = sampler(w.truth.restStop.durationS);
  const detourDraw = sampler(w.truth.detour.durationS);
  const restDur: Sampler = (rng) => Math.min(DAY, restDraw(rng));
  const detourDur: Sampler = (rng) => Math.min(DAY, detourDraw(rng));
  const smuggleWeights = TRANSIT_SMUGGLING.map((k) => w.truth.transitMix[k]);

  const offices = new Map<string, Office>();
  const inspectorsAt = (place: string, site: number): number => pol.inspectors[place] ?? site;
  for (const place of Object.keys(pol.inspectors).sort()) {
    if (!w.offices.some((o) => o.place === place)) throw new Error(`policy '${pol.name}' staffs an office at '${place}', and there is none (offices: ${w.offices.map((o) => o.place).join(', ')})`);
  }
  for (const o of w.offices) {
    net.place(o.place); // a typo in an office's place is an error here, not a silent office nowhere
    checkCalendar(o.hours);
    offices.set(o.place, {
      place: o.place,
      hours: o.hours,
      inspectors: inspectorsAt(o.place, o.inspectors) > 0
        ? new Resource<(server: number) => void>(sim, { name: `inspectors.${o.place}`, capacity: inspectorsAt(o.place, o.inspectors), stats: 'moments' })
        : null,
    });
  }
  const office = (place: string): Office => {
    const o = offices.get(place);
    if (o === undefined) throw new Error(`no customs office at '${place}' (offices: ${[...offices.keys()].join(', ')})`);
    return o;
  };
  const runGrant = (fn: (server: number) => void, server: number): void => fn(server);

  const rec = (c: Consignment, r: NetworkRecord) => sim.record(c.id, r);
  let count = 0;
  let ended = 0;

  // ------------------------------------------------------------------------------------------
  // Steps: each takes the consignment and what to do next

  /** An ordinary truck (nothing to watch): one speed draw for the whole road. */
  const drive = (c: Consignment, route: Route, slot: Slot, then: () => void): void => {
    c.ordinaryKm += route.km;
    // one draw for the whole drive, at each road's own speed when it has one
    const rng = u(c, slot);
    let s = 0;
    for (const l of driveOf(route).legs) s += (l.km / l.draw(rng)) * 3600;
    sim.schedule(s, then, undefined);
  };

  /** Office paperwork: `workS` seconds of the office's working time. */
  const paperwork = (place: string, workS: number, then: () => void): void => {
    sim.at(afterWorking(office(place).hours, sim.now, workS), then, undefined);
  };

  /** Document officers' time on a declaration, for the workload figures. */
  const reviewed = (entity: string, declaration: string, place: string, lines: number, afterEntry: boolean): void => {
    const officerS = pol.reviewOfficerS.perDeclaration + pol.reviewOfficerS.perLine * lines;
    sim.record(entity, { type: 'net.reviewed', declaration, office: place, lines, officer_s: officerS, after_entry: afterEntry } satisfies NetworkRecord);
  };

  /**
   * An inspection, when the consignment is chosen for one, at `place` by an officer of the office at
   * `from` (who drives out `travelS` when the two differ). A found misdeclaration ends in seizure.
   */
  const inspect = (c: Consignment, from: string, place: string, which: 1 | 2, travelS: number, then: () => void): void => {
    const rate = pol.inspectionRate[CREDIT_CLASSES[c.credit]];
    if (uni(c, which === 1 ? Slot.Inspect1 : Slot.Inspect2) >= rate) return then();
    const o = office(from);
    const pool = o.inspectors;
    if (pool === null) throw new Error(`office '${from}' has no inspectors, yet the policy inspects there`);
    const asked = sim.now;
    pool.request((server) => {
      const startAt = nextOpen(o.hours, sim.now);
      const durS = travelS + inspectDur(u(c, which === 1 ? Slot.InspectDur1 : Slot.InspectDur2));
      sim.at(startAt + durS, () => {
        pool.release(server);
        const found = c.violation && uni(c, which === 1 ? Slot.Detect1 : Slot.Detect2) < pol.inspectionDetect;
        rec(c, { type: 'net.inspected', consignment: c.id, place, wait_s: startAt - asked, found });
        if (found) seize(c, place, 'declaration');
        else then();
      }, undefined);
    }, runGrant);
  };

  const costs = (c: Consignment, heldUntil: number): void => {
    const size = CONTAINER_SIZES[c.size];
    const perKm = w.costs.perKmRmb[size];
    const held = c.heldFrom === Infinity ? 0 : Math.max(0, heldUntil - c.heldFrom);
    rec(c, {
      type: 'net.cost', consignment: c.id, size, direction: c.flow.direction,
      transport_rmb: round2(c.ordinaryKm * perKm + c.supervisedKm * perKm * w.costs.supervisedCarrierFactor + c.sites * w.costs.siteFeeRmb[size]),
      holding_rmb: round2((held / HOUR) * w.costs.holdingPerHourRmb[size]),
      supervised_km: round2(c.supervisedKm), ordinary_km: round2(c.ordinaryKm), sites: c.sites,
    });
  };

  /** Customs lets the goods go (clearance ends); they may still have a way to travel. */
  const release = (c: Consignment, place: string, then: () => void): void => {
    c.releasedAt = sim.now;
    rec(c, { type: 'net.released', consignment: c.id, place, clearance_s: sim.now - c.lodgedAt, held_s: c.heldFrom === Infinity ? 0 : sim.now - c.heldFrom });
    then();
  };

  /** The goods are where they were going: one of the two ends of every consignment. */
  const deliver = (c: Consignment): void => {
    if (c.ended) throw new Error(`${c.id} ends twice`);
    c.ended = true;
    ended++;
    rec(c, { type: 'net.delivered', consignment: c.id, place: c.flow.direction === 'export' ? c.flow.port : c.flow.factory, door_to_door_s: sim.now - c.readyAt });
    costs(c, c.releasedAt);
  };

  /** The other end: customs keeps the goods. */
  const seize = (c: Consignment, place: string, reason: 'declaration' | 'transit'): void => {
    if (c.ended) throw new Error(`${c.id} ends twice`);
    // an export under regional clearance can be caught on the road before it is declared: the case
    // opens its record, so that every consignment that ends was lodged once
    if (Number.isNaN(c.lodgedAt)) lodge(c);
    c.ended = true;
    ended++;
    rec(c, { type: 'net.seized', consignment: c.id, place, reason, clearance_s: sim.now - c.lodgedAt, held_s: c.heldFrom === Infinity ? 0 : sim.now - c.heldFrom });
    costs(c, sim.now);
  };

  // ------------------------------------------------------------------------------------------
  // Sealed trips

  /** The hidden truth of one sealed trip: what the crew does on the road, and the innocent rests and detours. */
  const roadEvents = (c: Consignment, plannedS: number): { events: TrackEvent[]; actAt: number } => {
    const events: TrackEvent[] = [];
    let actAt = Infinity;
    const frac = (slot: Slot) => 0.15 + 0.7 * uni(c, slot);
    if (c.smuggling !== 'none') {
      const act = ACTS[c.smuggling];
      const at = frac(Slot.SmuggleAt) * plannedS;
      const dur = (ACT_MIN_S + ACT_SPREAD_S * uni(c, Slot.SmuggleDur)) * act.stopShare;
      actAt = at;
      if (act.offsetM > 0) events.push({ kind: 'deviation', fromS: at - act.marginS, toS: at + dur + act.marginS, offsetM: act.offsetM });
      events.push({ kind: 'stop', at, durationS: dur });
      if (act.tamper) events.push({ kind: 'tamper', at: at + 60 });
    }
    if (uni(c, Slot.RestFlag) < w.truth.restStop.perTrip) {
      const at = frac(Slot.RestAt) * plannedS;
      if (!events.some((e) => e.kind === 'stop' && at < e.at + e.durationS + REST_CLEARANCE_S && e.at < at + 2 * ACT_SPREAD_S)) {
        events.push({ kind: 'stop', at, durationS: restDur(u(c, Slot.RestDur)) });
      }
    }
    if (uni(c, Slot.DetourFlag) < w.truth.detour.perTrip) {
      const at = frac(Slot.DetourAt) * plannedS;
      if (!events.some((e) => e.kind === 'deviation')) {
        events.push({ kind: 'deviation', fromS: at, toS: at + detourDur(u(c, Slot.DetourDur)), offsetM: w.truth.detour.offsetM });
      }
    }
    return { events, actAt };
  };

  const trips = new SealedTrips(sim, {
    rules: pol.seal, interception: pol.interception, arrivalDetect: pol.arrivalDetect, gps: w.gps, base: net.place(pol.interception.base).at, tracks,
  });

  /** A trip under customs seal: a licensed carrier's (`supervised`) or the enterprise's own truck with an e-seal. */
  const sealedTrip = (c: Consignment, from: string, to: string, supervised: boolean, done: () => void): void => {
    const route = net.route(from, to);
    if (supervised) c.supervisedKm += route.km;
    else c.ordinaryKm += route.km;
    const drv = driveOf(route);
    const { events, actAt } = roadEvents(c, drv.plannedS);
    trips.start(
      {
        consignment: c.id, k: c.k, from, to, route, plannedS: drv.plannedS, speedAt: drv.speedAt, smuggling: c.smuggling, events, actAt,
        checkS: () => check(u(c, Slot.Check)),
        checkU: () => uni(c, Slot.CheckDetect),
        arrivalU: () => uni(c, Slot.ArrivalDetect),
      },
      { arrived: done, seized: (place) => seize(c, place, 'transit') },
    );
  };

  // ------------------------------------------------------------------------------------------
  // The procedures

  /** The goods come under customs control here (holding cost runs from the first such call). */
  const callAt = (c: Consignment): void => {
    c.sites++;
    if (c.heldFrom === Infinity) c.heldFrom = sim.now;
  };

  const lodge = (c: Consignment): void => {
    c.lodgedAt = sim.now;
    rec(c, {
      type: 'net.lodged', consignment: c.id, flow: c.flow.name, direction: c.flow.direction, procedure: c.procedure,
      credit: CREDIT_CLASSES[c.credit], size: CONTAINER_SIZES[c.size], violation: c.violation,
    });
  };

  /** Lodge online at `at` (not before now); the inland customs reviews it in its office hours. */
  const lodgeOnline = (c: Consignment, at: number): void => {
    sim.at(Math.max(sim.now, at), () => {
      if (c.ended) return; // seized on the road before its declaration was due: see seize()
      lodge(c);
      c.reviewedAt = afterWorking(office(c.flow.customs).hours, sim.now, review[c.procedure](u(c, Slot.Review1)));
      reviewed(c.id, `${c.id}/1`, c.flow.customs, 1, false);
      const waiting = c.onReviewed;
      c.onReviewed = null;
      if (waiting !== null) sim.at(c.reviewedAt, waiting, undefined);
    }, undefined);
  };

  /** Continue once the declaration is lodged and reviewed. */
  const whenReviewed = (c: Consignment, then: () => void): void => {
    if (Number.isNaN(c.lodgedAt)) c.onReviewed = then;
    else sim.at(Math.max(sim.now, c.reviewedAt), then, undefined);
  };

  /** The last way home after release: an ordinary truck, nothing to watch. */
  const lastLeg = (c: Consignment, from: string): void => {
    const to = c.flow.direction === 'export' ? c.flow.port : c.flow.factory;
    if (from === to) return deliver(c);
    drive(c, net.route(from, to), Slot.Drive2, () => deliver(c));
  };

  /**
   * 转关: declared for transit at the first customs, carried by a licensed carrier under seal,
   * declared again and released at the second; each end is a customs site with a counter, paper
   * review in office hours and inspection.
   */
  const transfer = (c: Consignment): void => {
    const f = c.flow;
    const [first, second] = customsOrder(f);
    const atFirst = (): void => {
      callAt(c);
      lodge(c);
      siteFormalities(c, first, Slot.Handling1, Slot.Review1, 1, () =>
        sim.schedule(carrierWait(u(c, Slot.Carrier)), () => sealedTrip(c, first, second, true, atSecond), undefined));
    };
    const atSecond = (): void => {
      callAt(c);
      siteFormalities(c, second, Slot.Handling2, Slot.Review2, 2, () => release(c, second, () => lastLeg(c, second)));
    };
    if (f.direction === 'export' && f.factory !== first) drive(c, net.route(f.factory, first), Slot.Drive1, atFirst);
    else atFirst();
  };

  /** A customs site's counter (terminal formalities at a port), paper review in office hours, inspection when chosen. */
  const siteFormalities = (c: Consignment, place: string, handlingSlot: Slot, reviewSlot: Slot, which: 1 | 2, then: () => void): void => {
    sim.schedule(handlingAt(place, u(c, handlingSlot)), () =>
      paperwork(place, review.transfer(u(c, reviewSlot)), () => {
        reviewed(c.id, `${c.id}/${which}`, place, 1, false);
        inspect(c, place, place, which, 0, then);
      }), undefined);
  };

  /** 属地申报, 口岸验放: declared online to the inland customs, released at the port gate. */
  const regional = (c: Consignment): void => {
    const f = c.flow;
    const leadS = lead(u(c, Slot.Lead));
    const atPort = (): void => {
      callAt(c);
      const clear = () => whenReviewed(c, () => inspect(c, f.port, f.port, 1, 0, () =>
        sim.schedule(releaseCheck(u(c, Slot.PortRelease)), () => release(c, f.port, () => lastLeg(c, f.port)), undefined)));
      // landed goods pass the terminal's formalities first; an export declared ahead only meets the gate check
      if (f.direction === 'import') sim.schedule(portHandling(u(c, Slot.Handling1)), clear, undefined);
      else clear();
    };
    if (f.direction === 'export') {
      // declared while the truck is on its way, `lead` before it is due at the port
      lodgeOnline(c, sim.now + Math.max(0, driveOf(net.route(f.factory, f.port)).plannedS - leadS));
      sealedTrip(c, f.factory, f.port, false, atPort);
    } else {
      atPort();
    }
  };

  /**
   * 网上申报, 工厂径放: transfer goods whose inland end is the factory instead of the customs site
   * (可直接抵达企业验放或从企业直接启运). Declared online and watched by video round the clock, an
   * import is inspected (an officer drives out when it is chosen) and released at the factory; an
   * export starts from the factory under the enterprise's own e-seal truck. The port end is the
   * same as a transfer's.
   */
  const factoryDirect = (c: Consignment): void => {
    const f = c.flow;
    const visitS = visit(u(c, Slot.Visit));
    if (f.direction === 'export') {
      c.heldFrom = sim.now;
      whenReviewed(c, () => inspect(c, f.customs, f.factory, 1, visitS, () => sealedTrip(c, f.factory, f.port, false, () => {
        callAt(c);
        siteFormalities(c, f.port, Slot.Handling2, Slot.Review2, 2, () => release(c, f.port, () => deliver(c)));
      })));
    } else {
      callAt(c);
      lodge(c);
      siteFormalities(c, f.port, Slot.Handling1, Slot.Review1, 1, () => sealedTrip(c, f.port, f.factory, false, () =>
        inspect(c, f.customs, f.factory, 2, visitS, () =>
          sim.schedule(releaseCheck(u(c, Slot.PortRelease)), () => release(c, f.factory, () => deliver(c)), undefined))));
    }
  };

  /**
   * 先进区, 后报关: landed goods go to the zone on the manifest's brief declaration, pass the zone
   * gate (inspected there when chosen) and are in; the full declaration follows within the
   * deadline, one per entry or an enterprise's entries of a period together (集中申报).
   */
  const enterFirst = (c: Consignment): void => {
    const f = c.flow;
    callAt(c);
    lodge(c);
    sim.schedule(portHandling(u(c, Slot.Handling1)), () => sealedTrip(c, f.port, f.factory, false, () =>
      inspect(c, f.customs, f.factory, 1, 0, () =>
        sim.schedule(releaseCheck(u(c, Slot.PortRelease)), () => release(c, f.factory, () => {
          deliver(c);
          declareLater(c);
        }), undefined))), undefined);
  };

  /** Full declarations still to come (the run drains them too). */
  let filingsDue = 0;
  /** Aggregated declarations being gathered: (enterprise, period) → consignments. */
  const batches = new Map<string, Consignment[]>();

  const declareLater = (c: Consignment): void => {
    const ef = pol.enterFirst;
    const dueAt = sim.now + ef.declareWithinS;
    const late = uni(c, Slot.LateFlag) < w.truth.lateDeclaration.rate[CREDIT_CLASSES[c.credit]];
    filingsDue++;
    if (late) {
      // the system knows every entry's deadline: an overdue one is flagged the moment it passes
      sim.at(dueAt, () => rec(c, { type: 'net.overdue', consignment: c.id, enterprise: c.enterprise, due_s: ef.declareWithinS }), undefined);
      sim.at(dueAt + lateBy(u(c, Slot.LateBy)), () => fileDeclaration(`${c.id}/late`, c.enterprise, [c]), undefined);
      return;
    }
    if (ef.aggregateS <= 0) {
      sim.at(Math.min(dueAt, sim.now + filing(u(c, Slot.Filing))), () => fileDeclaration(`${c.id}/full`, c.enterprise, [c]), undefined);
      return;
    }
    const period = Math.floor(sim.now / ef.aggregateS);
    const key = `${c.enterprise}/${period}`;
    const batch = batches.get(key);
    if (batch !== undefined) {
      batch.push(c);
      return;
    }
    batches.set(key, [c]);
    // filed after the period closes, within the deadline of its first entry (the schema keeps the
    // period within the deadline, so a batch is never filed early and started again)
    const fileAt = Math.min(dueAt, (period + 1) * ef.aggregateS + filing(u(c, Slot.Filing)));
    sim.at(fileAt, () => {
      const lines = batches.get(key)!;
      batches.delete(key);
      fileDeclaration(key, c.enterprise, lines);
    }, undefined);
  };

  /** A full declaration is filed; the zone office reviews it in its hours (`review_h.enter_first`); the goods are long in. */
  const fileDeclaration = (id: string, enterprise: string, lines: Consignment[]): void => {
    const place = lines[0].flow.customs;
    sim.at(afterWorking(office(place).hours, sim.now, review.enter_first(u(lines[0], Slot.Review2))), () => {
      filingsDue -= lines.length;
      reviewed(enterprise, id, place, lines.length, true);
    }, undefined);
  };

  // ------------------------------------------------------------------------------------------
  // Arrivals: each day's consignments of every flow, drawn at the start of the day

  const flowRngs = w.flows.map((f) => sim.rng.stream(`net.arrivals.${f.name}`));
  const creditPick = w.flows.map((f) => CREDIT_CLASSES.map((k) => f.creditMix[k]));
  /** each flow's enterprises have a fixed credit class, drawn once (the population stream) */
  const enterpriseCredit = w.flows.map((f, i) => {
    const rng = sim.rng.stream(`net.population.${f.name}`);
    return Array.from({ length: f.enterprises }, () => pick(rng.next(), creditPick[i]));
  });

  const start = (c: Consignment): void => {
    if (c.procedure === 'transfer') transfer(c);
    else if (c.procedure === 'regional') regional(c);
    else if (c.procedure === 'factory_direct') factoryDirect(c);
    else enterFirst(c);
  };

  /** Day d's consignments are drawn a day ahead, so that a declaration lodged before the goods are ready can be. */
  const draw = (d: number): void => {
    const todays: { t: number; fi: number }[] = [];
    w.flows.forEach((f, fi) => {
      const rng = flowRngs[fi];
      const n = poisson(rng, f.perDay);
      for (let i = 0; i < n; i++) todays.push({ t: d * DAY + uniform(rng, f.hours[0] * HOUR, f.hours[1] * HOUR), fi });
    });
    todays.sort((a, b) => a.t - b.t || a.fi - b.fi);
    for (const a of todays) {
      const f = w.flows[a.fi];
      const k = count++;
      const c: Consignment = {
        id: `C${String(k + 1).padStart(6, '0')}`, k, flow: f, enterprise: '', credit: 0, size: 0, procedure: 'transfer', violation: false, smuggling: 'none',
        readyAt: a.t, lodgedAt: NaN, reviewedAt: NaN, onReviewed: null, releasedAt: NaN, heldFrom: Infinity, ended: false,
        supervisedKm: 0, ordinaryKm: 0, sites: 0,
      };
      const e = Math.min(f.enterprises - 1, Math.floor(uni(c, Slot.Enterprise) * f.enterprises));
      c.credit = enterpriseCredit[a.fi][e];
      c.enterprise = `${f.name}.E${String(e + 1).padStart(2, '0')}`;
      c.size = uni(c, Slot.Size) < f.ft40Share ? 1 : 0;
      const credit = CREDIT_CLASSES[c.credit];
      c.procedure = pol.procedure[credit];
      c.violation = uni(c, Slot.Violation) < w.truth.declarationViolation[credit];
      if (uni(c, Slot.SmuggleFlag) < w.truth.transitSmuggling[credit]) c.smuggling = TRANSIT_SMUGGLING[pick(uni(c, Slot.SmuggleKind), smuggleWeights)];
      // advance declaration: lodged `lead` before the goods are ready (an export under regional clearance lodges on its way instead)
      if ((c.procedure === 'factory_direct' && f.direction === 'export') || (c.procedure === 'regional' && f.direction === 'import')) lodgeOnline(c, a.t - lead(u(c, Slot.Lead)));
      sim.at(a.t, start, c);
    }
  };
  const day = (d: number): void => {
    if (d + 1 < w.days) draw(d + 1);
    if (d + 1 < w.days) sim.at((d + 1) * DAY, day, d + 1);
  };
  draw(0);
  sim.at(0, day, 0);
  return { consignments: () => count, open: () => count - ended + filingsDue };
}

function pick(x: number, weights: readonly number[]): number {
  let sum = 0;
  for (const v of weights) sum += v;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] / sum;
    if (x < acc) return i;
  }
  return weights.length - 1;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
