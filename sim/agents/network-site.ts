/**
 * The road network world: consignments between factories, inland customs, zones and ports,
 * cleared by one of four procedures (transfer, regional clearance, factory direct release, enter
 * first; see sim/supervision/network-config.ts): arrivals, offices, paperwork in office hours,
 * inspections, trucks driving, the full declarations that follow entry. Sealed trips, their e-seal
 * monitor and the interception teams are sealed-trips.ts; what the crews do on the road is
 * transit-road-truth.ts; declarations after entry network-enter-first.ts. The rules: inspection
 * and procedure by credit class (supervision/network-inspection.ts), the transit corridor alert
 * (supervision/transit-monitor.ts), the enter-first deadline (supervision/enter-first-deadline.ts).
 *
 * Common random numbers: every draw about consignment k comes from an indexed stream at k (see
 * IndexedStreams), one family per purpose, so two policies see the same goods, the same hidden
 * violations and the same roads however differently they clear them.
 */
import type { Simulation } from '../engine/simulation.js';
import { IndexedStreams, type Rng } from '../kernel/rng.js';
import { sampler, type Sampler } from '../kernel/distributions.js';
import { Resource } from '../kernel/resource.js';
import { afterWorking, checkCalendar, nextOpen, type WorkCalendar } from '../kernel/work-calendar.js';
import { RoadNetwork, type Route } from '../supervision/road-network.js';
import { CONTAINER_SIZES, type NetworkConfig, type Procedure } from '../supervision/network-config.js';
import { chosenForInspection, inspectionFinds } from '../supervision/network-inspection.js';
import { CREDIT_CLASSES } from '../supervision/vocabulary.js';
import { Slot, type Consignment, type NetworkRecord } from './network-consignment.js';
import { wireNetworkArrivals } from './network-arrivals.js';
import { roadDrives } from './network-drives.js';
import { wireEnterFirst } from './network-enter-first.js';
import { wireProcedures } from './network-procedures.js';
import { SealedTrips } from './sealed-trips.js';
import { roadTruth } from './transit-road-truth.js';

export type { NetworkRecord } from './network-consignment.js';

export const DAY = 86_400;
const HOUR = 3600;

interface Office {
  place: string;
  hours: WorkCalendar;
  inspectors: Resource<(server: number) => void> | null;
}

export function buildNetworkSite(sim: Simulation, cfg: NetworkConfig): { consignments: () => number; open: () => number } {
  const { world: w, policy: pol } = cfg;
  const net = new RoadNetwork(w.places, w.roads);
  const draws = new IndexedStreams(sim.rng.seed, 'net.consignment');
  const tracks = new IndexedStreams(sim.rng.seed, 'net.track');
  const u = (c: Consignment, slot: Slot): Rng => draws.at(c.k * Slot.Count + slot);
  const uni = (c: Consignment, slot: Slot): number => u(c, slot).next();

  const driveOf = roadDrives(w);
  const review: Record<Procedure, Sampler> = {
    transfer: sampler(pol.reviewS.transfer), regional: sampler(pol.reviewS.regional), factory_direct: sampler(pol.reviewS.factory_direct), enter_first: sampler(pol.reviewS.enter_first),
  };
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
    if (!chosenForInspection(uni(c, which === 1 ? Slot.Inspect1 : Slot.Inspect2), c.credit, pol.inspectionRate)) return then();
    const o = office(from);
    const pool = o.inspectors;
    if (pool === null) throw new Error(`office '${from}' has no inspectors, yet the policy inspects there`);
    const asked = sim.now;
    pool.request((server) => {
      const startAt = nextOpen(o.hours, sim.now);
      const durS = travelS + inspectDur(u(c, which === 1 ? Slot.InspectDur1 : Slot.InspectDur2));
      sim.at(startAt + durS, () => {
        pool.release(server);
        const found = inspectionFinds(c.violation, () => uni(c, which === 1 ? Slot.Detect1 : Slot.Detect2), pol.inspectionDetect);
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
  const roadEvents = roadTruth(w, uni, u);
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

  const enterFirstFilings = wireEnterFirst(sim, cfg, { uni, u, rec, officeHours: (place) => office(place).hours, reviewS: review.enter_first, reviewed });
  const declareLater = enterFirstFilings.declareLater;

  const start = wireProcedures(sim, net, {
    u, drive, driveOf, sealedTrip, callAt, lodge, lodgeOnline, whenReviewed, inspect, release, deliver, paperwork, reviewed, declareLater,
    reviewTransfer: review.transfer, carrierWait, portHandling, handlingAt, lead, visit, releaseCheck,
  });
  const arrivals = wireNetworkArrivals(sim, cfg, { uni, u, lead, lodgeOnline, start });
  return { consignments: () => arrivals.count, open: () => arrivals.count - ended + enterFirstFilings.filingsDue() };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
