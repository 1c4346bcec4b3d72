/**
 * Office hours: paperwork runs only while the office is open, so "two working days" filed on a
 * Friday ends on Tuesday. Checked on examples a planner can read, and as a property: the open time
 * between the start and the answer is exactly the work asked for.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { afterWorking, checkCalendar, nextOpen, ALWAYS_OPEN, type WorkCalendar } from '../../sim/kernel/work-calendar.js';

const H = 3600;
const DAY = 24 * H;
const OFFICE: WorkCalendar = { openS: 8.5 * H, closeS: 17.5 * H, daysPerWeek: 5 };
const at = (day: number, hour: number) => day * DAY + hour * H;

/** Open seconds in [a, b), by walking whole days (the slow, obvious way). */
function openBetween(c: WorkCalendar, a: number, b: number): number {
  let sum = 0;
  for (let d = Math.floor(a / DAY); d * DAY < b; d++) {
    if (d % 7 >= c.daysPerWeek) continue;
    const lo = Math.max(a, d * DAY + c.openS), hi = Math.min(b, d * DAY + c.closeS);
    if (hi > lo) sum += hi - lo;
  }
  return sum;
}

describe('office hours', () => {
  it('an hour of work asked on Friday at 17:00 ends on Monday at 09:00', () => {
    expect(afterWorking(OFFICE, at(4, 17), H)).toBe(at(7, 9));
  });
  it('work filed at night starts when the office opens', () => {
    expect(nextOpen(OFFICE, at(1, 22))).toBe(at(2, 8.5));
    expect(afterWorking(OFFICE, at(1, 3), 2 * H)).toBe(at(1, 10.5));
  });
  it('a weekend is skipped whole', () => {
    expect(nextOpen(OFFICE, at(5, 12))).toBe(at(7, 8.5));
  });
  it('round the clock never waits', () => {
    expect(afterWorking(ALWAYS_OPEN, 12_345, 6789)).toBe(12_345 + 6789);
  });
  it('refuses a calendar that is never open', () => {
    expect(() => checkCalendar({ openS: 10 * H, closeS: 9 * H, daysPerWeek: 5 })).toThrow(/open < close/);
    expect(() => checkCalendar({ openS: 0, closeS: H, daysPerWeek: 0 })).toThrow(/days per week/);
  });

  it('the open time between start and end is exactly the work asked for, and the end is open time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 60 * DAY, noNaN: true }), fc.double({ min: 1, max: 40 * DAY, noNaN: true }),
        (open, len, days, t, work) => {
          const c: WorkCalendar = { openS: open * H, closeS: Math.min(DAY, (open + len) * H), daysPerWeek: days };
          fc.pre(c.openS < c.closeS);
          const end = afterWorking(c, t, work);
          expect(end).toBeGreaterThanOrEqual(t + work - 1e-6);
          expect(openBetween(c, t, end)).toBeCloseTo(work, 3);
          const tod = end - Math.floor(end / DAY) * DAY;
          // the end is inside (or at the close of) an open day
          expect(tod === 0 || (tod >= c.openS && tod <= c.closeS)).toBe(true);
        },
      ),
    );
  });
});
