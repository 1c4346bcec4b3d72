/**
 * The four clearance procedures of the road network (see supervision/network-config.ts): transfer
 * (转关), regional clearance (属地申报, 口岸验放), factory direct release (工厂径放) and enter first,
 * declare later (先进区, 后报关), as sequences of the site's steps (network-site.ts).
 */
import type { Simulation } from '../engine/simulation.js';
import type { Sampler } from '../kernel/distributions.js';
import type { Rng } from '../kernel/rng.js';
import { customsOrder } from '../supervision/network-config.js';
import type { RoadNetwork, Route } from '../supervision/road-network.js';
import { Slot, type Consignment } from './network-consignment.js';
import type { Drive } from './network-drives.js';

/** The site's steps the procedures are made of; each takes the consignment and what to do next. */
export interface NetworkSteps {
  u: (c: Consignment, slot: Slot) => Rng;
  drive: (c: Consignment, route: Route, slot: Slot, then: () => void) => void;
  driveOf: (route: Route) => Drive;
  sealedTrip: (c: Consignment, from: string, to: string, supervised: boolean, done: () => void) => void;
  callAt: (c: Consignment) => void;
  lodge: (c: Consignment) => void;
  lodgeOnline: (c: Consignment, at: number) => void;
  whenReviewed: (c: Consignment, then: () => void) => void;
  inspect: (c: Consignment, from: string, place: string, which: 1 | 2, travelS: number, then: () => void) => void;
  release: (c: Consignment, place: string, then: () => void) => void;
  deliver: (c: Consignment) => void;
  paperwork: (place: string, workS: number, then: () => void) => void;
  reviewed: (entity: string, declaration: string, place: string, lines: number, afterEntry: boolean) => void;
  declareLater: (c: Consignment) => void;
  reviewTransfer: Sampler;
  carrierWait: Sampler;
  portHandling: Sampler;
  handlingAt: (place: string, rng: Rng) => number;
  lead: Sampler;
  visit: Sampler;
  releaseCheck: Sampler;
}

/** Returns the start of a consignment's procedure. */
export function wireProcedures(sim: Simulation, net: RoadNetwork, steps: NetworkSteps): (c: Consignment) => void {
  const { u, drive, driveOf, sealedTrip, callAt, lodge, lodgeOnline, whenReviewed, inspect, release, deliver, paperwork, reviewed, declareLater } = steps;
  const { carrierWait, portHandling, handlingAt, lead, visit, releaseCheck } = steps;
  const review = { transfer: steps.reviewTransfer };

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

  return (c: Consignment): void => {
    if (c.procedure === 'transfer') transfer(c);
    else if (c.procedure === 'regional') regional(c);
    else if (c.procedure === 'factory_direct') factoryDirect(c);
    else enterFirst(c);
  };
}
