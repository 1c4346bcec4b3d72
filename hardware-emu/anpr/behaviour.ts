/**
 * ANPR camera behaviour: one alert per recognised passage, ~250 ms after the trigger. A passage
 * is read right with probability `recognitionRate`; otherwise it is misread (a look-alike plate,
 * lower confidence) with probability `misreadShare`, else not read at all (no alert).
 */
import type { Rng } from '../../sim/kernel/rng.js';
import { lognormal, uniform } from '../../sim/kernel/distributions.js';
import { misreadPlate } from '../../sim/supervision/identifiers.js';
import { DEFAULT_EPOCH_MS, isoWithOffset, round, type Passage, type TimedFrame } from '../behaviour.js';
import type { AnprAlert } from './anpr-xml.js';

export interface AnprParams {
  device?: string;
  ipAddress?: string;
  recognitionRate?: number;
  /** share of failed recognitions that give a wrong plate rather than none */
  misreadShare?: number;
  readTimeMeanS?: number;
  readTimeSdS?: number;
  epochMs?: number;
  utcOffsetHours?: number;
}

export function anprBehaviour(p: Passage, params: AnprParams, rng: Rng): TimedFrame<AnprAlert>[] {
  const { device = `${p.lane}-anpr`, ipAddress = '192.168.1.64', recognitionRate = 0.97, misreadShare = 0.5 } = params;
  const { readTimeMeanS = 0.25, readTimeSdS = 0.08, epochMs = DEFAULT_EPOCH_MS, utcOffsetHours = 8 } = params;
  // fixed draws first, so a passage's timing does not depend on which branch it takes
  const ok = rng.next() < recognitionRate;
  const wrong = !ok && rng.next() < misreadShare;
  if (!ok && !wrong) return [];
  const at = round(p.at + lognormal(rng, readTimeMeanS, readTimeSdS), 3);
  const licensePlate = ok ? p.plate : misreadPlate(p.plate, rng);
  // misreads come with visibly lower confidence, as engines score look-alike glyphs lower
  const confidenceLevel = Math.round(ok ? uniform(rng, 85, 99) : uniform(rng, 55, 80));
  const frame: AnprAlert = {
    namespace: 'http://www.hikvision.com/ver20/XMLSchema', ipAddress, channelID: 1,
    dateTime: isoWithOffset(epochMs, at, utcOffsetHours), eventType: 'ANPR', eventState: 'active', eventDescription: 'ANPR',
    anpr: { country: 'CHN', licensePlate, line: 1, direction: 'forward', confidenceLevel, plateColor: 'blue' },
  };
  return [{ at, device, format: 'anpr-xml', frame }];
}
