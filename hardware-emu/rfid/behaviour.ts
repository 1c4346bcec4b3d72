/**
 * RFID reader behaviour: the truck crosses loop1 then loop2; each loop triggers a read of the
 * electronic plate that is missed with probability `missRate`, with noisy RSSI and a readCount
 * (tag replies during the read window, at least 1).
 */
import type { Rng } from '../../sim/kernel/rng.js';
import { lognormal, normal } from '../../sim/kernel/distributions.js';
import { DEFAULT_EPOCH_MS, clamp, isoUtc, round, type Passage, type TimedFrame } from '../behaviour.js';
import type { RfidTagRead } from './tag-read.js';

export interface RfidParams {
  reader?: string;
  missRate?: number;
  rssiMeanDbm?: number;
  rssiSdDbm?: number;
  /** seconds from loop1 to loop2 (truck speed) */
  loopGapMeanS?: number;
  /** mean tag replies per read window */
  meanReadCount?: number;
  antennas?: number;
  epochMs?: number;
}

/** One tag read at a loop: the numbers, without the frame's dressing. */
export interface RfidReading {
  loop: 'loop1' | 'loop2';
  at: number;
  rssi: number;
  readCount: number;
  antenna: number;
}

/** The reads of passage `p`'s tag (`p.ePlate`) at the two loops; a missed read is left out. */
export function rfidReads(p: Passage, params: RfidParams, rng: Rng): RfidReading[] {
  if (p.ePlate === undefined) return [];
  const { missRate = 0.05, rssiMeanDbm = -55, rssiSdDbm = 4, loopGapMeanS = 2, meanReadCount = 4, antennas = 2 } = params;
  const gap = lognormal(rng, loopGapMeanS, loopGapMeanS / 4);
  const out: RfidReading[] = [];
  for (let k = 0; k < 2; k++) {
    const missed = rng.next() < missRate;
    const at = round((k === 0 ? p.at : p.at + gap) + lognormal(rng, 0.15, 0.05), 3);
    const rssi = round(clamp(normal(rng, rssiMeanDbm, rssiSdDbm), -90, -20), 1);
    // geometric count ≥ 1 with the given mean: inventory rounds until the tag leaves the field
    const readCount = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / meanReadCount));
    const antenna = 1 + rng.int(antennas);
    if (!missed) out.push({ loop: k === 0 ? 'loop1' : 'loop2', at, rssi, readCount, antenna });
  }
  return out;
}

/** The frame the reader sends for a read (no random draws). */
export function rfidFrame(p: Passage, r: RfidReading, params: RfidParams): TimedFrame<RfidTagRead> {
  const { reader = `${p.lane}-rfid`, epochMs = DEFAULT_EPOCH_MS } = params;
  return { at: r.at, device: reader, format: 'rfid-read', frame: { reader, antenna: r.antenna, epc: p.ePlate!, rssi: r.rssi, timestamp: isoUtc(epochMs, r.at), loop: r.loop, readCount: r.readCount } };
}

export function rfidBehaviour(p: Passage, params: RfidParams, rng: Rng): TimedFrame<RfidTagRead>[] {
  return rfidReads(p, params, rng).map((r) => rfidFrame(p, r, params));
}
