import type { RandomSource } from './rng.js';

/**
 * Poisson arrival processes. Each arrival uses exactly one uniform draw (an exponential(1) step
 * of cumulative intensity), so two policies on the same seed see the same arrival times, and
 * changing the profile shifts times without desynchronising the stream.
 */
export interface ArrivalProcess {
  /** Time (s) of the next arrival after `now`, or Infinity if there is none. */
  next(now: number, rng: RandomSource): number;
}

const HOUR = 3600;
const DAY = 86400;

/** Homogeneous Poisson arrivals at `perHour` arrivals per hour. */
export class PoissonArrivals implements ArrivalProcess {
  private readonly meanGap: number;

  constructor(readonly perHour: number) {
    if (!(perHour >= 0 && perHour < Infinity)) {
      throw new RangeError(`PoissonArrivals: perHour must be a finite number >= 0, got ${perHour}`);
    }
    this.meanGap = perHour > 0 ? HOUR / perHour : Infinity;
  }

  next(now: number, rng: RandomSource): number {
    if (this.meanGap === Infinity) return Infinity;
    return now - this.meanGap * Math.log(1 - rng.next());
  }
}

/**
 * Non-homogeneous Poisson arrivals whose rate is constant within each hour of the day and
 * repeats daily. Exact: draws E ~ Exp(1) and returns the t with Λ(t) − Λ(now) = E, where Λ is the
 * cumulative intensity (piecewise linear). Thinning would also be exact but uses a random number
 * of draws per arrival, which breaks the alignment of common random numbers between profiles.
 */
export class HourlyProfileArrivals implements ArrivalProcess {
  /** arrivals per second in each hour */
  private readonly rate: Float64Array;
  /** expected arrivals in a whole day */
  readonly perDay: number;

  constructor(perHour: readonly number[]) {
    if (!Array.isArray(perHour) || perHour.length !== 24) {
      throw new RangeError(
        `HourlyProfileArrivals: perHour must have 24 values, got ${Array.isArray(perHour) ? perHour.length : String(perHour)}`,
      );
    }
    this.rate = new Float64Array(24);
    let day = 0;
    for (let h = 0; h < 24; h++) {
      const v = perHour[h];
      if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) {
        throw new RangeError(`HourlyProfileArrivals: perHour[${h}] must be a finite number >= 0, got ${String(v)}`);
      }
      this.rate[h] = v / HOUR;
      day += v;
    }
    this.perDay = day;
  }

  next(now: number, rng: RandomSource): number {
    if (this.perDay === 0) return Infinity;
    let e = -Math.log(1 - rng.next()); // intensity still to cover
    if (!(e < Infinity)) throw new RangeError(`HourlyProfileArrivals: rng.next() must be in [0, 1)`);
    let t = now;
    let hourIndex = Math.floor(t / HOUR);
    // Walk hour by hour from `now`; after at most one day, whole days are skipped at once.
    for (let steps = 0; ; steps++) {
      if (steps === 24 && e >= this.perDay) {
        const days = Math.floor(e / this.perDay);
        e = Math.max(0, e - days * this.perDay); // e ≥ 0 keeps zero-rate hours from matching
        t += days * DAY;
        hourIndex += days * 24;
      }
      const r = this.rate[((hourIndex % 24) + 24) % 24];
      const end = (hourIndex + 1) * HOUR;
      const mass = r * (end - t);
      if (e < mass) {
        const at = t + e / r;
        // rounding must not put the arrival past the hour it was found in (nor before now)
        return at < end ? (at > now ? at : now) : end;
      }
      e -= mass;
      t = end;
      hourIndex++;
    }
  }
}
