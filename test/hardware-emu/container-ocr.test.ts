import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, utf8 } from '../../hardware-emu/codec.js';
import { problem } from './codec-properties.js';
import { codecs, containerOcr, iso6346, type ContainerNumber, type ContainerOcrResult } from '../../hardware-emu/container-ocr/index.js';
import { iso6346CheckDigit, isValidContainerNumber } from '../../sim/supervision/identifiers.js';

const text = (s: string) => utf8.encode(s);

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const containerNumber: fc.Arbitrary<ContainerNumber> = fc
  .record({
    owner: fc.string({ unit: upper, minLength: 3, maxLength: 3 }),
    category: fc.constantFrom('U' as const, 'J' as const, 'Z' as const),
    serial: fc.string({ unit: digit, minLength: 6, maxLength: 6 }),
  })
  .map((c) => ({ ...c, checkDigit: iso6346CheckDigit(c.owner + c.category + c.serial) }));

describe('iso6346', () => {
  // CSQU3054383: ISO 6346 Wikipedia article (also lobster-world docs); MSKU3881107: Wolfram blog
  // 2011-06; CBHU3202732: okorder.com check-code Q&A; MWCU6059784: prefixlist.com check digit page
  const real = ['CSQU3054383', 'MSKU3881107', 'CBHU3202732', 'MWCU6059784'];

  it('published real container numbers validate, compact and spaced', () => {
    for (const n of real) {
      const want: ContainerNumber = { owner: n.slice(0, 3), category: n[3] as ContainerNumber['category'], serial: n.slice(4, 10), checkDigit: Number(n[10]) };
      expect(iso6346.decode(text(n))).toEqual(want);
      expect(iso6346.decode(text(`${n.slice(0, 4)} ${n.slice(4, 10)} ${n[10]}`))).toEqual(want);
      expect(new TextDecoder().decode(iso6346.encode(want))).toBe(n);
    }
    expect(iso6346.decode(text('CSQU 305438 3'))).toEqual({ owner: 'CSQ', category: 'U', serial: '305438', checkDigit: 3 });
  });

  it('a wrong check digit is a checksum problem', () => {
    expect(problem(() => iso6346.decode(text('CSQU3054384')))).toBe('checksum');
    // the brief's illustration MSCU1234565 does not check: MSCU 123456's check digit is 6
    expect(problem(() => iso6346.decode(text('MSCU1234565')))).toBe('checksum');
    expect(iso6346.decode(text('MSCU 123456 6'))).toEqual({ owner: 'MSC', category: 'U', serial: '123456', checkDigit: 6 });
    for (const n of real) for (let d = 0; d <= 9; d++) if (d !== Number(n[10])) expect(problem(() => iso6346.decode(text(n.slice(0, 10) + d)))).toBe('checksum');
  });

  it('bad category or characters are field problems, wrong length a length problem', () => {
    expect(problem(() => iso6346.decode(text('CSQX3054383')))).toBe('field');
    expect(problem(() => iso6346.decode(text('CSqU3054383')))).toBe('field');
    expect(problem(() => iso6346.decode(text('CSQU30543O3')))).toBe('field');
    expect(problem(() => iso6346.decode(text('CSQU305438')))).toBe('length');
    expect(problem(() => iso6346.decode(text('CSQU30543833')))).toBe('length');
    expect(problem(() => iso6346.decode(text('CSQU-305438-3')))).toBe('syntax');
  });

  it('decode(encode(x)) = x', () => {
    fc.assert(fc.property(containerNumber, (c) => { expect(iso6346.decode(iso6346.encode(c))).toEqual(c); }));
  });

  it('agrees with isValidContainerNumber on any 11 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ACSQUJZX0123456789'), minLength: 11, maxLength: 11 }), (s) => {
        expect(problem(() => iso6346.decode(text(s))) === 'accepted').toBe(isValidContainerNumber(s));
      }),
    );
  });
});

const sizeType = fc.constantFrom('22G1', '45G1', '42G1', '22R1', '45R1', '22U1', '22T0', 'L5G1');

/** an OCR read: the true number, or it with one character misread */
const ocrResult: fc.Arbitrary<ContainerOcrResult> = fc
  .record({
    c: containerNumber,
    misread: fc.option(fc.tuple(fc.integer({ min: 4, max: 10 }), digit)),
    lane: fc.constantFrom('L01', 'L02', 'IN-3'),
    camera: fc.constantFrom('cam-rear', 'cam-left', 'OCR 2'),
    ms: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
    sizeType,
    conf: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 11, maxLength: 11 }),
  })
  .map(({ c, misread, lane, camera, ms, sizeType, conf }) => {
    let n = c.owner + c.category + c.serial + String(c.checkDigit);
    if (misread) n = n.slice(0, misread[0]) + misread[1] + n.slice(misread[0] + 1);
    return {
      lane, camera, timestamp: new Date(ms).toISOString(), containerNumber: n, sizeType,
      characters: [...n].map((char, i) => ({ char, confidence: conf[i]! })),
      checkDigitValid: isValidContainerNumber(n), imageRef: `img/${ms}.jpg`,
    };
  });

const sample: ContainerOcrResult = {
  lane: 'L01', camera: 'cam-rear', timestamp: '2026-11-30T07:01:56.123Z', containerNumber: 'CSQU3054383', sizeType: '22G1',
  characters: [...'CSQU3054383'].map((char) => ({ char, confidence: 0.97 })), checkDigitValid: true, imageRef: 'img/0001.jpg',
};
const withJson = (patch: Record<string, unknown>) => text(JSON.stringify({ ...sample, ...patch }));

describe('container-ocr', () => {
  it('decode(encode(x)) = x, including misreads', () => {
    fc.assert(fc.property(ocrResult, (r) => { expect(containerOcr.decode(containerOcr.encode(r))).toEqual(r); }));
  });

  it('a misread the check digit catches says false; one it misses says true', () => {
    // one digit misread (3 → 8) is always caught by ISO 6346
    const caught = 'CSQU8054383';
    expect(isValidContainerNumber(caught)).toBe(false);
    const r = { ...sample, containerNumber: caught, characters: [...caught].map((char) => ({ char, confidence: 0.6 })), checkDigitValid: false };
    expect(containerOcr.decode(containerOcr.encode(r))).toEqual(r);
    expect(problem(() => containerOcr.decode(text(JSON.stringify({ ...r, checkDigitValid: true }))))).toBe('checksum');
    expect(problem(() => containerOcr.decode(withJson({ checkDigitValid: false })))).toBe('checksum');
    // two digits misread can slip past the check: the OCR then (rightly) reports it valid
    let missed = '';
    const good = 'CSQU3054383';
    for (let i = 4; i < 10; i++) for (let j = i + 1; j < 10; j++) for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) {
      const n = good.slice(0, i) + a + good.slice(i + 1, j) + b + good.slice(j + 1);
      if (!missed && n !== good && n[i] !== good[i] && n[j] !== good[j] && isValidContainerNumber(n)) missed = n;
    }
    expect(missed).not.toBe('');
    const m = { ...sample, containerNumber: missed, characters: [...missed].map((char) => ({ char, confidence: 0.5 })), checkDigitValid: true };
    expect(containerOcr.decode(containerOcr.encode(m))).toEqual(m);
    expect(problem(() => containerOcr.decode(text(JSON.stringify({ ...m, checkDigitValid: false }))))).toBe('checksum');
  });

  it('rejects bad shapes', () => {
    expect(problem(() => containerOcr.decode(withJson({})))).toBe('accepted');
    expect(problem(() => containerOcr.decode(withJson({ sizeType: '22X1' })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ sizeType: '2G1' })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ timestamp: '2026-02-30T00:00:00Z' })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ timestamp: 'yesterday' })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ extra: 1 })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ characters: sample.characters.slice(1) })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ characters: [{ char: 'C', confidence: 1.5 }, ...sample.characters.slice(1)] })))).toBe('field');
    expect(problem(() => containerOcr.decode(withJson({ containerNumber: 'CSQU305438' })))).toBe('field');
    expect(problem(() => containerOcr.decode(text('[1]')))).toBe('syntax');
    expect(problem(() => containerOcr.decode(text('{"lane":')))).toBe('syntax');
    expect(problem(() => containerOcr.decode(Uint8Array.of(0xff, 0xfe)))).toBe('syntax');
  });
});

describe('container codecs', () => {
  it('random bytes and random JSON never throw anything but DecodeError', () => {
    for (const c of codecs) {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => { problem(() => c.decode(b)); }), { numRuns: 1000 });
      fc.assert(fc.property(fc.jsonValue(), (v) => { problem(() => c.decode(text(JSON.stringify(v) ?? ''))); }), { numRuns: 1000 });
    }
    // mutate one key of a good result to arbitrary JSON
    const keys = Object.keys(sample);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (k, v) => { problem(() => containerOcr.decode(withJson({ [k]: v }))); }),
      { numRuns: 1000 },
    );
  });

  it('formats are named', () => {
    expect(codecs.map((c) => c.format)).toEqual(['iso6346', 'container-ocr']);
  });
});
