/**
 * An emulated gate: seeded Poisson passages per lane, each turned into the encoded frames its
 * ANPR camera, container OCR cameras, RFID reader, weighbridge, radiation portal monitor and e-seal
 * reader would send, and the GATHER_INFO the lane's front-end makes of them for customs; every
 * device's stream passed through the fault layer. Pure and deterministic in the seed:
 * no I/O, no clock.
 */
import { IndexedStreams, RngStreams, type Rng } from '../sim/kernel/rng.js';
import { exponential, uniform } from '../sim/kernel/distributions.js';
import { drawContainerNumber, drawElectronicPlate, drawPlate, drawSealNumber } from '../sim/supervision/identifiers.js';
import { FORMATS } from './formats.js';
import { applyFaults, type FaultAccounting, type FaultParams } from './faults.js';
import { round, type Passage, type TimedFrame } from './behaviour.js';
import { anprBehaviour } from './anpr/behaviour.js';
import { anprMultipartCodec, tinyJpeg } from './anpr/index.js';
import { containerOcrBehaviour } from './container-ocr/behaviour.js';
import { rfidBehaviour, rfidFrames, rfidReads } from './rfid/behaviour.js';
import { weighbridgeBehaviour } from './weighbridge/behaviour.js';
import { portalPassage, type PortalPassage } from './radiation/behaviour.js';
import { esealEpc } from './rfid/eseal-epc.js';
import type { RfidTagRead } from './rfid/tag-read.js';
import type { AnprAlert } from './anpr/anpr-xml.js';
import type { ContainerOcrResult } from './container-ocr/ocr-result.js';
import type { MettlerToledoFrame } from './weighbridge/mettler-toledo.js';
import { fromAnpr, fromOcr, gatherInfo, gatherRouting, laneCode, type LaneReads } from './gate-frontend/front-end.js';
import type { GatherInfo } from './gate-frontend/gather-info.js';

export interface EmuFrame {
  /** simulated seconds (arrival time after faults) */
  at: number;
  lane: string;
  device: string;
  format: string;
  bytes: Uint8Array;
  /**
   * the device's sequence number: its n-th frame has n (from 0). A duplicate the link made keeps
   * it (a receiver can apply the frame once); a stuck device's repeat is a new frame with a new one.
   */
  seq?: number;
}

export interface EmulatedGateOptions {
  seed: number;
  lanes: number;
  minutes: number;
  passagesPerHour: number;
  faults?: FaultParams;
}

export interface DeviceInfo { lane: string; device: string; format: string }

export interface EmulatedGate {
  devices: DeviceInfo[];
  frames: EmuFrame[];
  /** per device name */
  accounting: Record<string, FaultAccounting>;
}

/** the multipart boundary every emulated camera uses (Hikvision's own) */
export const ANPR_BOUNDARY = 'MIME_boundary';

/** Device names and formats of one lane, in a fixed order (so fault streams and ties are stable). */
export function laneDevices(lane: string): DeviceInfo[] {
  return [
    { lane, device: `${lane}-anpr`, format: 'anpr-multipart' },
    { lane, device: `${lane}-ocr-front`, format: 'container-ocr' },
    { lane, device: `${lane}-ocr-back`, format: 'container-ocr' },
    { lane, device: `${lane}-rfid`, format: 'rfid-read' },
    { lane, device: `${lane}-scale`, format: 'mettler-toledo' },
    // added later, at the end, so that the devices before keep their device order and fault streams
    { lane, device: `${lane}-rpm`, format: 'n42' },
    { lane, device: `${lane}-eseal`, format: 'rfid-read' },
    { lane, device: `${lane}-frontend`, format: 'gather-info' },
  ];
}

/**
 * Share of laden trucks whose cargo is NORM (naturally occurring radioactive material: ceramics,
 * tiles, fertiliser, granite): the portal sees a mild gamma bump, sometimes a nuisance alarm.
 * Illustrative. Empty trucks and the rest are background only; no illicit sources in the
 * emulated traffic.
 */
export const NORM_CARGO_SHARE = 0.03;

/** What the radiation portal sees of a passage: the cargo drawn from the portal's own stream (`rng` then drives the occupancy). */
function portalCargo(p: Passage, rng: Rng): PortalPassage {
  // one draw whether laden or not, so the occupancy's numbers do not depend on the load
  const norm = rng.next() < NORM_CARGO_SHARE && p.containerNumber !== undefined;
  return { at: p.at, lane: p.lane, cargo: { norm } };
}

/**
 * The lane front-end's GATHER_INFO for passage number `k`, half a second after the last device
 * frame of the passage: the plate, tags and container reads it got, and the weighbridge's first
 * stable frame (the one a front-end latches). Entry gate (I); the front-end's sequence number is k.
 */
function frontEndMessage(p: Passage, k: number, frames: readonly TimedFrame<unknown>[]): TimedFrame<GatherInfo> {
  const of = <T>(format: string, device?: string) => frames.filter((f) => f.format === format && (device === undefined || f.device === device)).map((f) => f.frame as T);
  const stable = of<MettlerToledoFrame>('mettler-toledo').find((w) => !w.motion) ?? null;
  const reads: LaneReads = {
    anpr: of<AnprAlert>('anpr-xml').map(fromAnpr),
    plateTags: of<RfidTagRead>('rfid-read', `${p.lane}-rfid`),
    sealTags: of<RfidTagRead>('rfid-read', `${p.lane}-eseal`),
    ocr: of<ContainerOcrResult>('container-ocr').map(fromOcr),
    scale: stable,
    driverCard: '',
    vehicleKg: p.tareKg,
  };
  const at = round(Math.max(p.at, ...frames.map((f) => f.at)) + 0.5, 3);
  return { at, device: `${p.lane}-frontend`, format: 'gather-info', frame: gatherInfo(gatherRouting(laneCode(p.lane), 'I', k + 1), reads) };
}

/** Poisson passages of one lane over [0, horizon) s, with identifiers and weights from its own stream. */
function passages(streams: RngStreams, lane: string, horizonS: number, perHour: number): Passage[] {
  const rng = streams.stream(`emu/passages/${lane}`);
  const out: Passage[] = [];
  for (let t = exponential(rng, 3600 / perHour); t < horizonS; t += exponential(rng, 3600 / perHour)) {
    const tareKg = Math.round(uniform(rng, 13_000, 17_000));
    const laden = rng.next() < 0.8;
    out.push({
      at: t, lane, plate: drawPlate(rng), ePlate: rng.next() < 0.9 ? drawElectronicPlate(rng) : undefined,
      containerNumber: laden ? drawContainerNumber(rng) : undefined, sizeType: rng.next() < 0.6 ? '45G1' : '22G1',
      grossKg: laden ? tareKg + Math.round(uniform(rng, 4_000, 30_000)) : tareKg, tareKg, seal: laden ? drawSealNumber(rng) : undefined,
    });
  }
  return out;
}

export function emulatedGate(o: EmulatedGateOptions): EmulatedGate {
  const streams = new RngStreams(o.seed);
  // one indexed stream per device kind, indexed by passage: a device's numbers never depend on another's
  const rngs = {
    anpr: new IndexedStreams(o.seed, 'emu/anpr'), ocr: new IndexedStreams(o.seed, 'emu/ocr'), rfid: new IndexedStreams(o.seed, 'emu/rfid'),
    scale: new IndexedStreams(o.seed, 'emu/scale'), rpm: new IndexedStreams(o.seed, 'emu/rpm'), eseal: new IndexedStreams(o.seed, 'emu/eseal'),
  };
  const devices: DeviceInfo[] = [];
  const raw = new Map<string, TimedFrame<Uint8Array>[]>();
  const encode = (f: TimedFrame<unknown>) => ({ ...f, frame: FORMATS.get(f.format)!.encode(f.frame) });
  let k = 0;
  for (let l = 1; l <= o.lanes; l++) {
    const lane = `L${l}`;
    for (const d of laneDevices(lane)) (devices.push(d), raw.set(d.device, []));
    for (const p of passages(streams, lane, o.minutes * 60, o.passagesPerHour)) {
      const i = k++;
      // the camera POSTs the alert XML with a picture: the multipart body is what goes on the wire
      const alerts = anprBehaviour(p, {}, rngs.anpr.at(i));
      for (const a of alerts)
        raw.get(a.device)!.push({ ...a, format: anprMultipartCodec.format, frame: anprMultipartCodec.encode({ boundary: ANPR_BOUNDARY, alert: a.frame, pictureName: 'licensePlatePicture.jpg', jpeg: tinyJpeg() }) });
      const rest: TimedFrame<unknown>[] = [...containerOcrBehaviour(p, {}, rngs.ocr.at(i)), ...rfidBehaviour(p, {}, rngs.rfid.at(i)), ...weighbridgeBehaviour(p, {}, rngs.scale.at(i))];
      const rpm = rngs.rpm.at(i);
      rest.push(...portalPassage(portalCargo(p, rpm), {}, rpm));
      const sealRng = rngs.eseal.at(i);
      const seal = p.seal === undefined ? [] : rfidFrames(p, rfidReads(p, {}, sealRng, esealEpc(p.seal)), { reader: `${lane}-eseal` }, sealRng);
      rest.push(...seal, frontEndMessage(p, i, [...alerts, ...rest, ...seal]));
      for (const f of rest) raw.get(f.device)!.push(encode(f));
    }
  }
  const frames: EmuFrame[] = [];
  const accounting: Record<string, FaultAccounting> = {};
  for (const d of devices) {
    // behaviours of overlapping passages interleave: a device sends in time order
    const input = raw.get(d.device)!.sort((a, b) => a.at - b.at).map((f, seq) => ({ ...f, seq }));
    const r = applyFaults(input, o.faults ?? {}, streams.stream(`emu/faults/${d.device}`));
    accounting[d.device] = r.accounting;
    // the fault layer copies a frame's fields, so each output still carries its input's seq
    for (const f of r.frames as (typeof input)[number][]) frames.push({ at: f.at, lane: d.lane, device: f.device, format: f.format, bytes: f.frame, seq: f.seq });
  }
  frames.sort((a, b) => a.at - b.at);
  return { devices, frames, accounting };
}
