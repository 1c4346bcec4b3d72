/**
 * The JSON result a gate container-OCR camera sends for one read:
 *   { lane, camera, timestamp, containerNumber, sizeType, characters: [{ char, confidence }],
 *     checkDigitValid, imageRef }
 * `containerNumber` is what the OCR read, right or wrong; `checkDigitValid` must agree with the
 * ISO 6346 check (a misread the check digit catches says false, one it misses says true), so a
 * result whose flag lies is rejected. `characters` are the 11 read characters, in order.
 */
import { type Codec, DecodeError, guarded, utf8 } from '../codec.js';
import { isValidContainerNumber } from '../../sim/supervision/identifiers.js';
import { bool, exactKeys, fieldError, num, type Obj, parseObject, str, timestamp } from '../json-fields.js';

export interface OcrCharacter {
  char: string;
  /** 0..1 */
  confidence: number;
}

export interface ContainerOcrResult {
  lane: string;
  camera: string;
  timestamp: string;
  containerNumber: string;
  sizeType: string;
  characters: OcrCharacter[];
  checkDigitValid: boolean;
  imageRef: string;
}

const F = 'container-ocr';
const KEYS = ['lane', 'camera', 'timestamp', 'containerNumber', 'sizeType', 'characters', 'checkDigitValid', 'imageRef'] as const;
const NAME = /^[\x21-\x7e][\x20-\x7e]{0,63}$/;

/**
 * ISO 6346 size/type code (1995 layout, e.g. 22G1, 45G1, 42G1, 22R1, 45R1): length code
 * (1-4, A-H, K-N, P), height/width code (0 2 4 5 6 8 9, C-F, L-N, P), type group letter
 * (G general, V ventilated, B bulk, S named cargo, R reefer, H insulated, U open top,
 * P platform, T tank, A air/surface), type digit.
 */
export const SIZE_TYPE = /^[1-4A-HK-NP][0245689C-FL-NP][GVBSRHUPTA][0-9]$/;

/** 4 capital letters + 7 digits: any read shaped like a container number, valid or not */
const READ_SHAPE = /^[A-Z]{4}[0-9]{7}$/;

function characters(o: Obj): OcrCharacter[] {
  const v = o.characters;
  if (!Array.isArray(v)) throw fieldError(F, 'characters', 'an array');
  return v.map((c: unknown, i) => {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw fieldError(F, `characters[${i}]`, 'an object');
    const e = exactKeys(F, c as Obj, ['char', 'confidence'], `characters[${i}].`);
    return { char: str(F, e, 'char', /^[A-Z0-9]$/, 'one capital letter or digit'), confidence: num(F, e, 'confidence', 0, 1, false) };
  });
}

function decodeRaw(b: Uint8Array): ContainerOcrResult {
  const o = parseObject(F, b, KEYS);
  const r: ContainerOcrResult = {
    lane: str(F, o, 'lane', NAME, 'a lane name'),
    camera: str(F, o, 'camera', NAME, 'a camera name'),
    timestamp: timestamp(F, o, 'timestamp'),
    containerNumber: str(F, o, 'containerNumber', READ_SHAPE, '4 capital letters and 7 digits'),
    sizeType: str(F, o, 'sizeType', SIZE_TYPE, 'an ISO 6346 size/type code like 22G1'),
    characters: characters(o),
    checkDigitValid: bool(F, o, 'checkDigitValid'),
    imageRef: str(F, o, 'imageRef', /^[\x21-\x7e]{1,256}$/, 'an image reference'),
  };
  if (r.characters.length !== 11 || r.characters.map((c) => c.char).join('') !== r.containerNumber) {
    throw new DecodeError(F, 'field', 'characters must spell containerNumber');
  }
  if (r.checkDigitValid !== isValidContainerNumber(r.containerNumber)) {
    throw new DecodeError(F, 'checksum', `checkDigitValid is ${r.checkDigitValid} but the ISO 6346 check ${r.checkDigitValid ? 'fails' : 'passes'}`);
  }
  return r;
}

export const containerOcr: Codec<ContainerOcrResult> = {
  format: F,
  // fixed key order, so the emulator's output is stable byte for byte
  encode: (r) => utf8.encode(JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, k === 'characters' ? r.characters.map((c) => ({ char: c.char, confidence: c.confidence })) : r[k]])))),
  decode: (bytes) => guarded(F, bytes, decodeRaw),
};
