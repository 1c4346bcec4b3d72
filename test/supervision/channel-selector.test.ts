import { describe, expect, it } from 'vitest';
import { ChannelSelector, type ChannelSelectorOptions } from '../../sim/supervision/channel-selector.js';
import { CH_GREEN, CH_ORANGE, CH_RED, CH_YELLOW, SEL_ALL, SEL_RANDOM } from '../../sim/supervision/vocabulary.js';

const opts = (over: Partial<ChannelSelectorOptions> = {}): ChannelSelectorOptions => ({
  targets: [0.05, 0, 0.1, 0], dailyCapacity: [Infinity, 0, Infinity, Infinity], randomOnly: false, reviewAll: false, randomChannel: CH_RED, capacityAware: false, ...over,
});

describe('channel selector', () => {
  it('a random pick goes to the random channel whatever its score', () => {
    const s = new ChannelSelector(opts({ randomChannel: CH_ORANGE }));
    const code = s.decide(0, 0, true);
    expect(code & 7).toBe(CH_ORANGE);
    expect(code >> 3).toBe(SEL_RANDOM);
  });
  it('fills red and yellow near their target shares by score', () => {
    const s = new ChannelSelector(opts());
    const n = 20000;
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[s.decide(i, ((i * 7919) % 10007) / 10007, false) & 7]++;
    expect(counts[CH_RED] / n).toBeGreaterThan(0.03);
    expect(counts[CH_RED] / n).toBeLessThan(0.07);
    expect(counts[CH_YELLOW] / n).toBeGreaterThan(0.07);
    expect(counts[CH_YELLOW] / n).toBeLessThan(0.13);
  });
  it('with a spent red budget, capacity-aware selection lets a high score fall through to the next channel', () => {
    const s = new ChannelSelector(opts({ capacityAware: true, dailyCapacity: [0, 0, Infinity, Infinity] }));
    const chans = new Set<number>();
    for (let i = 0; i < 2000; i++) chans.add(s.decide(i, ((i * 7919) % 10007) / 10007, false) & 7);
    expect(chans.has(CH_RED)).toBe(false);
    expect(chans.has(CH_YELLOW)).toBe(true);
  });
  it('review-all sends what would be green to a document review', () => {
    const s = new ChannelSelector(opts({ randomOnly: true, reviewAll: true }));
    const code = s.decide(0, 0.5, false);
    expect(code & 7).toBe(CH_YELLOW);
    expect(code >> 3).toBe(SEL_ALL);
    expect(new ChannelSelector(opts({ randomOnly: true })).decide(0, 0.5, false) & 7).toBe(CH_GREEN);
  });
});
