/**
 * A port's customs site, wired: enterprises declare, the risk engine routes declarations to
 * channels, officers review, scanners scan, inspectors open containers, and trucks leave through
 * manual or smart exit lanes. Every actor with a life of its own is an XState machine
 * (consignment, enterprise, officer, scanner, gate lane); this file is the world between them:
 * it answers what machines ask for (`consignment.needs_*`) with queues, officers and timers.
 * The customs rules it applies live in sim/supervision/, one file per rule: random control
 * (random-control.ts), capacity-aware channel filling (channel-capacity.ts), the second review
 * (second-review.ts), the blue-channel audit (blue-channel-audit.ts), the re-check of green
 * releases (green-recheck.ts), the inspection notice with information sharing
 * (inspection-notice.ts), the smart-lane verdict (gate-check.ts). Lanes and scanners are
 * port-lanes.ts, arrivals port-arrivals.ts.
 *
 * Random streams, named by purpose so that every policy on a seed sees the same world:
 * `population` (enterprises, fleet), `arrivals`, `demand.enterprise`, `cargo`, `truth`,
 * `identity`, `work` and `luck` (per consignment, drawn in arrival order whatever the policy),
 * `officers.<role>` (officer skills), `dispatch.<role>` (double-random dispatch).
 */
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import type { ResourceReport } from '../kernel/resource.js';
import { blueChannelAudit } from '../supervision/blue-channel-audit.js';
import { channelSelectorOptions, roleStaffed } from '../supervision/channel-capacity.js';
import { ChannelSelector } from '../supervision/channel-selector.js';
import { ConsignmentFactory, consignmentStreams, type ConsignmentStreams } from '../supervision/consignment.js';
import { rechecksGreenRelease, recheckFinds } from '../supervision/green-recheck.js';
import { inspectionNoticeDelayS } from '../supervision/inspection-notice.js';
import { drawPopulation, type Population } from '../supervision/population.js';
import type { PolicySpec, PortConfig } from '../supervision/port-config.js';
import { pickedForRandomControl, randomControlRates } from '../supervision/random-control.js';
import { RiskTable, declarationFeatures } from '../supervision/risk-engine.js';
import { RISK_FEATURE_NAMES } from '../supervision/risk-features.js';
import { channelAfterSecondReview, needsSecondReview, secondReviewThreshold } from '../supervision/second-review.js';
import { CH_RED, CH_YELLOW, ROLES, R_DOC, R_IMAGE, R_PHYSICAL, R_RISK, T_IMAGE, T_PHYSICAL, T_RECHECK, T_REVIEW, T_SECOND_REVIEW, V_NONE, seizable } from '../supervision/vocabulary.js';
import type { LaneFrameTap, WireCounts } from '../../hardware-emu/smart-lane.js';
import type { ConsignmentClosed, ConsignmentEvent } from './consignment.machine.js';
import { enterpriseMachine, type EnterpriseEmitted, type EnterpriseEvent } from './enterprise.machine.js';
import type { OfficerEmitted } from './officer.machine.js';
import { OfficerPool, Task, type PoolReport } from './officer-pool.js';
import { wirePortArrivals } from './port-arrivals.js';
import { wirePortLanes } from './port-lanes.js';
import { PortCounts, wirePortStatistics } from './port-statistics.js';
import type { Slot } from './port-slot.js';

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
  const counts = new PortCounts();
  const truckIn = (): void => counts.truckIn(sim.now);

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
  // staffing windows do not change during a run: which roles have officers at all, once
  const riskStaffed = roleStaffed(policy, R_RISK);
  const physicalStaffed = roleStaffed(policy, R_PHYSICAL);
  const docStaffed = roleStaffed(policy, R_DOC);
  const selector = new ChannelSelector(channelSelectorOptions(policy, world.times));

  // ---- officers ------------------------------------------------------------------------------
  let nextOfficer = 0;
  const pools: OfficerPool[] = [];
  const poolOfOfficer: OfficerPool[] = [];
  const makePool = (role: number): OfficerPool => {
    const name = ROLES[role];
    const skill = role === R_DOC ? world.skills.doc : role === R_IMAGE ? world.skills.image : role === R_PHYSICAL ? world.skills.physical : world.skills.risk;
    const pool = new OfficerPool(sim, name, role, policy.staffing[name], skill, nextOfficer, rng.stream(`officers.${name}`), rng.stream(`dispatch.${name}`), onTaskDone);
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
        const found = recheckFinds(suspect, c.violation, slot.found);
        counts.pendingRechecks--;
        if (open_) sim.send(slot.entity, { type: 'RECHECKED', at, suspect } satisfies ConsignmentEvent);
        else if (found) sim.send(enterprises[c.enterprise], { type: 'FINDING', seizure: seizable(c.violation) } satisfies EnterpriseEvent);
        sim.record(c.id, { type: 'recheck.done', ref: c.seq, arrived_at: c.arrivalAt, found, after_close: !open_, violation: c.violation, revenue: found ? c.revenueAtStake : 0 });
        release(slot);
        break;
      }
    }
  }

  // ---- scanners and lanes --------------------------------------------------------------------
  const lanes = wirePortLanes(sim, cfg, opts, factory, open);

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
  sim.on<Ask>('consignment.needs_scan', (_e, ev) => lanes.scan(slotOf(ev.ref)));
  const inPlace = (slot: Slot): void => sim.send(slot.entity, { type: 'IN_PLACE', at: sim.now } satisfies ConsignmentEvent);
  sim.on<Ask>('consignment.needs_move', (_e, ev) => {
    const slot = slotOf(ev.ref);
    // a truck diverted at the gate is already in the officers' hands; otherwise the inspection
    // notice reaches the enterprise, which has the container moved once it is at the port
    if (slot.atGate) sim.schedule(slot.c.moveS, inPlace, slot);
    else sim.sendAfter(inspectionNoticeDelayS(policy.infoSharing, slot.c.noticeS), enterprises[slot.c.enterprise], { type: 'HOLD', ref: slot.c.seq } satisfies EnterpriseEvent);
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
  sim.on<Ask>('consignment.at_gate', (_e, ev) => lanes.toGate(slotOf(ev.ref)));
  sim.on<ConsignmentClosed>('consignment.closed', (_e, ev) => {
    counts.closed++;
    counts.truckOut(sim.now);
    release(open.get(ev.ref)!);
  });
  function release(slot: Slot): void {
    if (--slot.holds === 0) {
      open.delete(slot.c.seq);
      factory.pool.release(slot.c);
    }
  }

  // ---- declaration and risk decision ---------------------------------------------------------
  sim.on<Extract<EnterpriseEmitted, { type: 'enterprise.lodged' }>>('enterprise.lodged', (_e, ev) => {
    const slot = slotOf(ev.ref);
    sim.send(slot.entity, { type: 'LODGED', at: sim.now } satisfies ConsignmentEvent);
    const c = slot.c;
    // the three documents: a typing error or a manifest that disagrees is a hit on that profile
    slot.bits = declarationFeatures(c, population.enterprises[c.enterprise], slot.entryError || c.manifestMismatch);
    slot.score = table.score(slot.bits);
    sim.schedule(c.screenS, screened, slot);
  });
  const secondReview = secondReviewThreshold(risk.model, risk.secondReviewScore);
  const randomRate = randomControlRates(risk);
  function screened(slot: Slot): void {
    const c = slot.c;
    const credit = population.enterprises[c.enterprise].credit;
    // ties between equal scores are broken by the consignment's own draw
    const code = selector.decide(sim.now, slot.score * (1 + 0.02 * c.uTie), pickedForRandomControl(c.uRandom, credit, randomRate));
    slot.decision = code;
    if (needsSecondReview(slot.score, secondReview, code & 7, riskStaffed)) {
      counts.pendingSecondReview++;
      riskPool.submit(new Task(T_SECOND_REVIEW, c.seq, c.secondReviewS, c.violation, c.uSecond, sim.now), true);
    } else finishDecision(slot, 0);
  }
  /** `review`: +1 the second review confirmed the suspicion, −1 it did not, 0 none was made */
  function finishDecision(slot: Slot, review: number): void {
    if (review !== 0) counts.pendingSecondReview--;
    const c = slot.c;
    const channel = channelAfterSecondReview(slot.decision & 7, review, physicalStaffed, hasScanner);
    slot.channel = channel;
    const credit = population.enterprises[c.enterprise].credit;
    const audit = blueChannelAudit(channel, credit, c.violation, c.uAuditSelect, c.uAudit, policy.auditRate, world.skills.audit.detect);
    if (rechecksGreenRelease(channel, c.uRecheck, risk.recheckRate, docStaffed)) {
      slot.holds++;
      counts.pendingRechecks++;
      selector.addLoad(CH_YELLOW);
      docPool.submit(new Task(T_RECHECK, c.seq, c.recheckS, c.violation, c.uReview, sim.now), false);
    }
    // why the risk engine routed it: for readers of the stream (the viewer's panel, trainers)
    if (opts.declarations) sim.record(c.id, { type: 'consignment.scored', ref: c.seq, score: slot.score, rules: RISK_FEATURE_NAMES.filter((_, k) => (slot.bits >> k) & 1) });
    sim.send(slot.entity, { type: 'DECIDED', at: sim.now, channel, selection: slot.decision >> 3, audit } satisfies ConsignmentEvent);
  }

  // ---- arrivals ------------------------------------------------------------------------------
  const arrivals = wirePortArrivals(sim, cfg, opts, { factory, streams, population, enterprises, open, truckIn });

  // ---- statistics ----------------------------------------------------------------------------
  const stats = wirePortStatistics(sim, world.warmupS, { counts, arrivals, open, lanes, pools, selector, table });
  return {
    get created() {
      return arrivals.created;
    },
    get closed() {
      return counts.closed;
    },
    get open() {
      return arrivals.created - counts.closed + counts.pendingRechecks;
    },
    get arrivalsOver() {
      return arrivals.over;
    },
    population,
    wire: lanes.devices.wire,
    report: () => stats.report(),
    final: () => stats.final(),
  };
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
