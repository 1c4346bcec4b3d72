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

export function rfidBehaviour(p: Passage, params: RfidParams, rng: Rng): TimedFrame<RfidTagRead>[] {
  if (p.ePlate === undefined) return [];
  const { reader = `${p.lane}-rfid`, missRate = 0.05, rssiMeanDbm = -55, rssiSdDbm = 4, loopGapMeanS = 2 } = params;
  const { meanReadCount = 4, antennas = 2, epochMs = DEFAULT_EPOCH_MS } = params;
  const gap = lognormal(rng, loopGapMeanS, loopGapMeanS / 4);
  const out: TimedFrame<RfidTagRead>[] = [];
  for (const [loop, trig] of [['loop1', p.at], ['loop2', p.at + gap]] as const) {
    const missed = rng.next() < missRate;
    const at = round(trig + lognormal(rng, 0.15, 0.05), 3);
    const rssi = round(clamp(normal(rng, rssiMeanDbm, rssiSdDbm), -90, -20), 1);
    // geometric count ≥ 1 with the given mean: inventory rounds until the tag leaves the field
    const readCount = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / meanReadCount));
    const antenna = 1 + rng.int(antennas);
    if (missed) continue;
    out.push({ at, device: reader, format: 'rfid-read', frame: { reader, antenna, epc: p.ePlate, rssi, timestamp: isoUtc(epochMs, at), loop, readCount } });
  }
  return out;
}
