/**
 * Office hours: paperwork that takes "two working days" takes a weekend longer when it is filed on
 * a Friday. Time 0 is a Monday 00:00; an office is open from `openS` to `closeS` (seconds after
 * midnight, same day) on the first `daysPerWeek` days of each week (5: Monday to Friday).
 *
 * Pure arithmetic on the clock, no events: callers schedule the instant it returns.
 */
const DAY = 86_400;
const WEEK = 7 * DAY;

export interface WorkCalendar {
  openS: number;
  closeS: number;
  daysPerWeek: number;
}

/** Round the clock: work never waits. */
export const ALWAYS_OPEN: WorkCalendar = { openS: 0, closeS: DAY, daysPerWeek: 7 };

export function checkCalendar(c: WorkCalendar): void {
  if (!(c.openS >= 0 && c.closeS <= DAY && c.openS < c.closeS)) throw new RangeError(`office hours ${c.openS}–${c.closeS} s must satisfy 0 <= open < close <= 86400`);
  if (!(Number.isInteger(c.daysPerWeek) && c.daysPerWeek >= 1 && c.daysPerWeek <= 7)) throw new RangeError(`days per week must be 1..7, got ${c.daysPerWeek}`);
}

const isWorkday = (c: WorkCalendar, day: number): boolean => day % 7 < c.daysPerWeek;

/** The first instant >= t at which the office is open. */
export function nextOpen(c: WorkCalendar, t: number): number {
  let day = Math.floor(t / DAY);
  let tod = t - day * DAY;
  for (let k = 0; k < 8; k++) {
    if (isWorkday(c, day) && tod < c.closeS) return day * DAY + Math.max(tod, c.openS);
    day++;
    tod = 0;
  }
  throw new Error('unreachable: a calendar has at least one working day a week');
}

/** The instant at which `workS` seconds of office time, started at (or after) t, are done. */
export function afterWorking(c: WorkCalendar, t: number, workS: number): number {
  if (!(workS >= 0)) throw new RangeError(`working time must be >= 0, got ${workS}`);
  const perDay = c.closeS - c.openS;
  const perWeek = perDay * c.daysPerWeek;
  let now = nextOpen(c, t);
  let left = workS;
  // whole weeks at once, so that a month of paperwork costs no loop of days
  if (left > perWeek) {
    const weeks = Math.floor(left / perWeek) - 1;
    if (weeks > 0) {
      now += weeks * WEEK;
      left -= weeks * perWeek;
    }
  }
  for (;;) {
    const day = Math.floor(now / DAY);
    const close = day * DAY + c.closeS;
    if (now + left <= close) return now + left;
    left -= close - now;
    now = nextOpen(c, close);
  }
}
