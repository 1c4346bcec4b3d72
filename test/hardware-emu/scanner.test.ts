import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { Rng, deriveState } from '../../sim/kernel/rng.js';
import { scanJob, type ScanInput, type PixelBox } from '../../hardware-emu/scanner/h986.js';

const rng = (seed = 'h986') => new Rng('scanner', deriveState(seed, 'scanner'));
const base: ScanInput = { at: 1000, containerNumber: 'MSCU1234565', sizeType: '45G1', cargo: { kind: 'general', density: 0.5, fill: 0.8 } };

/** PNG bytes → greyscale pixel getter (red channel; the image is grey) */
function decode(png: Uint8Array) {
  const img = pngjs.PNG.sync.read(Buffer.from(png));
  return { width: img.width, height: img.height, at: (x: number, y: number) => img.data[4 * (y * img.width + x)] };
}
function mean(png: Uint8Array, b?: PixelBox): number {
  const img = decode(png);
  const { x0, x1, y0, y1 } = b ?? { x0: 0, x1: img.width, y0: 0, y1: img.height };
  let s = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += img.at(x, y);
  return s / ((x1 - x0) * (y1 - y0));
}

describe('H986 scanner', () => {
  it('takes 60–120 s per container, spread over the range across seeds', () => {
    const durations = Array.from({ length: 12 }, (_, i) => {
      const r = scanJob(base, {}, rng(`s${i}`));
      expect(r.startedAt).toBe(1000);
      return r.doneAt - r.startedAt;
    });
    for (const d of durations) expect(d >= 60 && d <= 120).toBe(true);
    expect(Math.max(...durations) - Math.min(...durations)).toBeGreaterThan(20);
  });

  it('gives the same PNG bytes for the same seed, different ones for another seed', () => {
    const a = scanJob(base, {}, rng()).image;
    expect(Buffer.from(scanJob(base, {}, rng()).image).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(scanJob(base, {}, rng('other')).image).equals(Buffer.from(a))).toBe(false);
  });

  it('writes a PNG pngjs reads back at 800×300 for a 40/45-ft box and 400×300 for a 20-ft one', () => {
    const r = scanJob(base, {}, rng());
    expect([r.width, r.height]).toEqual([800, 300]);
    const img = decode(r.image);
    expect([img.width, img.height]).toEqual([800, 300]);
    const small = decode(scanJob({ ...base, sizeType: '22G1' }, {}, rng()).image);
    expect([small.width, small.height]).toEqual([400, 300]);
  });

  it.each(['wall-concealment', 'hidden-compartment'] as const)('shows a %s darker than the same region without it, and nothing else changed', (kind) => {
    const anomaly = { kind, x0: 0.3, x1: 0.45, y0: 0.2, y1: 0.6 };
    const withA = scanJob({ ...base, anomaly }, {}, rng());
    const without = scanJob(base, {}, rng());
    const b = withA.truth.anomaly!.box;
    expect(b.x1 - b.x0).toBeGreaterThan(50);
    expect(mean(withA.image, b)).toBeLessThan(mean(without.image, b) - 10);
    // everything outside the region (and the blur's pixel) is untouched: the noise stream is the same
    const outside = { x0: 0, x1: b.x0 - 1, y0: 0, y1: 300 };
    expect(mean(withA.image, outside)).toBe(mean(without.image, outside));
    expect(withA.doneAt).toBe(without.doneAt);
  });

  it('shows mismatched cargo as other goods in the region: cigarette cases in a load of paper reels are lighter there', () => {
    const paper: ScanInput = { ...base, cargo: { kind: 'paper-rolls', density: 0.6, fill: 0.9 } };
    const withA = scanJob({ ...paper, anomaly: { kind: 'mismatched-cargo', x0: 0.3, x1: 0.6, y0: 0, y1: 1, goods: 'cigarettes' } }, {}, rng());
    const without = scanJob(paper, {}, rng());
    const b = withA.truth.anomaly!.box;
    expect(b.x1 - b.x0).toBeGreaterThan(150);
    expect(mean(withA.image, b)).toBeGreaterThan(mean(without.image, b) + 20);
  });

  it('shows an empty container brighter on average than a densely loaded one', () => {
    const empty = scanJob({ ...base, cargo: { kind: 'empty', density: 0, fill: 0 } }, {}, rng());
    for (const k of ['general', 'textiles', 'liquid', 'paper-rolls', 'food-bags'] as const) {
      const full = scanJob({ ...base, cargo: { kind: k, density: 0.9, fill: 1 } }, {}, rng());
      expect(mean(empty.image), k).toBeGreaterThan(mean(full.image) + 15);
    }
  });

  it('records the truth with pixel boxes for anomaly and threat', () => {
    const r = scanJob({ ...base, threat: { x: 0.6, y: 0.3, kind: 'pistol' } }, {}, rng());
    expect(r.truth.anomaly).toBeNull();
    expect(r.truth.threat).toMatchObject({ kind: 'pistol', box: { x0: expect.any(Number), y1: expect.any(Number) } });
    // a pistol of ~20 × 14 cm at 1.6 cm and 1.3 cm per pixel
    const b = r.truth.threat!.box;
    expect(b.x1 - b.x0).toBeGreaterThan(10);
    expect(b.x1 - b.x0).toBeLessThan(20);
    expect(r.truth.cargo).toEqual(base.cargo);
  });

  it('draws any height from 150 px and tolerates reversed or out-of-range regions', () => {
    for (const heightPx of [150, 451]) {
      const r = scanJob({ ...base, cargo: { kind: 'machinery', density: 1, fill: 1 }, anomaly: { kind: 'hidden-compartment', x0: 1.2, x1: -0.1, y0: 0.9, y1: 0.1 } }, { heightPx }, rng());
      expect(decode(r.image).height).toBe(heightPx);
      expect(r.truth.anomaly!.box.x0).toBeLessThan(r.truth.anomaly!.box.x1);
    }
    expect(() => scanJob(base, { heightPx: 100 }, rng())).toThrow(RangeError);
  });

  it('saves sample scans to test-artifacts/ that show a container on a trailer, the threat, the concealment and each cargo', () => {
    const input: ScanInput = { ...base, anomaly: { kind: 'wall-concealment', x0: 0.55, x1: 0.7, y0: 0.1, y1: 0.5 }, threat: { x: 0.25, y: 0.45, kind: 'pistol' } };
    const r = scanJob(input, {}, rng());
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/h986-sample.png', r.image);
    const samples = (['machinery', 'textiles', 'liquid', 'empty'] as const).map((k) => {
      const file = `test-artifacts/h986-sample-${k}.png`;
      writeFileSync(file, scanJob({ ...base, sizeType: k === 'liquid' ? '22G1' : '45G1', cargo: { kind: k, density: 0.7, fill: 0.9 } }, {}, rng()).image);
      return { k, png: new Uint8Array(readFileSync(file)) };
    });

    // what is on disk: an 8-bit greyscale PNG, 800×300 for the 45-ft box
    const png = new Uint8Array(readFileSync('test-artifacts/h986-sample.png'));
    const meta = pngjs.PNG.sync.read(Buffer.from(png));
    expect([meta.width, meta.height, meta.colorType, meta.depth]).toEqual([800, 300, 0, 8]);
    const box = (x0: number, x1: number, y0: number, y1: number) => mean(png, { x0, x1, y0, y1 });
    // air above the box is near full scale; the roof, the bottom rails and the corner posts are dark lines
    const air = box(0, 800, 0, 15);
    expect(air).toBeGreaterThan(240);
    const top = Math.round(300 * 0.07), bottom = Math.round(300 * 0.8), cx0 = Math.round(800 * 0.03);
    expect(box(cx0 + 20, 800 - cx0 - 20, top, top + 4)).toBeLessThan(air - 60);
    expect(box(cx0 + 20, 800 - cx0 - 20, bottom - 10, bottom - 2)).toBeLessThan(air - 60);
    expect(box(cx0, cx0 + 4, top + 20, bottom - 20)).toBeLessThan(air - 60);
    // the trailer's rear wheel hub below the box is dark; between the axles, under the chassis, is air
    const axle = Math.round(800 - cx0 - 150);
    const wheelY = 276; // the wheels' centre 62 cm under the floor's top (xray/container.ts)
    expect(box(axle - 3, axle + 3, wheelY - 3, wheelY + 3)).toBeLessThan(box(380, 420, wheelY - 3, wheelY + 3) - 80);
    // the threat is among the goods: darker than the same pixels of the same scan without it, and
    // never lighter anywhere (it adds attenuation; the noise is the same)
    const noThreat = scanJob({ ...input, threat: undefined }, {}, rng()).image;
    const t = r.truth.threat!.box;
    const a0 = decode(png), b0 = decode(noThreat);
    let darker = 0;
    for (let y = t.y0; y < t.y1; y++) for (let x = t.x0; x < t.x1; x++) if (a0.at(x, y) < b0.at(x, y) - 20) darker++;
    expect(darker).toBeGreaterThan(30);
    let lighter = 0;
    for (let y = 0; y < 300; y++) for (let x = 0; x < 800; x++) if (a0.at(x, y) > b0.at(x, y)) lighter++;
    expect(lighter).toBe(0);
    // the concealment behind the wall lining: darker than the same place in the same scan without it
    const an = r.truth.anomaly!.box;
    expect(mean(png, an)).toBeLessThan(mean(scanJob(base, {}, rng()).image, an) - 10);

    // the cargo samples: a 20-ft box for the drums, and the empty box brighter inside than any loaded one
    const interior = (p: Uint8Array) => { const w = decode(p).width; return mean(p, { x0: Math.round(w * 0.03) + 10, x1: w - Math.round(w * 0.03) - 10, y0: top + 7, y1: bottom - 17 }); };
    expect(samples.map(({ k, png: p }) => [k, decode(p).width, decode(p).height])).toEqual([['machinery', 800, 300], ['textiles', 800, 300], ['liquid', 400, 300], ['empty', 800, 300]]);
    const empty = interior(samples[3].png);
    for (const s of samples.slice(0, 3)) expect(empty, s.k).toBeGreaterThan(interior(s.png) + 15);
  });
});
