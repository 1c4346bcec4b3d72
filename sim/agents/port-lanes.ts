/**
 * The port's machines with queues in front: H986 scanners and the exit gate's smart and manual
 * lanes, wired to the consignments that ask for them. A smart lane's devices read the truck and
 * the smart-lane verdict (supervision/gate-check.ts) decides release, misread or diversion; a
 * manual lane's officer checks by eye. The trainee may take over a held truck's verdict.
 */
import type { Simulation } from '../engine/simulation.js';
import { Resource, type ShiftWindow } from '../kernel/resource.js';
import { IndexedStreams } from '../kernel/rng.js';
import type { ConsignmentFactory } from '../supervision/consignment.js';
import { checkGatherInfo, gatherReply, type GateVerdict } from '../supervision/gate-check.js';
import type { PortConfig, StaffWindow } from '../supervision/port-config.js';
import { scanSubject, SIM_SIZE_TYPE } from '../supervision/scan-subject.js';
import { SmartLaneDevices } from '../../hardware-emu/smart-lane.js';
import type { GatherInfo } from '../../hardware-emu/gate-frontend/gather-info.js';
import { H986Devices } from '../../hardware-emu/scanner/h986-device.js';
import type { ScanInput } from '../../hardware-emu/scanner/h986.js';
import type { ConsignmentEvent } from './consignment.machine.js';
import { gateLaneMachine, type GateLaneEmitted, type GateLaneEvent } from './gate-lane.machine.js';
import type { PortSiteOptions } from './port-site.js';
import type { Slot } from './port-slot.js';
import { scannerMachine, type ScannerEmitted, type ScannerEvent } from './scanner.machine.js';

/** a manual lane: the officer checks by eye, no device verdict */
const MANUAL_CHECK: GateVerdict = { release: true, misread: false, divert: false, hold: '' };

export function wirePortLanes(sim: Simulation, cfg: PortConfig, opts: PortSiteOptions, factory: ConsignmentFactory, open: Map<number, Slot>) {
  const { world, policy } = cfg;
  const rng = sim.rng;
  const decide = opts.officerDecision;
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

  return {
    scanners,
    smartLanes,
    manualLanes,
    devices,
    scan: (slot: Slot): void => scanners.request(slot, grantScan),
    /**
     * A truck at the exit gate: a truck without an e-plate takes a manual lane while one is
     * staffed, else a smart lane where an officer checks it by hand (as for a misread).
     */
    toGate(slot: Slot): void {
      if (policy.gate.smartLanes > 0 && (slot.c.hasEplate || manualLanes.capacity === 0)) smartLanes.request(slot, grantSmart);
      else manualLanes.request(slot, grantManual);
    },
  };
}

/** Manual lanes open by time of day: one gate officer per lane, no more lanes than built. */
function manualLaneCalendar(staff: readonly StaffWindow[], lanes: number): ShiftWindow[] {
  if (lanes === 0) return [];
  const cal = staff.map((w) => ({ from: w.from, to: w.to, capacity: Math.min(lanes, w.officers) }));
  return cal.length > 0 ? cal : [{ from: '00:00', to: '24:00', capacity: 0 }];
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
