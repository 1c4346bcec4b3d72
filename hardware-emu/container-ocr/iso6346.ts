/**
 * ISO 6346 container number as text: "MSCU1234565" or, as painted on the box and printed on
 * documents, "MSCU 123456 5". Encode writes the compact form. The check digit arithmetic is
 * the one in sim/supervision/identifiers.ts (not duplicated here).
 */
import { type Codec, DecodeError, guarded, utf8 } from '../codec.js';
import { iso6346CheckDigit } from '../../sim/supervision/identifiers.js';

export interface ContainerNumber {
  /** 3-letter owner code, e.g. 'MSC' */
  owner: string;
  /** equipment category: U freight container, J detachable equipment, Z trailer/chassis */
  category: 'U' | 'J' | 'Z';
  /** 6 digits */
  serial: string;
  checkDigit: number;
}

const F = 'iso6346';

export function formatContainerNumber(c: ContainerNumber): string {
  if (!/^[A-Z]{3}$/.test(c.owner) || !/^[UJZ]$/.test(c.category) || !/^\d{6}$/.test(c.serial)) {
    throw new RangeError(`${F}: not a container number: ${JSON.stringify(c)}`);
  }
  if (!Number.isInteger(c.checkDigit) || c.checkDigit < 0 || c.checkDigit > 9) throw new RangeError(`${F}: check digit ${c.checkDigit}`);
  return c.owner + c.category + c.serial + String(c.checkDigit);
}

/** parses and checks one container number; shared with the OCR result format */
export function parseContainerNumber(format: string, text: string): ContainerNumber {
  let s = text;
  if (s.length === 13) {
    // spaced form: exactly one space after the category and one before the check digit
    if (s[4] !== ' ' || s[11] !== ' ') throw new DecodeError(format, 'syntax', "expected 'XXXU 123456 7'", s[4] !== ' ' ? 4 : 11);
    s = s.slice(0, 4) + s.slice(5, 11) + s[12];
  } else if (s.length !== 11) {
    throw new DecodeError(format, 'length', `expected 11 characters (or 13 with spaces), got ${s.length}`);
  }
  for (let i = 0; i < 3; i++) if (!/[A-Z]/.test(s[i]!)) throw new DecodeError(format, 'field', 'owner code must be 3 capital letters', i);
  if (!/[UJZ]/.test(s[3]!)) throw new DecodeError(format, 'field', 'category must be U, J or Z', 3);
  for (let i = 4; i < 11; i++) if (!/[0-9]/.test(s[i]!)) throw new DecodeError(format, 'field', 'serial and check digit must be digits', i);
  const want = iso6346CheckDigit(s.slice(0, 10));
  if (Number(s[10]) !== want) throw new DecodeError(format, 'checksum', `check digit should be ${want}`, 10);
  return { owner: s.slice(0, 3), category: s[3] as 'U' | 'J' | 'Z', serial: s.slice(4, 10), checkDigit: want };
}

export const iso6346: Codec<ContainerNumber> = {
  format: F,
  encode: (c) => utf8.encode(formatContainerNumber(c)),
  decode: (bytes) => guarded(F, bytes, (b) => parseContainerNumber(F, utf8.decode(F, b))),
};
