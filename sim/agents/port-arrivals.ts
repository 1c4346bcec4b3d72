/**
 * Trucks arriving at the port: arrival times from the `arrivals` stream (Poisson, or an hourly
 * profile), each consignment materialised as a consignment machine when its declaration starts
 * (at arrival, or `pre_arrival_lead_s` before with pre-lodging), and its enterprise asked to lodge
 * after the time its data entry takes (ERP-generated or typed; a typing error is a risk hit).
 */
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import { HourlyProfileArrivals, PoissonArrivals, type ArrivalProcess } from '../kernel/arrivals.js';
import type { DistSpec } from '../kernel/distribution-spec.js';
import { IdSequence } from '../kernel/id-sequence.js';
import { MAX_LEAD_S, type Consignment, type ConsignmentFactory, type ConsignmentIdentity, type ConsignmentStreams } from '../supervision/consignment.js';
import { HS_HEADINGS, ORIGINS } from '../supervision/hs-catalog.js';
import type { Population } from '../supervision/population.js';
import type { PortConfig } from '../supervision/port-config.js';
import { consignmentMachine, type ConsignmentEvent, type ConsignmentInput } from './consignment.machine.js';
import type { EnterpriseEvent } from './enterprise.machine.js';
import type { PortSiteOptions } from './port-site.js';
import { Arrival, Slot } from './port-slot.js';

export interface PortArrivals {
  /** consignments whose arrival is drawn so far */
  created: number;
  /** no more arrivals will come */
  over: boolean;
}

export function wirePortArrivals(
  sim: Simulation,
  cfg: PortConfig,
  opts: PortSiteOptions,
  parts: { factory: ConsignmentFactory; streams: ConsignmentStreams; population: Population; enterprises: Entity[]; open: Map<number, Slot>; truckIn: () => void },
): PortArrivals {
  const { world, policy } = cfg;
  const { factory, streams, population, enterprises, open, truckIn } = parts;
  const d = policy.declaration;
  const state: PortArrivals = { created: 0, over: false };
  const process: ArrivalProcess = 'perHour' in world.arrivals ? new PoissonArrivals(world.arrivals.perHour) : new HourlyProfileArrivals(world.arrivals.profilePerHour);
  const arrivalRng = sim.rng.stream('arrivals');
  const ids = new IdSequence('C');
  const prelodge = d.lodge === 'before_arrival';
  const lookAhead = prelodge ? Math.min(MAX_LEAD_S, upperBound(world.times.preArrivalLeadS)) : 0;
  let nextArrival = process.next(0, arrivalRng);

  const spawn = (a: Arrival): void => {
    const c = factory.draw(a.seq, a.id, a.at, streams);
    const slot = new Slot(null as unknown as Entity, c);
    open.set(c.seq, slot);
    const ent = population.enterprises[c.enterprise];
    const here = sim.now >= c.arrivalAt;
    slot.entity = sim.spawn(consignmentMachine, c.id, {
      ref: c.seq,
      enterprise: c.enterprise,
      credit: ent.credit,
      direction: c.direction,
      violation: c.violation,
      revenueAtStake: c.revenueAtStake,
      arrivalAt: c.arrivalAt,
      here,
    } satisfies ConsignmentInput);
    if (opts.declarations) {
      sim.record(c.id, declaredRecord(c, factory.identity(c), ent.credit));
      // a truck that is here when it is made (lodging at arrival) gets no ARRIVED: a stream reader
      // still sees every arrival as its own line
      if (here) sim.record(c.id, { type: 'consignment.arrived', ref: c.seq });
    }
    if (!here) sim.at(c.arrivalAt, arrive, slot);
    else truckIn();
    const erp = d.useErp && ent.erp;
    slot.entryError = c.uEntryError < (erp ? world.times.erpErrorRate : world.times.manualErrorRate);
    sim.sendAfter(erp ? c.erpEntryS : c.manualEntryS, enterprises[c.enterprise], { type: 'LODGE', ref: c.seq } satisfies EnterpriseEvent);
  };
  const arrive = (slot: Slot): void => {
    truckIn();
    sim.send(slot.entity, { type: 'ARRIVED', at: sim.now } satisfies ConsignmentEvent);
  };

  // Arrival times come in order from the `arrivals` stream; with pre-lodging a consignment is
  // materialised when its declaration starts (arrival − lead), which may be out of arrival order:
  // its draws are indexed by its number, so that does not matter.
  const generate = (): void => {
    const at = nextArrival;
    const seq = state.created++;
    const a = new Arrival(seq, ids.next(), at);
    const spawnAt = prelodge ? Math.max(sim.now, at - factory.leadS(seq, streams)) : at;
    if (spawnAt <= sim.now) spawn(a);
    else sim.at(spawnAt, spawn, a);
    scheduleNext(process.next(at, arrivalRng));
  };
  const scheduleNext = (at: number): void => {
    if (at < world.arrivalsUntil && state.created < world.maxConsignments) {
      nextArrival = at;
      sim.at(Math.max(sim.now, at - lookAhead), generate, undefined);
    } else state.over = true;
  };
  scheduleNext(nextArrival);
  return state;
}

/**
 * What customs sees of a consignment when its declaration is prepared: the declared items, the
 * truck and container identities, the enterprise. (The hidden truth is not in it; it is in the
 * `consignment.closed` record, for reports.)
 */
function declaredRecord(c: Consignment, id: ConsignmentIdentity, credit: number) {
  return {
    type: 'consignment.declared',
    ref: c.seq,
    enterprise: c.enterprise,
    credit,
    direction: c.direction,
    arrival_at: c.arrivalAt,
    plate: id.plate,
    eplate: id.eplate,
    driver_card: id.driverCard,
    container: id.container,
    seal: id.seal,
    declared_gross_kg: c.declaredGrossKg,
    items: c.items.map((it) => ({
      hs: HS_HEADINGS[it.heading].code,
      origin: ORIGINS[it.origin].code,
      qty: it.qty,
      weight_kg: it.weightKg,
      value_usd: it.valueUsd,
    })),
  };
}

/** Largest value a distribution can give (Infinity when unbounded). */
function upperBound(spec: DistSpec): number {
  switch (spec.dist) {
    case 'constant':
      return spec.value;
    case 'uniform':
    case 'triangular':
      return spec.max;
    case 'empirical':
      return Math.max(...spec.values);
    default:
      return Infinity;
  }
}
