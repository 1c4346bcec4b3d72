import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../hardware-emu/codec.js';
import { codecs, mettlerToledo, xk3190, type MettlerToledoFrame, type Xk3190Frame } from '../../hardware-emu/weighbridge/index.js';

const mtFrame = (checksum?: boolean): fc.Arbitrary<MettlerToledoFrame> =>
  fc
    .record({
      w: fc.integer({ min: 0, max: 999_999 }),
      t: fc.integer({ min: 0, max: 999_999 }),
      decimals: fc.integer({ min: -2, max: 5 }),
      net: fc.boolean(),
      negative: fc.boolean(),
      motion: fc.boolean(),
      overCapacity: fc.boolean(),
      unit: fc.constantFrom('kg' as const, 'lb' as const),
      increment: fc.constantFrom(1 as const, 2 as const, 5 as const),
      powerUpNotZeroed: fc.boolean(),
      printRequest: fc.boolean(),
      expanded: fc.boolean(),
      checksum: checksum === undefined ? fc.boolean() : fc.constant(checksum),
    })
    .map(({ w, t, ...rest }) => {
      const s = 10 ** Math.max(rest.decimals, 0);
      return { ...rest, weight: w / s, tare: t / s };
    });

const xkFrame: fc.Arbitrary<Xk3190Frame> = fc
  .record({ n: fc.integer({ min: 0, max: 999_999 }), decimals: fc.integer({ min: 0, max: 4 }), negative: fc.boolean() })
  .map(({ n, decimals, negative }) => ({ weight: n / 10 ** decimals, decimals, negative }));

/** every other value at every position: the frame must no longer decode, with a DecodeError */
function expectEverySingleByteChangeRejected(decode: (b: Uint8Array) => unknown, good: Uint8Array): void {
  const accepted: string[] = [];
  for (let i = 0; i < good.length; i++) {
    for (let v = 0; v < 256; v++) {
      if (v === good[i]) continue;
      const bad = good.slice();
      bad[i] = v;
      try {
        decode(bad);
        accepted.push(`byte ${i} → 0x${v.toString(16)}`);
      } catch (e) {
        if (!(e instanceof DecodeError) || !e.problem) accepted.push(`byte ${i} → 0x${v.toString(16)}: ${String(e)}`);
      }
    }
  }
  expect(accepted).toEqual([]);
}

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('mettler-toledo (Toledo continuous)', () => {
  it('decode(encode(x)) = x', () => {
    fc.assert(fc.property(mtFrame(), (f) => { expect(mettlerToledo.decode(mettlerToledo.encode(f))).toEqual(f); }));
  });

  it('frames are 7-bit, STX..CR, and sum to 0 mod 128 with the checksum', () => {
    fc.assert(
      fc.property(mtFrame(true), (f) => {
        const b = mettlerToledo.encode(f);
        expect(b.length).toBe(18);
        expect([b[0], b[16]]).toEqual([0x02, 0x0d]);
        expect(b.every((x) => x < 0x80)).toBe(true);
        expect(b.reduce((s, x) => s + x, 0) % 128).toBe(0);
      }),
    );
  });

  it('rejects every single-byte change of a checksummed frame', () => {
    fc.assert(fc.property(mtFrame(true), (f) => expectEverySingleByteChangeRejected(mettlerToledo.decode, mettlerToledo.encode(f))), { numRuns: 20 });
  });

  it('decodes a frame built from the Wildcat manual tables 6-8..6-11', () => {
    // SWA 0x2b '+' = bit5 + x1 increment (bit3) + decimal code 011 (XXXXX.X)
    // SWB 0x30 '0' = bit5 + kg (bit4): gross, positive, in range, stable
    // SWC 0x20 ' ' = bit5 only; weight "012345" → 1234.5, tare "000000"
    const body = [0x02, 0x2b, 0x30, 0x20, ...ascii('012345000000'), 0x0d];
    const sum = body.reduce((s, x) => s + x, 0);
    const frame = bytes(...body, -sum & 0x7f);
    expect(body[1]).toBe(0x20 | 0x08 | 0b011);
    expect(mettlerToledo.decode(frame)).toEqual({
      weight: 1234.5, tare: 0, net: false, negative: false, motion: false, overCapacity: false, unit: 'kg',
      decimals: 1, increment: 1, powerUpNotZeroed: false, printRequest: false, expanded: false, checksum: true,
    });
    // net, negative, in motion, lb: SWB = 0x20 | 1 | 2 | 8 = 0x2b '+', no checksum byte
    const f2 = mettlerToledo.decode(bytes(0x02, 0x2b, 0x2b, 0x20, ...ascii('000150001000'), 0x0d));
    expect(f2).toMatchObject({ weight: 15, tare: 100, net: true, negative: true, motion: true, unit: 'lb', checksum: false });
  });

  it('names the reason: framing, length, checksum, field', () => {
    const good = mettlerToledo.encode({ weight: 1, tare: 0, net: false, negative: false, motion: false, overCapacity: false, unit: 'kg', decimals: 0, increment: 1, powerUpNotZeroed: false, printRequest: false, expanded: false, checksum: true });
    const problem = (b: Uint8Array) => { try { mettlerToledo.decode(b); } catch (e) { return (e as DecodeError).problem; } return 'ok'; };
    expect(problem(good.subarray(0, 16))).toBe('length');
    expect(problem(Uint8Array.from([0x03, ...good.subarray(1)]))).toBe('framing');
    const bad = good.slice(); bad[17] = (bad[17]! + 1) & 0x7f;
    expect(problem(bad)).toBe('checksum');
    const noCk = good.slice(0, 17); noCk[5] = 0x41;
    expect(problem(noCk)).toBe('field');
  });
});

describe('xk3190', () => {
  it('decode(encode(x)) = x', () => {
    fc.assert(fc.property(xkFrame, (f) => { expect(xk3190.decode(xk3190.encode(f))).toEqual(f); }));
  });

  it('rejects every single-byte change', () => {
    fc.assert(fc.property(xkFrame, (f) => expectEverySingleByteChangeRejected(xk3190.decode, xk3190.encode(f))), { numRuns: 20 });
  });

  it('decodes the documented +20.00 example (njzscloud device-ctrl 地磅.md)', () => {
    const frame = bytes(0x02, 0x2b, 0x30, 0x30, 0x32, 0x30, 0x30, 0x30, 0x32, 0x31, 0x42, 0x03);
    expect(xk3190.decode(frame)).toEqual({ weight: 20, decimals: 2, negative: false });
    expect(xk3190.encode({ weight: 20, decimals: 2, negative: false })).toEqual(frame);
  });

  it('encodes a negative weight with the XOR in uppercase hex', () => {
    const b = xk3190.encode({ weight: 1.5, decimals: 3, negative: true });
    expect(String.fromCharCode(...b.subarray(1, 11))).toBe('-0015003' + ((0x2d ^ 0x30 ^ 0x30 ^ 0x31 ^ 0x35 ^ 0x30 ^ 0x30 ^ 0x33).toString(16).toUpperCase().padStart(2, '0')));
  });
});

describe('weighbridge codecs', () => {
  it('random bytes never throw anything but DecodeError', () => {
    for (const c of codecs) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
          try {
            c.decode(b);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('random frame-shaped bytes (right length, STX, end byte) never throw anything but DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 18, maxLength: 18 }), fc.boolean(), (b, ck) => {
        const m = b.slice(0, ck ? 18 : 17); m[0] = 2; m[16] = 13;
        const x = b.slice(0, 12); x[0] = 2; x[11] = 3;
        for (const [c, f] of [[mettlerToledo, m], [xk3190, x]] as const) {
          try { c.decode(f); } catch (e) { expect(e).toBeInstanceOf(DecodeError); }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('formats are named', () => {
    expect(codecs.map((c) => c.format)).toEqual(['mettler-toledo', 'xk3190']);
  });
});
