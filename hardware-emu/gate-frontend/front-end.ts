/**
 * The gate front-end (卡口前置机): collects what a lane's devices read while one truck is in it and
 * aggregates it into the GATHER_INFO message for customs. Pure: the same function serves the
 * simulation's smart lanes, the emulated gate and the live twin. Rules a front-end follows:
 * - the plate is the camera's most confident alert; no alert, an empty VE_NAME;
 * - electronic plates are the EPCs the plate reader saw, most replies first (two distinct
 *   tags fill CAR_EC_NO and CAR_EC_NO2);
 * - a container camera's read counts only when its ISO 6346 check digit holds; CONTA_RECO is 1
 *   when at least one camera read a number and the cameras that read one agree;
 * - the e-seal is the seal number inside the EPC the e-seal reader saw;
 * - the weight is the indicator's stable (print-request) frame, in kg.
 */
import type { AnprAlert } from '../anpr/anpr-xml.js';
import type { ContainerOcrResult } from '../container-ocr/ocr-result.js';
import { sealFromEpc } from '../rfid/eseal-epc.js';
import type { GatherInfo } from './gather-info.js';

/** The routing attributes of the message: site, lane, direction and the front-end's sequence number. */
export interface GatherRouting {
  areaId: string;
  chnlNo: string;
  ieType: 'I' | 'E';
  seqNo: string;
}

/** AREA_ID of the emulated and simulated site (10 digits; no real site's code) */
export const DEFAULT_AREA_ID = '4201000001';

/** CHNL_NO (10 digits) of a lane named like 'GS3' or 'L3': its number, zero-padded in the 1000000000 series. */
export function laneCode(lane: string): string {
  const n = Number(/\d+$/.exec(lane)?.[0] ?? 0);
  return String(1_000_000_000 + n);
}

/** The routing of the front-end's `seq`-th message (from 1) for lane `chnlNo`: SEQ_NO is 20 digits. */
export function gatherRouting(chnlNo: string, ieType: 'I' | 'E', seq: number, areaId = DEFAULT_AREA_ID): GatherRouting {
  return { areaId, chnlNo, ieType, seqNo: String(seq).padStart(20, '0') };
}

/** What the front-end takes from each device's frame (a decoded frame has these fields, or `fromAnpr`/`fromOcr` give them). */
export interface PlateRead {
  licensePlate: string;
  confidenceLevel: number;
}
export interface TagRead {
  epc: string;
  readCount: number;
}
export interface ContainerRead {
  side: 'front' | 'back';
  containerNumber: string;
  sizeType: string;
  checkDigitValid: boolean;
}
export interface WeightRead {
  weight: number;
  negative: boolean;
}

/** Everything one lane's devices sent for one truck. */
export interface LaneReads {
  anpr: readonly PlateRead[];
  /** the electronic-plate reader */
  plateTags: readonly TagRead[];
  /** the e-seal reader */
  sealTags: readonly TagRead[];
  ocr: readonly ContainerRead[];
  /** the stable weight frame; null when the indicator sent none */
  scale: WeightRead | null;
  /** driver's IC card number ('' when no card was presented) */
  driverCard: string;
  /** the vehicle's registered weight (kg) known from its filing, '' when unknown */
  vehicleKg?: number;
}

export const fromAnpr = (a: AnprAlert): PlateRead => a.anpr;
export const fromOcr = (r: ContainerOcrResult): ContainerRead => ({
  side: r.camera.endsWith('-back') ? 'back' : 'front', containerNumber: r.containerNumber, sizeType: r.sizeType, checkDigitValid: r.checkDigitValid,
});

/** Distinct EPCs, the one with most tag replies first (ties: first seen). */
function epcsByReplies(tags: readonly TagRead[]): string[] {
  // the usual case, one tag read at one or both loops, without a map
  if (tags.length === 0) return [];
  if (tags.length === 1 || (tags.length === 2 && tags[0].epc === tags[1].epc)) return [tags[0].epc];
  const count = new Map<string, number>();
  for (const t of tags) count.set(t.epc, (count.get(t.epc) ?? 0) + t.readCount);
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([epc]) => epc);
}

/** A camera's read, when its check digit holds. */
function validRead(ocr: readonly ContainerRead[], side: 'front' | 'back'): ContainerRead | undefined {
  for (const r of ocr) if (r.checkDigitValid && r.side === side) return r;
  return undefined;
}

export function gatherInfo(routing: GatherRouting, reads: LaneReads): GatherInfo {
  let plate = '';
  let best = -1;
  for (const a of reads.anpr) {
    if (a.confidenceLevel > best) (best = a.confidenceLevel), (plate = a.licensePlate);
  }
  const ePlates = epcsByReplies(reads.plateTags);
  let seal = '';
  for (const epc of epcsByReplies(reads.sealTags)) if ((seal = sealFromEpc(epc)) !== '') break;
  const front = validRead(reads.ocr, 'front');
  const back = validRead(reads.ocr, 'back');
  const agree = front !== undefined ? back === undefined || back.containerNumber === front.containerNumber : back !== undefined;
  return {
    areaId: routing.areaId, chnlNo: routing.chnlNo, ieType: routing.ieType, seqNo: routing.seqNo,
    IC: {
      DR_IC_NO: reads.driverCard, IC_DR_CUSTOMS_NO: '', IC_CO_CUSTOMS_NO: '', IC_BILL_NO: '', IC_GROSS_WT: '',
      IC_VE_CUSTOMS_NO: '', IC_VE_NAME: '', IC_CONTA_ID: '', IC_ESEAL_ID: '',
    },
    WEIGHT: { GROSS_WT: reads.scale === null ? '' : String(reads.scale.negative ? 0 : reads.scale.weight) },
    CAR: { VE_NAME: plate, CAR_EC_NO: ePlates.length > 0 ? ePlates[0] : '', CAR_EC_NO2: ePlates.length > 1 ? ePlates[1] : '', VE_CUSTOMS_NO: '', VE_WT: reads.vehicleKg === undefined ? '' : String(Math.round(reads.vehicleKg)) },
    CONTA: {
      CONTA_NUM: reads.ocr.length > 0 ? '1' : '0',
      CONTA_RECO: agree ? '1' : '0',
      CONTA_ID_F: front === undefined ? '' : front.containerNumber,
      CONTA_ID_B: back === undefined ? '' : back.containerNumber,
      CONTA_MODEL_F: front === undefined ? '' : front.sizeType,
      CONTA_MODEL_B: back === undefined ? '' : back.sizeType,
    },
    SEAL: { ESEAL_ID: seal, SEAL_KEY: '' },
  };
}
