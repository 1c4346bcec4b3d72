/**
 * A port's customs site, wired: enterprises declare, the risk engine routes declarations to
 * channels, officers review, scanners scan, inspectors open containers, and trucks leave through
 * manual or smart exit lanes. Every actor with a life of its own is an XState machine
 * (consignment, enterprise, officer, scanner, gate lane); this file is the world between them:
 * it answers what machines ask for (`consignment.needs_*`) with queues, officers and timers.
 *
 * Random streams, named by purpose so that every policy on a seed sees the same world:
 * `population` (enterprises, fleet), `arrivals`, `demand.enterprise`, `cargo`, `truth`,
 * `identity`, `work` and `luck` (per consignment, drawn in arrival order whatever the policy),
 * `officers.<role>` (officer skills), `dispatch.<role>` (double-random dispatch).
 */
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import { HourlyProfileArrivals, PoissonArrivals, type ArrivalProcess } from '../kernel/arrivals.js';
import { describeMean } from '../kernel/distributions.js';
import type { DistSpec } from '../kernel/distribution-spec.js';
import { IdSequence } from '../kernel/id-sequence.js';
import { Resource, timeOfDaySeconds, type ResourceReport, type ShiftWindow } from '../kernel/resource.js';
import { Priority } from '../kernel/scheduler.js';
import { TimeWeighted } from '../kernel/stats.js';
import { ChannelSelector } from '../supervision/channel-selector.js';
import {
  ConsignmentFactory,
  MAX_LEAD_S,
  consignmentStreams,
  type Consignment,
  type ConsignmentIdentity,
  type ConsignmentStreams,
} from '../supervision/consignment.js';
import { drawPopulation, type Population } from '../supervision/population.js';
import type { PolicySpec, PortConfig, StaffWindow } from '../supervision/port-config.js';
import { RiskTable, declarationFeatures } from '../supervision/risk-engine.js';
import { HS_HEADINGS, ORIGINS } from '../supervision/hs-catalog.js';
import { RISK_FEATURE_NAMES } from '../supervision/risk-features.js';
import {
  CHANNELS,
  CH_BLUE,
  CH_GREEN,
  CH_ORANGE,
  CH_RED,
  CH_YELLOW,
  CREDIT_CLASSES,
  ROLES,
  R_DOC,
  R_IMAGE,
  R_PHYSICAL,
  R_RISK,
  T_IMAGE,
  T_PHYSICAL,
  T_RECHECK,
  T_REVIEW,
  T_SECOND_REVIEW,
  VIOLATIONS,
  V_NONE,
  seizable,
  type ViolationType,
} from '../supervision/vocabulary.js';
import { consignmentMachine, type ConsignmentClosed, type ConsignmentEvent, type ConsignmentInput } from './consignment.machine.js';
import { enterpriseMachine, type EnterpriseEmitted, type EnterpriseEvent } from './enterprise.machine.js';
import { gateLaneMachine, type GateLaneEmitted, type GateLaneEvent } from './gate-lane.machine.js';
import type { OfficerEmitted } from './officer.machine.js';
import { OfficerPool, Task, type PoolReport } from './officer-pool.js';
import { scannerMachine, type ScannerEmitted, type ScannerEvent } from './scanner.machine.js';
import { checkGatherInfo, gatherReply, type GateVerdict } from '../supervision/gate-check.js';
import { SmartLaneDevices, type LaneFrameTap, type WireCounts } from '../../hardware-emu/smart-lane.js';
import type { GatherInfo } from '../../hardware-emu/gate-frontend/gather-info.js';
import { H986Devices } from '../../hardware-emu/scanner/h986-device.js';
import type { ScanInput } from '../../hardware-emu/scanner/h986.js';
import { scanSubject, SIM_SIZE_TYPE } from '../supervision/scan-subject.js';
import { IndexedStreams } from '../kernel/rng.js';

const DAY = 86400;
/** a manual lane: the officer checks by eye, no device verdict */
const MANUAL_CHECK: GateVerdict = { release: true, misread: false, divert: false, hold: '' };
const HOUR = 3600;
/** capacity-aware selection plans on officers being busy this share of their shift */
const PLANNED_UTILISATION = 0.85;

/** A consignment known by its arrival time, not yet materialised. */
class Arrival {
  constructor(
    readonly seq: number,
    readonly id: string,
    readonly at: number,
  ) {}
}

/** The world's record of a consignment in the system. */
class Slot {
  entity: Entity;
  c: Consignment;
  bits = 0;
  score = 0;
  entryError = false;
  /** the closed line is out and no re-check is pending */
  holds = 1;
  lane = -1;
  smart = false;
  atGate = false;
  /** channel of the risk decision, −1 before */
  channel = -1;
  /** a physical inspection was asked for (a red decision's first one is in its budget already) */
  referred = false;
  /** a violation was found in it (so a late re-check cannot find it twice) */
  found = false;
  /** the selector's decision (channel + 8 × selection) while a second review is pending */
  decision = 0;
  constructor(entity: Entity, c: Consignment) {
    this.entity = entity;
    this.c = c;
  }
}

export interface SiteReport {
  type: 'site.report';
  since_s: number;
  until_s: number;
  consignments_created: number;
  consignments_closed: number;
  in_system: number;
  /** trucks at the port (arrived and not gone) since the statistics began */
  trucks_present: { now: number; mean: number; max: number; arrivals: number };
  resources: ResourceReport[];
  officers: PoolReport[];
  risk: { model: string; updates: number; weights: Record<string, number>; thresholds: Record<string, number> };
  [k: string]: unknown;
}

export interface SiteFinal {
  type: 'site.final';
  at_s: number;
  consignments_created: number;
  consignments_closed: number;
  in_system: number;
  [k: string]: unknown;
}

export interface PortSite {
  /** consignments created so far */
  readonly created: number;
  /** consignments whose journey has ended (released and exited, or seized) */
  readonly closed: number;
  /** consignments created and not closed, plus re-checks still to do: the run is over at 0 */
  readonly open: number;
  /** no more arrivals will come */
  readonly arrivalsOver: boolean;
  readonly population: Population;
  /** writes `site.report` (resources, officers, risk table) to the stream and returns it */
  report(): SiteReport;
  /** writes `site.final` (counts at the end of the run) to the stream and returns it */
  final(): SiteFinal;
  /** frames and bytes the smart lanes' devices sent over the wire, by format (empty unless `hardware: wire`) */
  readonly wire: WireCounts;
}

export interface PortSiteOptions {
  /** write `consignment.declared` (declared items and identities) to the stream: for readers of the stream, not for metrics */
  declarations?: boolean;
  /** sees the bytes of every frame a smart lane's devices send (`hardware: wire` only): a site recorder's feed */
  deviceTap?: LaneFrameTap;
  /**
   * A trainee's verdicts in place of the simulated officer's (the officer trainer): asked when a
   * document review or an image analysis ends, and when a smart lane holds a truck for the lane's
   * officer, with the simulated verdict; `undefined` keeps it. `true` is "suspect": query or
   * refer, a marked image, a truck held for inspection.
   */
  officerDecision?: (check: OfficerCheck, ref: number, simulated: boolean) => boolean | undefined;
}

/** The officers' checks a trainee can take over. */
export type OfficerCheck = 'review' | 'image' | 'gate';

export function buildPortSite(sim: Simulation, cfg: PortConfig, opts: PortSiteOptions = {}): PortSite {
  const { world, policy } = cfg;
  const unstaffed = staffingGaps(policy);
  if (unstaffed.length > 0) throw new Error(`policy '${policy.name}': ${unstaffed.join('; ')}`);
  const rng = sim.rng;
  const population = drawPopulation(world.population, world.truth, rng.stream('population'));
  const streams: ConsignmentStreams = consignmentStreams(rng.seed);
  const factory = new ConsignmentFactory(population, world.truth, world.times, world.importShare, world.population.eplateShare, streams.identity);
  const open = new Map<number, Slot>();
  let created = 0;
  let closed = 0;
  let statsSince = 0;
  /** re-checks submitted and not done (they may outlive their consignment) */
  let pendingRechecks = 0;
  // trucks at the port (arrived, not yet gone): Little's law for the whole site
  let present = 0;
  let arrivalsSince = 0;
  const presentTw = new TimeWeighted(0, 0);
  const truckIn = (): void => {
    presentTw.update(sim.now, ++present);
    arrivalsSince++;
  };

  // ---- enterprises ---------------------------------------------------------------------------
  const enterprises: Entity[] = population.enterprises.map((e) =>
    sim.spawn(enterpriseMachine, e.id, { index: e.index, credit: e.credit }),
  );
  sim.on<Extract<EnterpriseEmitted, { type: 'enterprise.credit_changed' }>>('enterprise.credit_changed', (_e, ev) => {
    population.enterprises[ev.enterprise].credit = ev.credit;
  });

  // ---- risk engine ---------------------------------------------------------------------------
  const risk = policy.risk;
  const table = new RiskTable(risk.model, risk.weights, risk.learningRate);
  const hasScanner = policy.inspection.scanners > 0;
  const staffed = (role: number) => policy.staffing[ROLES[role]].some((w) => w.officers > 0);
  const capacity = (role: number, work: number) =>
    staffed(role) ? (officerSecondsPerDay(policy.staffing[ROLES[role]]) * PLANNED_UTILISATION) / work : 0;
  const t = world.times;
  const scanCap = hasScanner ? Math.min((policy.inspection.scanners * DAY * PLANNED_UTILISATION) / describeMean(t.scanS), capacity(R_IMAGE, describeMean(t.imageAnalysisS))) : 0;
  const selector = new ChannelSelector({
    targets: [risk.targets.red, hasScanner ? risk.targets.orange : 0, risk.targets.yellow, risk.targets.blue],
    dailyCapacity: [
      capacity(R_PHYSICAL, describeMean(t.physicalS)),
      scanCap,
      capacity(R_DOC, describeMean(t.docReviewS)),
      Infinity, // blue costs nothing at the site
    ],
    randomOnly: risk.model === 'random',
    reviewAll: risk.reviewAll,
    randomChannel: policy.inspection.scannerFirst && hasScanner ? CH_ORANGE : CH_RED,
    capacityAware: risk.capacityAware,
  });

  // ---- officers ------------------------------------------------------------------------------
  let nextOfficer = 0;
  const pools: OfficerPool[] = [];
  const poolOfOfficer: OfficerPool[] = [];
  const makePool = (role: number): OfficerPool => {
    const name = ROLES[role];
    const skill = role === R_DOC ? world.skills.doc : role === R_IMAGE ? world.skills.image : role === R_PHYSICAL ? world.skills.physical : world.skills.risk;
    const pool = new OfficerPool(
      sim,
      name,
      role,
      policy.staffing[name],
      skill,
      nextOfficer,
      rng.stream(`officers.${name}`),
      rng.stream(`dispatch.${name}`),
      onTaskDone,
    );
    for (let i = 0; i < pool.size; i++) poolOfOfficer.push(pool);
    nextOfficer += pool.size;
    pools.push(pool);
    return pool;
  };
  const docPool = makePool(R_DOC);
  const imagePool = makePool(R_IMAGE);
  const physicalPool = makePool(R_PHYSICAL);
  const riskPool = makePool(R_RISK);
  sim.on<Extract<OfficerEmitted, { type: 'officer.task_done' }>>('officer.task_done', (_o, ev) => {
    poolOfOfficer[ev.officer].done(ev.officer, ev.suspect);
  });

  const decide = opts.officerDecision;
  function onTaskDone(task: Task, suspect: boolean): void {
    const slot = open.get(task.ref);
    if (slot === undefined) return;
    const at = sim.now;
    if (decide !== undefined && (task.kind === T_REVIEW || task.kind === T_IMAGE)) suspect = decide(task.kind === T_REVIEW ? 'review' : 'image', task.ref, suspect) ?? suspect;
    switch (task.kind) {
      case T_REVIEW:
        if (!suspect) table.learn(slot.bits, false);
        sim.send(slot.entity, { type: 'REVIEWED', at, suspect } satisfies ConsignmentEvent);
        break;
      case T_IMAGE:
        if (!suspect) table.learn(slot.bits, false);
        sim.send(slot.entity, { type: 'IMAGE_DONE', at, suspect } satisfies ConsignmentEvent);
        break;
      case T_PHYSICAL:
        table.learn(slot.bits, suspect && slot.c.violation !== V_NONE);
        sim.send(slot.entity, { type: 'INSPECTED', at, suspect } satisfies ConsignmentEvent);
        break;
      case T_SECOND_REVIEW:
        finishDecision(slot, suspect ? 1 : -1);
        break;
      case T_RECHECK: {
        const c = slot.c;
        const open_ = slot.holds === 2;
        // found only if nothing found it before (a gate diversion, say): one catch per consignment
        const found = suspect && c.violation !== V_NONE && !slot.found;
        pendingRechecks--;
        if (open_) sim.send(slot.entity, { type: 'RECHECKED', at, suspect } satisfies ConsignmentEvent);
        else if (found) sim.send(enterprises[c.enterprise], { type: 'FINDING', seizure: seizable(c.violation) } satisfies EnterpriseEvent);
        sim.record(c.id, { type: 'recheck.done', ref: c.seq, arrived_at: c.arrivalAt, found, after_close: !open_, violation: c.violation, revenue: found ? c.revenueAtStake : 0 });
        release(slot);
        break;
      }
    }
  }

  // ---- scanners and lanes --------------------------------------------------------------------
  const scanners = new Resource<Slot>(sim, { name: 'scanner', capacity: policy.inspection.scanners, stats: 'moments' });
  const scannerEntities = Array.from({ length: policy.inspection.scanners }, (_, i) => sim.spawn(scannerMachine, `S${i}`, { index: i }));
  const laneInput = (index: number, smart: boolean) => ({ index, smart });
  const devices = new SmartLaneDevices(rng.seed, { misreadRate: policy.gate.misreadRate }, world.hardware ?? 'in-process', { tap: opts.deviceTap });
  const scanDevices = new H986Devices(rng.seed, devices.mode, devices.wire);
  const scanStreams = new IndexedStreams(rng.seed, 'scanner.subject');
  const smartLanes = new Resource<Slot>(sim, { name: 'gate.smart', capacity: policy.gate.smartLanes, stats: 'moments' });
  const smartEntities = Array.from({ length: policy.gate.smartLanes }, (_, i) => sim.spawn(gateLaneMachine, `GS${i}`, laneInput(i, true)));
  const gateStaff = policy.staffing.gate_officer;
  const manualLanes = new Resource<Slot>(sim, {
    name: 'gate.manual',
    capacity: 0,
    calendar: manualLaneCalendar(gateStaff, policy.gate.manualLanes),
    stats: 'moments',
  });
  const manualEntities = Array.from({ length: policy.gate.manualLanes }, (_, i) => sim.spawn(gateLaneMachine, `GM${i}`, laneInput(i, false)));

  const grantScan = (slot: Slot, server: number): void => {
    const c = slot.c;
    // what the picture shows matters only to a reader of the stream or to the wire
    if (opts.declarations || scanDevices.mode === 'wire') {
      const subject = scanSubject(c, factory.identity(c).container, sim.now, scanStreams.at(c.seq));
      scanDevices.scan(c.seq, subject, c.scanS);
      if (opts.declarations) sim.record(c.id, scanRecord(c.seq, server, subject));
    }
    sim.send(scannerEntities[server], { type: 'SCAN', ref: slot.c.seq, scanS: slot.c.scanS } satisfies ScannerEvent);
  };
  sim.on<Extract<ScannerEmitted, { type: 'scanner.image_ready' }>>('scanner.image_ready', (_s, ev) => {
    scanners.release(ev.scanner);
    const slot = open.get(ev.ref)!;
    sim.send(slot.entity, { type: 'SCANNED', at: sim.now } satisfies ConsignmentEvent);
  });
  const grantLane = (slot: Slot, server: number, smart: boolean): void => {
    slot.lane = server;
    slot.smart = smart;
    slot.atGate = true;
    const c = slot.c;
    sim.send(slot.entity, { type: 'LANE', at: sim.now, lane: server, smart } satisfies ConsignmentEvent);
    // a manual lane's officer checks papers, seal and plate by eye; a smart lane's devices read
    const v = smart ? smartLaneVerdict(slot, server) : MANUAL_CHECK;
    sim.send((smart ? smartEntities : manualEntities)[server], {
      type: 'PASS',
      ref: c.seq,
      passS: smart ? c.smartGateS : c.manualGateS,
      fixS: c.misreadFixS,
      misread: v.misread,
      divert: v.divert,
      hold: v.hold,
    } satisfies GateLaneEvent);
  };
  const smartLaneVerdict = (slot: Slot, server: number): GateVerdict => {
    const c = slot.c;
    const id = factory.identity(c);
    const lane = smartEntities[server].id;
    // on the deck: the vehicle, and the cargo as it truly weighs off its paper figure (fuel, dunnage)
    const info = devices.read(c.seq, {
      at: sim.now, lane, plate: id.plate, ePlate: id.eplate === '' ? undefined : id.eplate, containerNumber: id.container, sizeType: SIM_SIZE_TYPE, seal: id.seal,
      grossKg: id.vehicleKg + c.trueGrossKg * (1 + c.weighNoise), tareKg: id.vehicleKg, driverCard: id.driverCard,
    });
    const v = checkGatherInfo(info, { plate: id.plate, eplate: id.eplate, container: id.container, seal: id.seal, declaredGrossKg: c.declaredGrossKg }, world.weightTolerance);
    if (devices.mode === 'wire') devices.reply(lane, gatherReply(info, v), sim.now);
    if (opts.declarations) sim.record(c.id, gatheredRecord(c.seq, lane, info, v));
    // a held truck is the lane officer's: to inspection, or released after a check by hand
    const held = decide !== undefined && !v.release ? decide('gate', c.seq, v.divert) : undefined;
    return held === undefined || held === v.divert ? v : { ...v, divert: held, misread: v.misread || !held };
  };
  const grantSmart = (slot: Slot, server: number) => grantLane(slot, server, true);
  const grantManual = (slot: Slot, server: number) => grantLane(slot, server, false);
  sim.on<Extract<GateLaneEmitted, { type: 'lane.passed' }>>('lane.passed', (_l, ev) => {
    (ev.smart ? smartLanes : manualLanes).release(ev.lane);
    if (ev.smart) devices.left(smartEntities[ev.lane].id, ev.misread, sim.now);
    const slot = open.get(ev.ref)!;
    sim.send(slot.entity, { type: 'GATE_DONE', at: sim.now, divert: ev.divert, misread: ev.misread, passS: ev.pass_s } satisfies ConsignmentEvent);
  });

  // ---- what consignments ask for -------------------------------------------------------------
  const slotOf = (ref: number): Slot => open.get(ref)!;
  type Ask = { type: string; ref: number };
  sim.on<Ask>('consignment.needs_review', (_e, ev) => {
    const c = slotOf(ev.ref).c;
    docPool.submit(new Task(T_REVIEW, c.seq, c.reviewS, c.violation, c.uReview, sim.now), true);
  });
  sim.on<Ask>('consignment.needs_image', (_e, ev) => {
    const c = slotOf(ev.ref).c;
    imagePool.submit(new Task(T_IMAGE, c.seq, c.imageS, c.violation, c.uImage, sim.now), true);
  });
  sim.on<Ask>('consignment.needs_physical', (_e, ev) => {
    const slot = slotOf(ev.ref);
    const c = slot.c;
    // a referral (from review, image or gate) takes a physical inspection the day's red budget must leave room for
    if (slot.channel !== CH_RED || slot.referred) selector.addLoad(CH_RED);
    slot.referred = true;
    physicalPool.submit(new Task(T_PHYSICAL, c.seq, c.physicalS, c.violation, c.uPhysical, sim.now), true);
  });
  sim.on<Ask>('consignment.needs_scan', (_e, ev) => scanners.request(slotOf(ev.ref), grantScan));
  const inPlace = (slot: Slot): void => sim.send(slot.entity, { type: 'IN_PLACE', at: sim.now } satisfies ConsignmentEvent);
  sim.on<Ask>('consignment.needs_move', (_e, ev) => {
    const slot = slotOf(ev.ref);
    // a truck diverted at the gate is already in the officers' hands; otherwise the inspection
    // notice reaches the enterprise (and the terminal) at once with information sharing, or
    // after a delay, and the enterprise has the container moved once it is at the port
    if (slot.atGate) sim.schedule(slot.c.moveS, inPlace, slot);
    else sim.sendAfter(policy.infoSharing ? 0 : slot.c.noticeS, enterprises[slot.c.enterprise], { type: 'HOLD', ref: slot.c.seq } satisfies EnterpriseEvent);
  });
  sim.on<Extract<EnterpriseEmitted, { type: 'enterprise.hold_noticed' }>>('enterprise.hold_noticed', (_e, ev) => {
    const slot = slotOf(ev.ref);
    sim.at(Math.max(sim.now, slot.c.arrivalAt) + slot.c.moveS, inPlace, slot);
  });
  const corrected = (slot: Slot): void => sim.send(slot.entity, { type: 'CORRECTED', at: sim.now } satisfies ConsignmentEvent);
  sim.on<Ask>('consignment.needs_correction', (_e, ev) => {
    const slot = slotOf(ev.ref);
    sim.schedule(slot.c.correctionS, corrected, slot);
  });
  sim.on<{ type: string; ref: number; enterprise: number; seizure: boolean }>('consignment.finding', (_e, ev) => {
    slotOf(ev.ref).found = true;
    sim.send(enterprises[ev.enterprise], { type: 'FINDING', seizure: ev.seizure } satisfies EnterpriseEvent);
  });
  sim.on<Ask>('consignment.at_gate', (_e, ev) => {
    const slot = slotOf(ev.ref);
    const hasEplate = slot.c.hasEplate;
    // a truck without an e-plate takes a manual lane while one is staffed, else a smart lane where
    // an officer checks it by hand (as for a misread)
    if (policy.gate.smartLanes > 0 && (hasEplate || manualLanes.capacity === 0)) smartLanes.request(slot, grantSmart);
    else manualLanes.request(slot, grantManual);
  });
  sim.on<ConsignmentClosed>('consignment.closed', (_e, ev) => {
    closed++;
    presentTw.update(sim.now, --present);
    release(open.get(ev.ref)!);
  });
  function release(slot: Slot): void {
    if (--slot.holds === 0) {
      open.delete(slot.c.seq);
      factory.pool.release(slot.c);
    }
  }

  // ---- declaration and risk decision ---------------------------------------------------------
  const d = policy.declaration;
  sim.on<Extract<EnterpriseEmitted, { type: 'enterprise.lodged' }>>('enterprise.lodged', (_e, ev) => {
    const slot = slotOf(ev.ref);
    sim.send(slot.entity, { type: 'LODGED', at: sim.now } satisfies ConsignmentEvent);
    const c = slot.c;
    // the three documents: a typing error or a manifest that disagrees is a hit on that profile
    slot.bits = declarationFeatures(c, population.enterprises[c.enterprise], slot.entryError || c.manifestMismatch);
    slot.score = table.score(slot.bits);
    sim.schedule(c.screenS, screened, slot);
  });
  const secondReview = risk.model === 'random' ? Infinity : risk.secondReviewScore;
  let pending = 0; // channel decided, waiting for the second review
  const randomRate = CREDIT_CLASSES.map((k) => risk.randomRate[k]);
  function screened(slot: Slot): void {
    const c = slot.c;
    const credit = population.enterprises[c.enterprise].credit;
    // ties between equal scores are broken by the consignment's own draw
    const code = selector.decide(sim.now, slot.score * (1 + 0.02 * c.uTie), c.uRandom < randomRate[credit]);
    const channel = code & 7;
    slot.decision = code;
    if (slot.score >= secondReview && (channel === CH_RED || channel === CH_ORANGE) && staffed(R_RISK)) {
      pending++;
      riskPool.submit(new Task(T_SECOND_REVIEW, c.seq, c.secondReviewS, c.violation, c.uSecond, sim.now), true);
    } else finishDecision(slot, 0);
  }
  /** `review`: +1 the second review confirmed the suspicion, −1 it did not, 0 none was made */
  function finishDecision(slot: Slot, review: number): void {
    if (review !== 0) pending--;
    const c = slot.c;
    let channel = slot.decision & 7;
    const selection = slot.decision >> 3;
    if (review > 0 && staffed(R_PHYSICAL)) channel = CH_RED;
    else if (review < 0) channel = channel === CH_RED && hasScanner ? CH_ORANGE : CH_YELLOW;
    slot.channel = channel;
    let audit = 0;
    if (channel === CH_BLUE) {
      const credit = population.enterprises[c.enterprise].credit;
      if (c.uAuditSelect < policy.auditRate[CREDIT_CLASSES[credit]]) {
        audit = c.violation !== V_NONE && c.uAudit < world.skills.audit.detect[violationKey(c.violation)] ? 2 : 1;
      }
    }
    if (channel === CH_GREEN && c.uRecheck < risk.recheckRate && staffed(R_DOC)) {
      slot.holds++;
      pendingRechecks++;
      selector.addLoad(CH_YELLOW);
      docPool.submit(new Task(T_RECHECK, c.seq, c.recheckS, c.violation, c.uReview, sim.now), false);
    }
    // why the risk engine routed it: for readers of the stream (the viewer's panel, trainers)
    if (opts.declarations) sim.record(c.id, { type: 'consignment.scored', ref: c.seq, score: slot.score, rules: RISK_FEATURE_NAMES.filter((_, k) => (slot.bits >> k) & 1) });
    sim.send(slot.entity, { type: 'DECIDED', at: sim.now, channel, selection, audit } satisfies ConsignmentEvent);
  }

  // ---- arrivals ------------------------------------------------------------------------------
  const process: ArrivalProcess = 'perHour' in world.arrivals ? new PoissonArrivals(world.arrivals.perHour) : new HourlyProfileArrivals(world.arrivals.profilePerHour);
  const arrivalRng = rng.stream('arrivals');
  const ids = new IdSequence('C');
  const prelodge = d.lodge === 'before_arrival';
  const lookAhead = prelodge ? Math.min(MAX_LEAD_S, upperBound(world.times.preArrivalLeadS)) : 0;
  let nextArrival = process.next(0, arrivalRng);
  let arrivalsOver = false;

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
    const seq = created++;
    const a = new Arrival(seq, ids.next(), at);
    const spawnAt = prelodge ? Math.max(sim.now, at - factory.leadS(seq, streams)) : at;
    if (spawnAt <= sim.now) spawn(a);
    else sim.at(spawnAt, spawn, a);
    scheduleNext(process.next(at, arrivalRng));
  };
  const scheduleNext = (at: number): void => {
    if (at < world.arrivalsUntil && created < world.maxConsignments) {
      nextArrival = at;
      sim.at(Math.max(sim.now, at - lookAhead), generate, undefined);
    } else arrivalsOver = true;
  };
  scheduleNext(nextArrival);

  // ---- statistics ----------------------------------------------------------------------------
  const resources = [smartLanes, manualLanes, scanners];
  const resetStats = (): void => {
    statsSince = sim.now;
    for (const r of resources) r.resetStats(sim.now);
    for (const p of pools) p.resetStats(sim.now);
    selector.resetCounts();
    presentTw.reset(sim.now);
    arrivalsSince = 0;
  };
  if (world.warmupS > 0) sim.at(world.warmupS, resetStats, undefined, Priority.calendar);
  const snapshotQueues = (): void => {
    sim.record('site', {
      type: 'site.queues',
      gate_smart: smartLanes.waiting,
      gate_manual: manualLanes.waiting,
      scanner: scanners.waiting,
      doc_reviewer: docPool.waiting,
      image_analyst: imagePool.waiting,
      physical_inspector: physicalPool.waiting,
      risk_analyst: riskPool.waiting,
      in_system: open.size,
      trucks_present: present,
    });
    if (!(arrivalsOver && open.size === 0)) sim.schedule(HOUR, snapshotQueues, undefined);
  };
  sim.at(0, snapshotQueues, undefined);

  return {
    get created() {
      return created;
    },
    get closed() {
      return closed;
    },
    get open() {
      return created - closed + pendingRechecks;
    },
    get arrivalsOver() {
      return arrivalsOver;
    },
    population,
    wire: devices.wire,
    report(): SiteReport {
      const now = sim.now;
      const th = selector.currentThresholds;
      const rep: SiteReport = {
        type: 'site.report',
        since_s: statsSince,
        until_s: now,
        consignments_created: created,
        consignments_closed: closed,
        in_system: created - closed,
        pending_second_review: pending,
        trucks_present: { now: present, mean: presentTw.mean(now), max: presentTw.max, arrivals: arrivalsSince },
        resources: resources.map((r) => r.report(now)),
        officers: pools.map((p) => p.report(now, statsSince)),
        risk: {
          model: table.model,
          updates: table.updates,
          weights: Object.fromEntries(RISK_FEATURE_NAMES.map((n, i) => [n, round(table.weights[i], 4)])),
          thresholds: Object.fromEntries(CHANNELS.slice(0, 4).map((n, i) => [n, round(th[i], 6)])),
        },
      };
      sim.record('site', rep);
      return rep;
    },
    final(): SiteFinal {
      const f: SiteFinal = {
        type: 'site.final',
        at_s: sim.now,
        consignments_created: created,
        consignments_closed: closed,
        in_system: created - closed,
        pending_rechecks: pendingRechecks,
      };
      sim.record('site', f);
      return f;
    },
  };
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

/**
 * What a smart lane read of a truck and what customs decided: for readers of the stream (the
 * viewer's "why did it wait", a gate officer's screen in training), not for metrics.
 */
function gatheredRecord(ref: number, lane: string, info: GatherInfo, v: GateVerdict) {
  return {
    type: 'gate.gathered',
    ref,
    lane,
    seq_no: info.seqNo,
    plate: info.CAR?.VE_NAME ?? '',
    eplate: info.CAR?.CAR_EC_NO ?? '',
    container_front: info.CONTA?.CONTA_ID_F ?? '',
    container_back: info.CONTA?.CONTA_ID_B ?? '',
    eseal: info.SEAL?.ESEAL_ID ?? '',
    // null: the front-end had no weight (JSON has no NaN)
    gross_kg: info.WEIGHT?.GROSS_WT ? Number(info.WEIGHT.GROSS_WT) : null,
    vehicle_kg: info.CAR?.VE_WT ? Number(info.CAR.VE_WT) : null,
    release: v.release,
    hold: v.hold,
  };
}

/**
 * What a scan shows (the scanner behaviour's input: cargo look, and an anomaly if the hidden truth
 * puts one in the picture): for readers of the stream, e.g. to render the image for a trainee.
 */
function scanRecord(ref: number, scanner: number, s: ScanInput) {
  return {
    type: 'scan.subject',
    ref,
    scanner,
    container: s.containerNumber,
    size_type: s.sizeType,
    cargo: s.cargo,
    anomaly: s.anomaly ?? null,
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

function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function violationKey(v: number): ViolationType {
  return VIOLATIONS[v] as ViolationType;
}

/**
 * Work that would wait forever because no officer of the role is ever on duty (the scenario
 * schema refuses these policies with the same rules; this guards configurations built in code).
 */
export function staffingGaps(policy: PolicySpec): string[] {
  const has = (role: (typeof ROLES)[number]) => policy.staffing[role].some((w) => w.officers > 0);
  const gaps: string[] = [];
  if (!has('physical_inspector')) gaps.push('no physical inspector is ever on duty, and every suspicion ends in a physical inspection');
  if (policy.inspection.scanners > 0 && !has('image_analyst')) gaps.push('scanners but no image analyst on duty');
  const t = policy.risk.targets;
  const secondReview = policy.risk.model !== 'random' && policy.risk.secondReviewScore <= 1;
  if ((t.yellow > 0 || policy.risk.reviewAll || policy.risk.recheckRate > 0 || (secondReview && policy.inspection.scanners === 0)) && !has('doc_reviewer')) {
    gaps.push('document reviews but no document reviewer on duty');
  }
  if (secondReview && !has('risk_analyst')) gaps.push('second reviews but no risk analyst on duty');
  if (policy.gate.manualLanes > 0 && !has('gate_officer')) gaps.push('manual lanes but no gate officer on duty');
  if (policy.gate.manualLanes + policy.gate.smartLanes === 0) gaps.push('no gate lane');
  if (t.orange > 0 && policy.inspection.scanners === 0) gaps.push('an orange channel but no scanner');
  return gaps;
}

/** Officer-seconds on duty per day in a role's windows. */
function officerSecondsPerDay(windows: readonly StaffWindow[]): number {
  let s = 0;
  for (const w of windows) {
    const from = timeOfDaySeconds(w.from) % DAY;
    const to = timeOfDaySeconds(w.to) % DAY;
    s += w.officers * (to > from ? to - from : DAY - from + to);
  }
  return s;
}

/** Manual lanes open by time of day: one gate officer per lane, no more lanes than built. */
function manualLaneCalendar(staff: readonly StaffWindow[], lanes: number): ShiftWindow[] {
  if (lanes === 0) return [];
  const cal = staff.map((w) => ({ from: w.from, to: w.to, capacity: Math.min(lanes, w.officers) }));
  return cal.length > 0 ? cal : [{ from: '00:00', to: '24:00', capacity: 0 }];
}
