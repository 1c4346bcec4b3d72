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

/** What the camera recognised of a passage: the decision, without the alert's dressing. */
export interface AnprReading {
  licensePlate: string;
  confidenceLevel: number;
}

/**
 * The camera's reading of passage `p`, or null when it recognised nothing (no alert is sent).
 * Only the deciding draws: `anprFrame` draws the read time after, so a reader of decisions alone
 * (the simulation in-process) need not draw it.
 */
export function anprRead(p: Passage, params: AnprParams, rng: Rng): AnprReading | null {
  const { recognitionRate = 0.97, misreadShare = 0.5 } = params;
  const ok = rng.next() < recognitionRate;
  const wrong = !ok && rng.next() < misreadShare;
  if (!ok && !wrong) return null;
  const licensePlate = ok ? p.plate : misreadPlate(p.plate, rng);
  // misreads come with visibly lower confidence, as engines score look-alike glyphs lower
  const confidenceLevel = Math.round(ok ? uniform(rng, 85, 99) : uniform(rng, 55, 80));
  return { licensePlate, confidenceLevel };
}

/** The alert the camera sends for a reading, its read time (~250 ms after the trigger) from `rng`. */
export function anprFrame(p: Passage, r: AnprReading, params: AnprParams, rng: Rng): TimedFrame<AnprAlert> {
  const { device = `${p.lane}-anpr`, ipAddress = '192.168.1.64', readTimeMeanS = 0.25, readTimeSdS = 0.08, epochMs = DEFAULT_EPOCH_MS, utcOffsetHours = 8 } = params;
  const at = round(p.at + lognormal(rng, readTimeMeanS, readTimeSdS), 3);
  const frame: AnprAlert = {
    namespace: 'http://www.hikvision.com/ver20/XMLSchema', ipAddress, channelID: 1,
    dateTime: isoWithOffset(epochMs, at, utcOffsetHours), eventType: 'ANPR', eventState: 'active', eventDescription: 'ANPR',
    anpr: { country: 'CHN', licensePlate: r.licensePlate, line: 1, direction: 'forward', confidenceLevel: r.confidenceLevel, plateColor: 'blue' },
  };
  return { at, device, format: 'anpr-xml', frame };
}

export function anprBehaviour(p: Passage, params: AnprParams, rng: Rng): TimedFrame<AnprAlert>[] {
  const r = anprRead(p, params, rng);
  return r === null ? [] : [anprFrame(p, r, params, rng)];
}
