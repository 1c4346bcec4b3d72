/**
 * Container OCR behaviour: a front and a back camera each read the passing container. A read is
 * right with probability `accuracy`, missing with `noReadRate`, else a look-alike misread kept to
 * the 4-letter/7-digit shape (the engine's layout model); checkDigitValid is the real ISO 6346
 * check of what was read, so some misreads are caught by it and some are not.
 */
import type { Rng } from '../../sim/kernel/rng.js';
import { lognormal, uniform } from '../../sim/kernel/distributions.js';
import { isValidContainerNumber, misreadContainerNumber } from '../../sim/supervision/identifiers.js';
import { DEFAULT_EPOCH_MS, isoUtc, round, type Passage, type TimedFrame } from '../behaviour.js';
import type { ContainerOcrResult } from './ocr-result.js';

export interface ContainerOcrParams {
  accuracy?: number;
  noReadRate?: number;
  /** seconds between the trigger and the front read; the back read follows after the container length */
  readTimeMeanS?: number;
  frontToBackMeanS?: number;
  epochMs?: number;
}

const SHAPE = /^[A-Z]{4}[0-9]{7}$/;

/** A misread that keeps the read shape; gives up (null = no read) after a few tries, as the engine would reject it. */
function shapedMisread(s: string, rng: Rng): string | null {
  for (let i = 0; i < 8; i++) {
    const m = misreadContainerNumber(s, rng);
    if (SHAPE.test(m)) return m;
  }
  return null;
}

/** One camera's read: the decision, without the result's dressing. */
export interface OcrReading {
  side: 'front' | 'back';
  containerNumber: string;
  /** ISO 6346 size/type code painted on the box, read with the number */
  sizeType: string;
  checkDigitValid: boolean;
}

/**
 * What the front and back cameras read of passage `p` (a camera that read nothing is left out).
 * Only the deciding draws: `ocrFrames` draws the dressing (timing, per-character confidences)
 * after, so a reader of decisions alone (the simulation in-process) need not draw it.
 */
export function containerOcrReads(p: Passage, params: ContainerOcrParams, rng: Rng): OcrReading[] {
  if (p.containerNumber === undefined) return [];
  const { accuracy = 0.95, noReadRate = 0.02 } = params;
  const out: OcrReading[] = [];
  for (let k = 0; k < 2; k++) {
    const u = rng.next();
    const read = u < accuracy ? p.containerNumber : u < 1 - noReadRate ? shapedMisread(p.containerNumber, rng) : null;
    if (read !== null) out.push({ side: k === 0 ? 'front' : 'back', containerNumber: read, sizeType: p.sizeType ?? '45G1', checkDigitValid: isValidContainerNumber(read) });
  }
  return out;
}

/** The results the cameras send for `reads`, dressed with timing and per-character confidences (a wrong character scores lower) from `rng`. */
export function ocrFrames(p: Passage, reads: readonly OcrReading[], params: ContainerOcrParams, rng: Rng): TimedFrame<ContainerOcrResult>[] {
  const { readTimeMeanS = 0.4, frontToBackMeanS = 3, epochMs = DEFAULT_EPOCH_MS } = params;
  const front = p.at + lognormal(rng, readTimeMeanS, readTimeMeanS / 3);
  const back = front + lognormal(rng, frontToBackMeanS, frontToBackMeanS / 4);
  return reads.map((r) => {
    const at = round(r.side === 'front' ? front : back, 3);
    const camera = `${p.lane}-ocr-${r.side}`;
    const read = r.containerNumber;
    const characters = [...read].map((char, i) => ({ char, confidence: round(char === p.containerNumber![i] ? uniform(rng, 0.9, 0.999) : uniform(rng, 0.5, 0.85), 3) }));
    return {
      at, device: camera, format: 'container-ocr',
      frame: {
        lane: p.lane, camera, timestamp: isoUtc(epochMs, at), containerNumber: read, sizeType: r.sizeType,
        characters, checkDigitValid: r.checkDigitValid, imageRef: `${camera}/${Math.round(at * 1000)}.jpg`,
      },
    };
  });
}

export function containerOcrBehaviour(p: Passage, params: ContainerOcrParams, rng: Rng): TimedFrame<ContainerOcrResult>[] {
  return ocrFrames(p, containerOcrReads(p, params, rng), params, rng);
}
