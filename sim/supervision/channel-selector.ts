/**
 * Capacity-aware channel selection: turns risk scores into channels so that each channel takes
 * its target share of declarations and no more than the day's officer capacity allows.
 *
 * Channels are filled in order red → orange → yellow → blue → green (DOMAIN.md, supervision
 * logic 2). A channel's threshold is the score quantile that gives it its share: with shares
 * r_red, r_orange, … the red threshold is the (1 − r_red) quantile of recent scores, the orange
 * one the (1 − r_red − r_orange) quantile, and so on. Quantiles come from a sketch of the last
 * day or two of scores, refreshed every REFRESH declarations, so thresholds follow the scores as
 * the valuation table learns. A declaration over a channel's threshold whose day's budget is
 * spent falls through to the next channel.
 *
 * Random control comes first: a declaration drawn at random (minimum rate by credit class) goes
 * to the random inspection channel whatever its score, and counts against that channel's budget.
 */
import { Quantiles } from '../kernel/stats.js';
import { CH_BLUE, CH_GREEN, CH_YELLOW, SEL_ALL, SEL_NONE, SEL_RANDOM, SEL_TARGETED } from './vocabulary.js';

const DAY = 86400;
/** thresholds are recomputed after this many scores */
const REFRESH = 256;
/** below this many scores seen, every declaration is ranked against the few there are */
const MIN_SCORES = 32;

export interface ChannelSelectorOptions {
  /** largest share per channel, in CHANNELS order without green */
  targets: readonly [red: number, orange: number, yellow: number, blue: number];
  /** consignments per day each channel can take (Infinity: no limit) */
  dailyCapacity: readonly [red: number, orange: number, yellow: number, blue: number];
  /** 'random' model: no targeted selection at all */
  randomOnly: boolean;
  /** every declaration is at least document-reviewed */
  reviewAll: boolean;
  /** channel that random selections go to (red, or orange when the scanner comes first) */
  randomChannel: number;
  /** enforce daily budgets */
  capacityAware: boolean;
}

export class ChannelSelector {
  private readonly cumShare: Float64Array; // cumulative target share per channel
  private readonly thresholds = new Float64Array(4).fill(Infinity);
  private cur = new Quantiles(0.01);
  private prev: Quantiles | null = null;
  private sinceRefresh = 0;
  private day = -1;
  /** decisions per channel today */
  readonly today = new Float64Array(5);
  /** decisions per channel since the start (or the last reset) */
  readonly total = new Float64Array(5);

  constructor(private readonly o: ChannelSelectorOptions) {
    const cum = new Float64Array(4);
    let s = 0;
    for (let i = 0; i < 4; i++) cum[i] = s = Math.min(1, s + Math.max(0, o.targets[i]));
    this.cumShare = cum;
  }

  /** Current score thresholds of red, orange, yellow, blue (for reports and tests). */
  get currentThresholds(): readonly number[] {
    return Array.from(this.thresholds);
  }

  /**
   * Channel for a declaration scored `score` at time `now`; `randomPick` tells whether random
   * control drew it. Returns channel + 8 × selection (unpacked by the caller: one number, no
   * allocation on the hot path).
   */
  decide(now: number, score: number, randomPick: boolean): number {
    const day = Math.floor(now / DAY);
    if (day !== this.day) this.newDay(day);
    if (!this.o.randomOnly) this.observe(score);

    // random control is a minimum: it is honoured whatever the budgets (and uses them up)
    if (randomPick) return this.count(this.o.randomChannel) + 8 * SEL_RANDOM;
    if (this.o.randomOnly) return this.count(this.o.reviewAll ? CH_YELLOW : CH_GREEN) + 8 * (this.o.reviewAll ? SEL_ALL : SEL_NONE);

    let ch: number = CH_GREEN;
    const th = this.thresholds;
    for (let i = 0; i < 4; i++) {
      if (score >= th[i] && this.o.targets[i] > 0) {
        ch = this.budgetedFrom(i);
        break;
      }
    }
    if (ch === CH_GREEN || ch === CH_BLUE) {
      if (this.o.reviewAll) return this.count(CH_YELLOW) + 8 * SEL_ALL;
      return this.count(ch) + 8 * SEL_NONE;
    }
    return this.count(ch) + 8 * (ch === CH_YELLOW && this.o.reviewAll ? SEL_ALL : SEL_TARGETED);
  }

  /**
   * Work that reaches a channel's officers without a decision of this selector (a referral to a
   * physical inspection, a re-check): it uses up the day's budget as well.
   */
  addLoad(ch: number): void {
    this.today[ch]++;
  }

  /** Forgets counts (at the end of warm-up); thresholds and the score sketch are kept. */
  resetCounts(): void {
    this.total.fill(0);
  }

  /** First channel from `ch` on whose budget is not spent (green has no budget). */
  private budgetedFrom(ch: number): number {
    if (!this.o.capacityAware) return ch;
    for (let i = ch; i < 4; i++) {
      if (this.today[i] < this.o.dailyCapacity[i] && (i === ch || this.o.targets[i] > 0)) return i;
    }
    return CH_GREEN;
  }

  private count(ch: number): number {
    this.today[ch]++;
    this.total[ch]++;
    return ch;
  }

  private newDay(day: number): void {
    this.day = day;
    this.today.fill(0);
    // keep yesterday's scores as a reference while today's accumulate
    if (this.cur.count >= MIN_SCORES) {
      this.prev = this.cur;
      this.cur = new Quantiles(0.01);
    }
  }

  private observe(score: number): void {
    this.cur.add(score);
    if (++this.sinceRefresh >= REFRESH || this.cur.count + (this.prev?.count ?? 0) <= MIN_SCORES) this.refresh();
  }

  private refresh(): void {
    this.sinceRefresh = 0;
    let q = this.cur;
    if (this.prev !== null) q = new Quantiles(0.01).merge(this.prev).merge(this.cur);
    const th = this.thresholds;
    for (let i = 0; i < 4; i++) {
      const share = this.cumShare[i];
      // a channel with no share never takes anyone; a share of 1 takes everyone
      th[i] = share <= 0 ? Infinity : share >= 1 ? -Infinity : q.quantile(1 - share);
    }
    // the quantile is an upper bound within the sketch's accuracy; ties at one score share a fate
  }
}

