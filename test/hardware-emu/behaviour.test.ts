import { describe, expect, it } from 'vitest';
import { RngStreams, type Rng } from '../../sim/kernel/rng.js';
import { drawContainerNumber, drawElectronicPlate, drawPlate, isValidContainerNumber, isValidPlate, PLATE_CONFUSIONS } from '../../sim/supervision/identifiers.js';
import type { Codec } from '../../hardware-emu/codec.js';
import type { Passage, TimedFrame } from '../../hardware-emu/behaviour.js';
import { anprBehaviour } from '../../hardware-emu/anpr/behaviour.js';
import { containerOcrBehaviour } from '../../hardware-emu/container-ocr/behaviour.js';
import { rfidBehaviour } from '../../hardware-emu/rfid/behaviour.js';
import { weighbridgeBehaviour } from '../../hardware-emu/weighbridge/behaviour.js';
import { codecs as anprCodecs } from '../../hardware-emu/anpr/index.js';
import { codecs as ocrCodecs } from '../../hardware-emu/container-ocr/index.js';
import { codecs as rfidCodecs } from '../../hardware-emu/rfid/index.js';
import { codecs as wbCodecs, type MettlerToledoFrame } from '../../hardware-emu/weighbridge/index.js';

const allCodecs = new Map<string, Codec<unknown>>([...anprCodecs, ...ocrCodecs, ...rfidCodecs, ...wbCodecs].map((c) => [c.format, c]));

/** every produced frame encodes with its format's codec and decodes back to the same value */
function roundTrips(frames: TimedFrame<unknown>[]): void {
  for (const f of frames) {
    const c = allCodecs.get(f.format)!;
    expect(c, f.format).toBeDefined();
    expect(c.decode(c.encode(f.frame))).toEqual(f.frame);
  }
}

/** n passages a minute apart with identifiers drawn from their own stream */
function passages(seed: number, n: number): Passage[] {
  const r = new RngStreams(seed).stream('ids');
  return Array.from({ length: n }, (_, i) => ({
    at: 60 * i, lane: 'in-1', plate: drawPlate(r), ePlate: drawElectronicPlate(r), containerNumber: drawContainerNumber(r),
    sizeType: '22G1', grossKg: 20_000 + r.int(25_000), tareKg: 15_000,
  }));
}

const run = <T>(b: (p: Passage, params: object, rng: Rng) => TimedFrame<T>[], seed: number, ps: Passage[]) => {
  const rng = new RngStreams(seed).stream('dev');
  return ps.flatMap((p) => b(p, {}, rng));
};

/** |observed - expected| within 4 binomial standard deviations */
const withinBinomial = (k: number, n: number, p: number) => expect(Math.abs(k - n * p)).toBeLessThanOrEqual(4 * Math.sqrt(n * p * (1 - p)) + 1);

const behaviours = { anpr: anprBehaviour, ocr: containerOcrBehaviour, rfid: rfidBehaviour, weighbridge: weighbridgeBehaviour } as const;

describe('device behaviours', () => {
  const ps = passages(1, 200);
  for (const [name, b] of Object.entries(behaviours)) {
    it(`${name}: same seed → same frames, different seed → different; all round-trip`, () => {
      const few = name === 'weighbridge' ? ps.slice(0, 5) : ps;
      const a = run(b as never, 7, few);
      expect(run(b as never, 7, few)).toEqual(a);
      expect(run(b as never, 8, few)).not.toEqual(a);
      expect(a.length).toBeGreaterThan(0);
      roundTrips(a as TimedFrame<unknown>[]);
      for (const f of a) expect(Number.isFinite((f as TimedFrame<unknown>).at)).toBe(true);
    });
  }
});

describe('anpr behaviour', () => {
  const ps = passages(2, 5000);
  const rng = new RngStreams(3).stream('anpr');
  const out = ps.map((p) => ({ p, f: anprBehaviour(p, { recognitionRate: 0.9, misreadShare: 0.5 }, rng) }));

  it('recognition and misread rates within binomial tolerance', () => {
    const right = out.filter(({ p, f }) => f.length === 1 && f[0]!.frame.anpr.licensePlate === p.plate).length;
    const wrong = out.filter(({ p, f }) => f.length === 1 && f[0]!.frame.anpr.licensePlate !== p.plate).length;
    withinBinomial(right, 5000, 0.9);
    withinBinomial(wrong, 5000, 0.05);
  });

  it('misreads differ from the true plate by one look-alike serial character, at lower confidence', () => {
    for (const { p, f } of out) {
      if (f.length === 0) continue;
      const r = f[0]!.frame.anpr;
      if (r.licensePlate === p.plate) {
        expect(r.confidenceLevel).toBeGreaterThanOrEqual(85);
        continue;
      }
      expect(r.confidenceLevel).toBeLessThan(85);
      expect(isValidPlate(r.licensePlate)).toBe(true);
      const diff = [...p.plate].map((c, i) => i).filter((i) => p.plate[i] !== r.licensePlate[i]);
      expect(diff).toHaveLength(1);
      expect(diff[0]).toBeGreaterThanOrEqual(2);
      expect(PLATE_CONFUSIONS[p.plate[diff[0]!]!]).toContain(r.licensePlate[diff[0]!]);
    }
  });

  it('reads ~250 ms after the trigger, dateTime from epoch at +08:00', () => {
    const delays = out.flatMap(({ p, f }) => f.map((x) => x.at - p.at));
    const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
    expect(mean).toBeGreaterThan(0.24);
    expect(mean).toBeLessThan(0.26);
    const first = anprBehaviour({ ...ps[0]!, at: 3600 }, { recognitionRate: 1, readTimeSdS: 1e-9, readTimeMeanS: 0.25 }, rng)[0]!;
    expect(first.frame.dateTime).toBe('2026-01-01T09:00:00+08:00');
  });
});

describe('container-ocr behaviour', () => {
  const ps = passages(4, 5000);
  const rng = new RngStreams(5).stream('ocr');
  const out = ps.map((p) => ({ p, f: containerOcrBehaviour(p, { accuracy: 0.8, noReadRate: 0.05 }, rng) }));
  const reads = out.flatMap(({ p, f }) => f.map((x) => ({ p, r: x.frame })));

  it('checkDigitValid is the real ISO 6346 check of what was read; misreads both caught and missed', () => {
    for (const { r } of reads) expect(r.checkDigitValid).toBe(isValidContainerNumber(r.containerNumber));
    const mis = reads.filter(({ p, r }) => r.containerNumber !== p.containerNumber);
    const caught = mis.filter(({ r }) => !r.checkDigitValid).length;
    expect(caught).toBeGreaterThan(0);
    expect(caught).toBeLessThan(mis.length);
    // right reads always pass
    for (const { p, r } of reads) if (r.containerNumber === p.containerNumber) expect(r.checkDigitValid).toBe(true);
  });

  it('accuracy within binomial tolerance; misread characters have lower confidence', () => {
    withinBinomial(reads.filter(({ p, r }) => r.containerNumber === p.containerNumber).length, 10_000, 0.8);
    for (const { p, r } of reads)
      r.characters.forEach((c, i) => expect(c.confidence >= 0.9).toBe(c.char === p.containerNumber![i]));
  });

  it('no container → no frames; the back read follows the front', () => {
    expect(containerOcrBehaviour({ ...ps[0]!, containerNumber: undefined }, {}, rng)).toEqual([]);
    for (const { f } of out) if (f.length === 2) expect(f[1]!.at).toBeGreaterThan(f[0]!.at);
  });
});

describe('rfid behaviour', () => {
  it('missed-read rate within binomial tolerance; loop1 before loop2; rssi in range', () => {
    const ps = passages(6, 5000);
    const rng = new RngStreams(7).stream('rfid');
    const out = ps.map((p) => rfidBehaviour(p, { missRate: 0.1 }, rng));
    withinBinomial(10_000 - out.reduce((s, f) => s + f.length, 0), 10_000, 0.1);
    for (const f of out) {
      if (f.length === 2) expect([f[0]!.frame.loop, f[1]!.frame.loop, f[0]!.at < f[1]!.at]).toEqual(['loop1', 'loop2', true]);
      for (const x of f) expect(x.frame.rssi >= -90 && x.frame.rssi <= -20 && x.frame.readCount >= 1).toBe(true);
    }
  });
});

describe('weighbridge behaviour', () => {
  const p = passages(8, 1)[0]!;
  it('10 Hz frames, motion frames before stable ones, stable mean within noise of gross', () => {
    const sdKg = 10;
    const f = weighbridgeBehaviour(p, { sdKg, stableS: 5 }, new RngStreams(9).stream('wb')) as TimedFrame<MettlerToledoFrame>[];
    roundTrips(f);
    f.slice(1).forEach((x, i) => expect(x.at - f[i]!.at).toBeCloseTo(0.1, 6));
    const firstStable = f.findIndex((x) => !x.frame.motion);
    expect(firstStable).toBeGreaterThan(0);
    expect(f.slice(firstStable).every((x) => !x.frame.motion)).toBe(true);
    const stable = f.slice(firstStable).map((x) => x.frame.weight);
    expect(stable.length).toBeGreaterThanOrEqual(49);
    const mean = stable.reduce((s, w) => s + w, 0) / stable.length;
    // noise of the mean + zero drift over ~15 s + half a division
    expect(Math.abs(mean - p.grossKg)).toBeLessThan(4 * (sdKg / Math.sqrt(stable.length) + Math.sqrt(15)) + 5);
    expect(f[0]!.frame.weight).toBeLessThan(p.grossKg / 2);
  });

  it('xk3190 format option; every frame round-trips', () => {
    const f = weighbridgeBehaviour(p, { format: 'xk3190' }, new RngStreams(9).stream('wb'));
    expect(f.every((x) => x.format === 'xk3190')).toBe(true);
    roundTrips(f);
  });
});
