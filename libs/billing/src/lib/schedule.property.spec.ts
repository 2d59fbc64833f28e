import fc from 'fast-check';
import { dueAt, FREQUENCIES } from './schedule';

const MS_PER_DAY = 86_400_000;

const startedAt = fc.date({
  min: new Date('1970-01-01T00:00:00.000Z'),
  max: new Date('2200-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});
const frequency = fc.constantFrom(...FREQUENCIES);
const interval = fc.integer({ min: 1, max: 36 });
const period = fc.integer({ min: 0, max: 500 });

// Written independently of the implementation: day 0 of the next month is the last day of this one.
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
const timeOfDayMs = (date: Date) =>
  date.getTime() - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
const dayNumber = (date: Date) => Math.floor(date.getTime() / MS_PER_DAY);

describe('dueAt properties', () => {
  it('should strictly increase when the period grows by one', () => {
    fc.assert(
      fc.property(startedAt, frequency, interval, period, (start, freq, every, p) => {
        expect(dueAt(start, freq, every, p + 1).getTime()).toBeGreaterThan(dueAt(start, freq, every, p).getTime());
      }),
    );
  });

  it('should advance exactly p × interval units from the start when billing daily or weekly', () => {
    fc.assert(
      fc.property(
        startedAt,
        fc.constantFrom('daily' as const, 'weekly' as const),
        interval,
        period,
        (start, freq, every, p) => {
          const daysPerUnit = freq === 'daily' ? 1 : 7;
          expect(dayNumber(dueAt(start, freq, every, p)) - dayNumber(start)).toBe(p * every * daysPerUnit);
        },
      ),
    );
  });

  it('should land in month start + p × interval when billing monthly or yearly', () => {
    fc.assert(
      fc.property(
        startedAt,
        fc.constantFrom('monthly' as const, 'yearly' as const),
        interval,
        period,
        (start, freq, every, p) => {
          const monthsPerUnit = freq === 'monthly' ? 1 : 12;
          expect(monthIndex(dueAt(start, freq, every, p))).toBe(monthIndex(start) + p * every * monthsPerUnit);
        },
      ),
    );
  });

  it('should keep the start day or clamp to the month end when billing monthly or yearly', () => {
    fc.assert(
      fc.property(
        startedAt,
        fc.constantFrom('monthly' as const, 'yearly' as const),
        interval,
        period,
        (start, freq, every, p) => {
          const due = dueAt(start, freq, every, p);
          const expected = Math.min(start.getUTCDate(), daysInMonth(due.getUTCFullYear(), due.getUTCMonth()));
          expect(due.getUTCDate()).toBe(expected);
        },
      ),
    );
  });

  it('should keep the UTC time of day to the millisecond when any frequency is used', () => {
    fc.assert(
      fc.property(startedAt, frequency, interval, period, (start, freq, every, p) => {
        expect(timeOfDayMs(dueAt(start, freq, every, p))).toBe(timeOfDayMs(start));
      }),
    );
  });

  it('should equal yearly × n when billing monthly × 12n', () => {
    fc.assert(
      fc.property(startedAt, interval, period, (start, every, p) => {
        expect(dueAt(start, 'monthly', 12 * every, p).getTime()).toBe(dueAt(start, 'yearly', every, p).getTime());
      }),
    );
  });

  it('should equal daily × 7n when billing weekly × n', () => {
    fc.assert(
      fc.property(startedAt, interval, period, (start, every, p) => {
        expect(dueAt(start, 'weekly', every, p).getTime()).toBe(dueAt(start, 'daily', 7 * every, p).getTime());
      }),
    );
  });

  it('should equal one jump of p × interval months when billing monthly', () => {
    // A cumulative implementation drifts after a clamped month (Aug 31 → Sep 30 → Oct 30); one jump cannot.
    fc.assert(
      fc.property(startedAt, interval, fc.integer({ min: 1, max: 500 }), (start, every, p) => {
        expect(dueAt(start, 'monthly', every, p).getTime()).toBe(dueAt(start, 'monthly', every * p, 1).getTime());
      }),
    );
  });
});
