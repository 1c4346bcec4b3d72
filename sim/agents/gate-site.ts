/**
 * Site wiring for a single gate: trucks (machines) arrive by a Poisson process, ask the gate for
 * a lane, are served and leave. The world reacts to what trucks emit and answers with events;
 * the gate's lanes are a kernel Resource with an optional shift calendar.
 *
 * Random streams (named by purpose, so that policies share them): `arrivals` for arrival times,
 * `service.gate` for each truck's service time, drawn when the truck appears.
 */
import type { DistSpec } from '../kernel/distribution-spec.js';
import { sampler } from '../kernel/distributions.js';
import { HourlyProfileArrivals, PoissonArrivals, type ArrivalProcess } from '../kernel/arrivals.js';
import { Resource, type ShiftWindow } from '../kernel/resource.js';
import { IdSequence } from '../kernel/id-sequence.js';
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import { truckMachine, type TruckEmitted, type TruckEvent } from './mmc-gate-truck.machine.js';

export interface GateSiteConfig {
  lanes: number;
  discipline?: 'fifo' | 'priority';
  /** lanes open by time of day; `lanes` applies outside the windows */
  shifts?: readonly { from: string; to: string; lanes: number }[];
  /** service time per truck, seconds */
  service: DistSpec;
  arrivals: { perHour: number } | { profilePerHour: readonly number[] };
  /** no arrivals at or after this time (s) */
  arrivalsUntil: number;
  /** no more than this many trucks */
  maxTrucks: number;
}

export interface GateSite {
  readonly lanes: Resource<Entity>;
  /** trucks created so far */
  readonly trucks: number;
}

/** Stream event recorded when the number of open lanes changes (and once at the start). */
export interface GateCapacityEvent {
  type: 'gate.capacity';
  lanes: number;
  [k: string]: unknown;
}

export function buildGateSite(sim: Simulation, cfg: GateSiteConfig): GateSite {
  const calendar: ShiftWindow[] | undefined = cfg.shifts?.map((w) => ({ from: w.from, to: w.to, capacity: w.lanes }));
  const lanes = new Resource<Entity>(sim, {
    name: 'gate',
    capacity: cfg.lanes,
    discipline: cfg.discipline ?? 'fifo',
    calendar,
    onCapacityChange: (n) => sim.record('gate', { type: 'gate.capacity', lanes: n } satisfies GateCapacityEvent),
    stats: 'none', // the event stream's metrics measure waits, queues and utilisation
  });
  sim.record('gate', { type: 'gate.capacity', lanes: lanes.capacity } satisfies GateCapacityEvent);

  const arrivalRng = sim.rng.stream('arrivals');
  const serviceRng = sim.rng.stream('service.gate');
  const process: ArrivalProcess = 'perHour' in cfg.arrivals ? new PoissonArrivals(cfg.arrivals.perHour) : new HourlyProfileArrivals(cfg.arrivals.profilePerHour);
  const drawService = sampler(cfg.service);

  const grant = (truck: Entity, lane: number) => sim.send(truck, { type: 'LANE_ASSIGNED', lane, at: sim.now } satisfies TruckEvent);
  sim.on('truck.arrived', (truck) => lanes.request(truck, grant));
  const ids = new IdSequence('T');
  let present = 0;
  let arrivalsOver = false;
  const openEnded = !Number.isFinite(cfg.arrivalsUntil);
  sim.on<Extract<TruckEmitted, { type: 'truck.exited' }>>('truck.exited', (_truck, ev) => {
    lanes.release(ev.lane);
    // an open-ended run (until the last truck leaves) would otherwise be kept going forever by the
    // shift calendar's timer; a run with a time horizon keeps its calendar to the end
    if (--present === 0 && arrivalsOver && openEnded) lanes.dispose();
  });

  const arrive = (): void => {
    present++;
    sim.spawn(truckMachine, ids.next(), { serviceS: drawService(serviceRng), arrivedAt: sim.now });
    next();
  };
  const next = (): void => {
    const t = ids.count < cfg.maxTrucks ? process.next(sim.now, arrivalRng) : Infinity;
    if (t < cfg.arrivalsUntil) sim.at(t, arrive, undefined);
    else {
      arrivalsOver = true;
      if (present === 0 && openEnded) lanes.dispose();
    }
  };
  next();

  return {
    lanes,
    get trucks() {
      return ids.count;
    },
  };
}
