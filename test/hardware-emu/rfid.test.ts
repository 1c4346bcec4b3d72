import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, utf8 } from '../../hardware-emu/codec.js';
import { problem } from './codec-properties.js';
import { codecs, rfidRead, type RfidTagRead } from '../../hardware-emu/rfid/index.js';


const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: n, maxLength: n });
const tagRead: fc.Arbitrary<RfidTagRead> = fc.record({
  reader: fc.constantFrom('gate-in-1', 'RD 02', 'lane3/uhf'),
  antenna: fc.integer({ min: 1, max: 4 }),
  epc: fc.oneof(hex(24), hex(32)),
  rssi: fc.double({ min: -90, max: -20, noNaN: true }),
  timestamp: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString()),
  loop: fc.constantFrom('loop1' as const, 'loop2' as const),
  readCount: fc.integer({ min: 1, max: 10_000 }),
});

const sample: RfidTagRead = { reader: 'gate-in-1', antenna: 2, epc: 'E28011606000020A1B2C3D4E', rssi: -58.5, timestamp: '2026-11-30T07:03:31.000Z', loop: 'loop1', readCount: 3 };
const withJson = (patch: Record<string, unknown>) => utf8.encode(JSON.stringify({ ...sample, ...patch }));

describe('rfid-read', () => {
  it('decode(encode(x)) = x', () => {
    fc.assert(fc.property(tagRead, (r) => { expect(rfidRead.decode(rfidRead.encode(r))).toEqual(r); }));
  });

  it('encodes the documented keys in a fixed order', () => {
    expect(new TextDecoder().decode(rfidRead.encode(sample))).toBe(
      '{"reader":"gate-in-1","antenna":2,"epc":"E28011606000020A1B2C3D4E","rssi":-58.5,"timestamp":"2026-11-30T07:03:31.000Z","loop":"loop1","readCount":3}',
    );
  });

  it('rejects out-of-range and malformed fields', () => {
    expect(problem(() => rfidRead.decode(withJson({})))).toBe('accepted');
    for (const patch of [
      { antenna: 0 }, { antenna: 5 }, { antenna: 1.5 }, { antenna: '1' },
      { epc: 'E28011606000020A1B2C3D4' }, { epc: 'e28011606000020a1b2c3d4e' }, { epc: 'E28011606000020A1B2C3D4E00' }, { epc: 'G28011606000020A1B2C3D4E' },
      { rssi: -91 }, { rssi: -19.9 }, { rssi: null },
      { timestamp: '2026-11-30 07:03:31' }, { timestamp: '2026-13-01T00:00:00Z' },
      { loop: 'loop3' }, { readCount: 0 }, { readCount: 2.5 }, { reader: '' }, { extra: true },
    ]) {
      expect(problem(() => rfidRead.decode(withJson(patch))), JSON.stringify(patch)).toBe('field');
    }
    const { readCount: _, ...missing } = sample;
    expect(problem(() => rfidRead.decode(utf8.encode(JSON.stringify(missing))))).toBe('field');
    expect(problem(() => rfidRead.decode(utf8.encode('null')))).toBe('syntax');
    expect(problem(() => rfidRead.decode(utf8.encode('{"reader"')))).toBe('syntax');
  });

  it('accepts a 128-bit EPC', () => {
    const r = { ...sample, epc: '3034257BF7194E4000001A85E28011AB' };
    expect(rfidRead.decode(rfidRead.encode(r))).toEqual(r);
  });

  it('random bytes and random JSON never throw anything but DecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 60 }), (b) => { problem(() => rfidRead.decode(b)); }), { numRuns: 1000 });
    fc.assert(fc.property(fc.jsonValue(), (v) => { problem(() => rfidRead.decode(utf8.encode(JSON.stringify(v) ?? ''))); }), { numRuns: 1000 });
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(sample)), fc.jsonValue(), (k, v) => { problem(() => rfidRead.decode(withJson({ [k]: v }))); }),
      { numRuns: 1000 },
    );
  });

  it('formats are named', () => {
    expect(codecs.map((c) => c.format)).toEqual(['rfid-read']);
  });
});
