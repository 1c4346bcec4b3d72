import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { sampler } from '../../sim/kernel/distributions.js';
import { DecodeError, type Codec } from '../../hardware-emu/codec.js';
import type { TimedFrame } from '../../hardware-emu/behaviour.js';
import { accountedFor, applyFaults } from '../../hardware-emu/faults.js';
import { mettlerToledo, xk3190 } from '../../hardware-emu/weighbridge/index.js';
import { weighbridgeBehaviour, type WeighbridgeParams } from '../../hardware-emu/weighbridge/behaviour.js';

const passage = { at: 100, lane: 'in-1', plate: '闽D12345', grossKg: 38_000, tareKg: 15_000 };

/** an encoded weighbridge stream (~100 frames per passage) */
function stream(params: WeighbridgeParams, n = 1): TimedFrame<Uint8Array>[] {
  const rng = new RngStreams(11).stream('wb');
  const codec = (params.format === 'xk3190' ? xk3190 : mettlerToledo) as Codec<unknown>;
  return Array.from({ length: n }, (_, i) => weighbridgeBehaviour({ ...passage, at: 100 + 30 * i }, params, rng))
    .flat()
    .map((f) => ({ ...f, frame: codec.encode(f.frame) }));
}

const rng = (seed: number) => new RngStreams(seed).stream('faults');
const prob = fc.double({ min: 0, max: 1, noNaN: true });

describe('fault layer', () => {
  const input = stream({}, 20);

  it('same seed → same output; different seed → different', () => {
    const p = { drop: 0.1, corrupt: 0.1, duplicate: 0.1, stuck: 0.1, delayS: sampler({ dist: 'exponential', mean: 0.05 }) };
    const a = applyFaults(input, p, rng(1));
    expect(applyFaults(input, p, rng(1))).toEqual(a);
    expect(applyFaults(input, p, rng(2))).not.toEqual(a);
  });

  it('every input frame is accounted for, for random parameters', () => {
    const small = input.slice(0, 300);
    fc.assert(
      fc.property(
        fc.record({ drop: prob, corrupt: prob, duplicate: prob, stuck: prob, clockSkewS: fc.double({ min: -5, max: 5, noNaN: true }), seed: fc.nat() }),
        fc.array(fc.record({ from: fc.double({ min: 100, max: 700, noNaN: true }), len: fc.double({ min: 0, max: 50, noNaN: true }) }), { maxLength: 3 }),
        ({ seed, ...p }, ws) => {
          const { frames, accounting } = applyFaults(small, { ...p, offline: ws.map((w) => ({ from: w.from, to: w.from + w.len })) }, rng(seed));
          expect(accountedFor(accounting)).toBe(true);
          expect(accounting.input).toBe(small.length);
          expect(frames).toHaveLength(accounting.sent);
          frames.slice(1).forEach((f, i) => expect(f.at).toBeGreaterThanOrEqual(frames[i]!.at));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('drop rate within binomial tolerance', () => {
    const { accounting } = applyFaults(input, { drop: 0.2 }, rng(3));
    const n = input.length;
    expect(Math.abs(accounting.counts.dropped - 0.2 * n)).toBeLessThanOrEqual(4 * Math.sqrt(n * 0.2 * 0.8));
    expect(accounting.counts.delivered + accounting.counts.dropped).toBe(n);
  });

  for (const [name, params, codec] of [
    ['mettler-toledo with checksum', { checksum: true }, mettlerToledo],
    ['xk3190', { format: 'xk3190' }, xk3190],
  ] as const) {
    it(`every corrupted ${name} frame fails to decode; the others decode`, () => {
      const s = stream(params as WeighbridgeParams, 20);
      const { frames, accounting } = applyFaults(s, { corrupt: 0.3 }, rng(4));
      expect(accounting.counts.corrupted).toBeGreaterThan(100);
      const bad = frames.filter((f) => {
        try {
          (codec as Codec<unknown>).decode(f.frame);
          return false;
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          return true;
        }
      });
      // frames are in input order (no delay), so corrupted ones line up with their outcomes
      expect(bad).toHaveLength(accounting.counts.corrupted);
      frames.forEach((f, i) => expect(accounting.outcomes[i] === 'corrupted').toBe(bad.includes(f)));
    });
  }

  it('offline windows deliver nothing inside them, even with extra latency', () => {
    const offline = [{ from: 150, to: 250 }, { from: 400, to: 401.5 }];
    const { frames, accounting } = applyFaults(input, { offline, delayS: sampler({ dist: 'exponential', mean: 2 }) }, rng(5));
    expect(accounting.counts.offline).toBeGreaterThan(0);
    for (const f of frames) for (const w of offline) expect(f.at >= w.from && f.at < w.to).toBe(false);
  });

  it('stuck repeats the previous frame of the device; duplicates send two copies; skew shifts at', () => {
    const { frames, accounting } = applyFaults(input, { stuck: 0.3, duplicate: 0.2, clockSkewS: 2 }, rng(6));
    const outs = [...accounting.outcomes.entries()];
    let j = 0;
    for (const [i, o] of outs) {
      expect(frames[j]!.at).toBeCloseTo(input[i]!.at + 2, 9);
      if (o === 'stuck') expect(frames[j]!.frame).not.toBe(input[i]!.frame);
      else expect(frames[j]!.frame).toBe(input[i]!.frame);
      if (o === 'stuck') expect(input.slice(0, i).some((x) => x.frame === frames[j]!.frame)).toBe(true);
      j += o === 'duplicated' ? 2 : 1;
    }
    expect(accounting.counts.stuck).toBeGreaterThan(0);
    expect(accounting.counts.duplicated).toBeGreaterThan(0);
  });
});
