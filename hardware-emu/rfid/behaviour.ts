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

/** One tag read at a loop: what decides (read or missed, how many replies), without the frame's dressing. */
export interface RfidReading {
  loop: 'loop1' | 'loop2';
  epc: string;
  readCount: number;
}

/**
 * The reads of tag `epc` (default: the passage's electronic plate) at the two loops; a missed read
 * is left out. Only the deciding draws: the dressing (timing, RSSI, antenna) is drawn after, by
 * `rfidFrames`, so a reader of decisions alone (the simulation in-process) need not draw it.
 */
export function rfidReads(p: Passage, params: RfidParams, rng: Rng, epc = p.ePlate): RfidReading[] {
  if (epc === undefined) return [];
  const { missRate = 0.05, meanReadCount = 4 } = params;
  const out: RfidReading[] = [];
  for (let k = 0; k < 2; k++) {
    const missed = rng.next() < missRate;
    // geometric count ≥ 1 with the given mean: inventory rounds until the tag leaves the field
    const readCount = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / meanReadCount));
    if (!missed) out.push({ loop: k === 0 ? 'loop1' : 'loop2', epc, readCount });
  }
  return out;
}

/** The frames the reader sends for `reads` (of one passage), dressed with timing, RSSI and antenna from `rng`. */
export function rfidFrames(p: Passage, reads: readonly RfidReading[], params: RfidParams, rng: Rng): TimedFrame<RfidTagRead>[] {
  const { reader = `${p.lane}-rfid`, rssiMeanDbm = -55, rssiSdDbm = 4, loopGapMeanS = 2, antennas = 2, epochMs = DEFAULT_EPOCH_MS } = params;
  const gap = lognormal(rng, loopGapMeanS, loopGapMeanS / 4);
  return reads.map((r) => {
    const at = round((r.loop === 'loop1' ? p.at : p.at + gap) + lognormal(rng, 0.15, 0.05), 3);
    const rssi = round(clamp(normal(rng, rssiMeanDbm, rssiSdDbm), -90, -20), 1);
    const antenna = 1 + rng.int(antennas);
    return { at, device: reader, format: 'rfid-read', frame: { reader, antenna, epc: r.epc, rssi, timestamp: isoUtc(epochMs, at), loop: r.loop, readCount: r.readCount } };
  });
}

export function rfidBehaviour(p: Passage, params: RfidParams, rng: Rng): TimedFrame<RfidTagRead>[] {
  return rfidFrames(p, rfidReads(p, params, rng), params, rng);
}
