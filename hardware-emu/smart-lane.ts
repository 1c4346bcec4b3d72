/**
 * The devices of the simulation's smart exit lanes, read in-process: for each truck, the ANPR
 * camera, the electronic-plate reader, the two container OCR cameras, the e-seal reader and the
 * weighbridge produce their frames through the same behaviours the emulators use, and the gate
 * front-end aggregates them into GATHER_INFO for customs' check. Customs' reply goes back and
 * drives the lane's barrier and LED display.
 *
 * Both modes draw the same reads from the same behaviours (`anprRead`, `rfidReads`,
 * `containerOcrReads`, `weighbridgeStableWeight`). Mode `in-process` hands the front-end what it
 * takes of each read and skips the frames' dressing (timestamps, per-character confidences,
 * picture), which no decision uses. Mode `wire` dresses each read into the frame the device sends
 * and passes it through its codec, encode → bytes → decode, before the front-end sees it, and the
 * GATHER_INFO, the reply and the barrier commands likewise; the codecs round-trip exactly
 * (property-tested), so both modes give the same decisions and the same event stream, and `wire`
 * proves it end to end.
 *
 * Random numbers: one indexed stream per device kind, indexed by the consignment, so a truck gets
 * the same reads whatever lane, time or policy, and one device's draws never shift another's.
 */
import { IndexedStreams } from '../sim/kernel/rng.js';
import { DecodeError, type Codec } from './codec.js';
import type { Passage } from './behaviour.js';
import { anprFrame, anprRead } from './anpr/behaviour.js';
import { anprMultipartCodec, tinyJpeg } from './anpr/index.js';
import { containerOcrReads, ocrFrames } from './container-ocr/behaviour.js';
import { containerOcr } from './container-ocr/index.js';
import { rfidFrames, rfidReads } from './rfid/behaviour.js';
import { rfidRead } from './rfid/tag-read.js';
import { esealEpc } from './rfid/eseal-epc.js';
import { weighbridgeStableFrame, weighbridgeStableWeight } from './weighbridge/behaviour.js';
import { mettlerToledo } from './weighbridge/index.js';
import { gatherInfoCodec, gatherReplyCodec, type GatherInfo, type GatherReply } from './gate-frontend/gather-info.js';
import { DEFAULT_AREA_ID, fromAnpr, fromOcr, gatherInfo, gatherRouting, laneCode, type LaneReads } from './gate-frontend/front-end.js';
import { barrierCommandCodec, barrierStatusCodec, command, createBarrier, status, type Barrier, type BarrierCommand } from './barrier/barrier.js';

import type { HardwareMode } from '../sim/supervision/port-config.js';
export { HARDWARE_MODES, type HardwareMode } from '../sim/supervision/port-config.js';

export interface SmartLaneParams {
  /** probability that one identity read of the lane (plate, e-plate, container number, e-seal) fails */
  misreadRate: number;
  /** AREA_ID of the site, 10 digits */
  areaId?: string;
}

/** A truck entering a smart lane: what its devices can observe, and its IC card. */
export interface LaneTruck extends Passage {
  driverCard: string;
}

/**
 * A frame a lane device sent, as bytes: what a live twin at the site would receive. `at` is the
 * truck's read time, `lane` the simulation's lane id, `device` `${lane}-anpr`, `-rfid`, `-eseal`,
 * `-ocr-front`, `-ocr-back`, `-scale` or `-frontend` (GATHER_INFO). Replies and barrier commands
 * are not tapped: they are the twin's outputs, not its inputs.
 */
export interface LaneFrame {
  at: number;
  lane: string;
  device: string;
  format: string;
  bytes: Uint8Array;
}
export type LaneFrameTap = (f: LaneFrame) => void;

/** Frames and bytes that went over the (in-memory) wire, by format: for checks and the run's report. */
export type WireCounts = Record<string, { frames: number; bytes: number }>;

export class SmartLaneDevices {
  readonly mode: HardwareMode;
  /** per format; empty in-process */
  readonly wire: WireCounts = {};
  private readonly streams: Record<'anpr' | 'plate' | 'seal' | 'ocr' | 'scale', IndexedStreams>;
  private readonly areaId: string;
  private readonly anprParams: { recognitionRate: number };
  private readonly tagParams: { missRate: number };
  private readonly ocrParams: { accuracy: number; noReadRate: number };
  private readonly barriers = new Map<string, { barrier: Barrier; seq: number }>();
  private seqNo = 0;
  private readonly laneCodes = new Map<string, string>();
  /** sees each device frame's bytes; wire mode only (in-process there are no bytes) */
  readonly tap: LaneFrameTap | undefined;

  constructor(seed: number | string, params: SmartLaneParams, mode: HardwareMode, opts: { tap?: LaneFrameTap } = {}) {
    const r = params.misreadRate;
    if (!(r >= 0 && r <= 1)) throw new RangeError(`SmartLaneDevices: misreadRate must be in [0, 1], got ${r}`);
    this.mode = mode;
    this.tap = opts.tap;
    this.areaId = params.areaId ?? DEFAULT_AREA_ID;
    const s = (name: string) => new IndexedStreams(seed, `gate.devices.${name}`);
    this.streams = { anpr: s('anpr'), plate: s('eplate'), seal: s('eseal'), ocr: s('ocr'), scale: s('scale') };
    // each identity read fails with probability r: the camera misses or misreads; a tag is read at
    // either of two loops (each misses with √r); the container at either of two cameras (each
    // fails with √r, a share of failures being misreads the check digit lets through)
    const q = Math.sqrt(r);
    this.anprParams = { recognitionRate: 1 - r };
    this.tagParams = { missRate: q };
    this.ocrParams = { accuracy: 1 - q, noReadRate: q / 2 };
  }

  /** Reads truck `k` (its consignment's number) in lane `t.lane` and returns the front-end's GATHER_INFO. */
  read(k: number, t: LaneTruck): GatherInfo {
    const s = this.streams;
    const anprRng = s.anpr.at(k);
    const anpr = anprRead(t, this.anprParams, anprRng);
    const plateRng = s.plate.at(k);
    const plateTags = rfidReads(t, this.tagParams, plateRng);
    const sealRng = s.seal.at(k);
    const sealTags = t.seal === undefined ? [] : rfidReads(t, this.tagParams, sealRng, esealEpc(t.seal));
    const ocrRng = s.ocr.at(k);
    const ocr = containerOcrReads(t, this.ocrParams, ocrRng);
    const scale = weighbridgeStableWeight(t, {}, s.scale.at(k));
    let reads: LaneReads;
    if (this.mode === 'wire') {
      // each device's frames as it would send them (dressing drawn after the decisions), through its codec
      reads = {
        anpr: anpr === null ? [] : [fromAnpr(this.over(anprMultipartCodec, { boundary: 'MIME_boundary', alert: anprFrame(t, anpr, {}, anprRng).frame, pictureName: 'licensePlatePicture.jpg', jpeg: tinyJpeg() }, t, 'anpr').alert)],
        plateTags: rfidFrames(t, plateTags, { ...this.tagParams, reader: `${t.lane}-rfid` }, plateRng).map((f) => this.over(rfidRead, f.frame, t, 'rfid')),
        sealTags: rfidFrames(t, sealTags, { ...this.tagParams, reader: `${t.lane}-eseal` }, sealRng).map((f) => this.over(rfidRead, f.frame, t, 'eseal')),
        // each camera names itself `${lane}-ocr-front` / `-back`
        ocr: ocrFrames(t, ocr, this.ocrParams, ocrRng).map((f) => fromOcr(this.over(containerOcr, f.frame, t, f.device.slice(t.lane.length + 1)))),
        scale: this.over(mettlerToledo, weighbridgeStableFrame(t, scale, {}).frame, t, 'scale'),
        driverCard: t.driverCard,
        vehicleKg: t.tareKg,
      };
    } else {
      reads = {
        anpr: anpr === null ? [] : [anpr],
        plateTags,
        sealTags,
        ocr,
        scale: { weight: Math.min(Math.abs(scale.weight), 999_999), negative: scale.weight < 0 },
        driverCard: t.driverCard,
        vehicleKg: t.tareKg,
      };
    }
    let chnlNo = this.laneCodes.get(t.lane);
    if (chnlNo === undefined) this.laneCodes.set(t.lane, (chnlNo = laneCode(t.lane)));
    return this.over(gatherInfoCodec, gatherInfo(gatherRouting(chnlNo, 'E', ++this.seqNo, this.areaId), reads), t, 'frontend');
  }

  /**
   * Customs' reply to the front-end at simulated time `at`: over the wire it is delivered, and the
   * lane's barrier shown the instruction and (on release) opened, each command acknowledged.
   * In-process the lane machine acts on the verdict itself; nothing to deliver.
   */
  reply(lane: string, r: GatherReply, at: number): void {
    if (this.mode !== 'wire') return;
    const got = this.over(gatherReplyCodec, r);
    // the reply's hint is what the lane's LED shows the driver
    this.barrier(lane, { cmd: 'display', text: got.reason }, at);
    if (got.release === 'Y') this.barrier(lane, { cmd: 'open' }, at);
  }

  /** The truck has left lane `lane` at `at`: the officer opened for a held truck; the boom closes behind it. */
  left(lane: string, held: boolean, at: number): void {
    if (this.mode !== 'wire') return;
    if (held) this.barrier(lane, { cmd: 'open' }, at);
    this.barrier(lane, { cmd: 'close' }, at);
  }

  private barrier(lane: string, c: { cmd: 'open' } | { cmd: 'close' } | { cmd: 'display'; text: string }, at: number): void {
    let b = this.barriers.get(lane);
    if (b === undefined) this.barriers.set(lane, (b = { barrier: createBarrier({ lane }, at), seq: 0 }));
    const cmd = this.over(barrierCommandCodec, { ...c, seq: b.seq++ } as BarrierCommand);
    const r = command(b.barrier, cmd, at);
    b.barrier = r.barrier;
    const st = this.over(barrierStatusCodec, status(r.barrier, at, r.reply));
    // the lane's controller never sends a command the barrier may refuse: a refusal is a bug here
    if (!st.reply?.ack) throw new Error(`barrier ${lane}: command ${JSON.stringify(cmd)} refused: ${st.reply && !st.reply.ack ? st.reply.reason : 'no reply'}`);
  }

  /**
   * A frame through its codec when on the wire; as it is in-process. A frame truck `t`'s lane
   * device `kind` (`anpr`, `rfid`, …) sent goes to the tap, if any; replies and barrier commands pass no `t`.
   */
  private over<T>(codec: Codec<T>, frame: T, t?: LaneTruck, kind?: string): T {
    if (this.mode !== 'wire') return frame;
    const bytes = codec.encode(frame);
    const c = (this.wire[codec.format] ??= { frames: 0, bytes: 0 });
    c.frames++;
    c.bytes += bytes.length;
    if (this.tap !== undefined && t !== undefined) this.tap({ at: t.at, lane: t.lane, device: `${t.lane}-${kind}`, format: codec.format, bytes });
    try {
      return codec.decode(bytes);
    } catch (err) {
      // the devices' own frames must decode: this is the end-to-end check wire mode exists for
      if (err instanceof DecodeError) throw new Error(`hardware wire: a ${codec.format} frame the emulated device sent does not decode: ${err.message}`);
      throw err;
    }
  }
}
