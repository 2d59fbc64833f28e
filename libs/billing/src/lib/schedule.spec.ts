import fc from 'fast-check';
import {
  DEFAULT_MAX_PERIODS,
  dueAt,
  firstPeriodAtOrAfter,
  FREQUENCIES,
  Frequency,
  isFrequency,
  periodsDueBy,
} from './schedule';

const midnight = (day: string) => new Date(`${day}T00:00:00.000Z`);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

// Every worked example of billy.md §4: each row lists due(0), due(1), … at 00:00:00 UTC.
const WORKED_EXAMPLES: [Frequency, number, string, string[]][] = [
  [
    'daily',
    1,
    '2013-07-28',
    [
      '2013-07-28',
      '2013-07-29',
      '2013-07-30',
      '2013-07-31',
      '2013-08-01',
      '2013-08-02',
      '2013-08-03',
      '2013-08-04',
      '2013-08-05',
      '2013-08-06',
    ],
  ],
  ['daily', 3, '2013-07-28', ['2013-07-28', '2013-07-31', '2013-08-03', '2013-08-06']],
  ['weekly', 1, '2013-08-18', ['2013-08-18', '2013-08-25', '2013-09-01', '2013-09-08', '2013-09-15']],
  ['weekly', 2, '2013-08-18', ['2013-08-18', '2013-09-01', '2013-09-15']],
  ['monthly', 1, '2013-08-18', ['2013-08-18', '2013-09-18', '2013-10-18', '2013-11-18', '2013-12-18', '2014-01-18']],
  ['monthly', 6, '2013-08-18', ['2013-08-18', '2014-02-18', '2014-08-18', '2015-02-18']],
  [
    'monthly',
    1,
    '2013-08-31',
    ['2013-08-31', '2013-09-30', '2013-10-31', '2013-11-30', '2013-12-31', '2014-01-31', '2014-02-28'],
  ],
  ['monthly', 1, '2013-11-30', ['2013-11-30', '2013-12-30', '2014-01-30', '2014-02-28', '2014-03-30', '2014-04-30']],
  ['yearly', 1, '2013-08-18', ['2013-08-18', '2014-08-18', '2015-08-18', '2016-08-18', '2017-08-18']],
  ['yearly', 2, '2013-08-18', ['2013-08-18', '2015-08-18', '2017-08-18']],
  ['yearly', 1, '2012-02-29', ['2012-02-29', '2013-02-28', '2014-02-28', '2015-02-28', '2016-02-29']],
  ['monthly', 1, '2013-01-30', ['2013-01-30', '2013-02-28', '2013-03-30']],
  ['monthly', 3, '2013-08-31', ['2013-08-31', '2013-11-30', '2014-02-28', '2014-05-31']],
  ['monthly', 12, '2012-02-29', ['2012-02-29', '2013-02-28', '2014-02-28']],
];

const DAILY_MONTH_ENDS: [string, string][] = [
  ['2013-01-31', '2013-02-01'],
  ['2013-02-28', '2013-03-01'],
  ['2013-03-31', '2013-04-01'],
  ['2013-04-30', '2013-05-01'],
  ['2013-05-31', '2013-06-01'],
  ['2013-06-30', '2013-07-01'],
  ['2013-07-31', '2013-08-01'],
  ['2013-08-31', '2013-09-01'],
  ['2013-09-30', '2013-10-01'],
  ['2013-10-31', '2013-11-01'],
  ['2013-11-30', '2013-12-01'],
  ['2013-12-31', '2014-01-01'],
];

describe('dueAt', () => {
  it.each(WORKED_EXAMPLES)(
    'should give the worked due dates when billing %s every %d from %s',
    (frequency, interval, startedAt, expected) => {
      const start = midnight(startedAt);
      const actual = expected.map((_, period) => dueAt(start, frequency, interval, period).toISOString());
      expect(actual).toEqual(expected.map((day) => midnight(day).toISOString()));
    },
  );

  it.each(DAILY_MONTH_ENDS)(
    'should roll into the next month when billing daily from %s (due(1) = %s)',
    (start, next) => {
      expect(dueAt(midnight(start), 'daily', 1, 1).toISOString()).toBe(midnight(next).toISOString());
    },
  );

  it('should keep the time of day to the millisecond when a monthly date is clamped', () => {
    const start = new Date('2013-01-31T13:45:10.123Z');
    expect(dueAt(start, 'monthly', 1, 1).toISOString()).toBe('2013-02-28T13:45:10.123Z');
    expect(dueAt(start, 'monthly', 1, 2).toISOString()).toBe('2013-03-31T13:45:10.123Z');
  });

  it('should keep the time of day when billing daily or weekly', () => {
    const start = new Date('2013-03-09T23:59:59.999Z');
    expect(dueAt(start, 'daily', 1, 1).toISOString()).toBe('2013-03-10T23:59:59.999Z');
    expect(dueAt(start, 'weekly', 1, 1).toISOString()).toBe('2013-03-16T23:59:59.999Z');
  });

  it('should return a copy of startedAt when the period is 0', () => {
    const start = new Date('2013-08-18T10:00:00.000Z');
    const due = dueAt(start, 'yearly', 5, 0);
    expect(due).not.toBe(start);
    expect(due.getTime()).toBe(start.getTime());
  });

  it('should not read two-digit years as 19xx when the schedule starts in year 50', () => {
    const start = new Date('0050-01-31T08:00:00.000Z');
    expect(dueAt(start, 'monthly', 1, 1).toISOString()).toBe('0050-02-28T08:00:00.000Z');
    expect(dueAt(start, 'yearly', 1, 50).toISOString()).toBe('0100-01-31T08:00:00.000Z');
  });

  it('should clamp to February 29 only when the target year is a Gregorian leap year', () => {
    expect(isoDay(dueAt(midnight('1999-01-31'), 'monthly', 13, 1))).toBe('2000-02-29');
    expect(isoDay(dueAt(midnight('2099-01-31'), 'monthly', 13, 1))).toBe('2100-02-28');
  });

  it.each([0, -1, 1.5, Number.NaN])('should throw a RangeError when the interval is %p', (interval) => {
    expect(() => dueAt(midnight('2013-08-18'), 'monthly', interval, 1)).toThrow(RangeError);
  });

  it.each([-1, 0.5, Number.POSITIVE_INFINITY])('should throw a RangeError when the period is %p', (period) => {
    expect(() => dueAt(midnight('2013-08-18'), 'monthly', 1, period)).toThrow(RangeError);
  });

  it('should throw a RangeError when startedAt is an invalid Date', () => {
    expect(() => dueAt(new Date(Number.NaN), 'daily', 1, 0)).toThrow(RangeError);
  });

  it('should throw a RangeError when the frequency is unknown', () => {
    expect(() => dueAt(midnight('2013-08-18'), 'hourly' as Frequency, 1, 0)).toThrow(RangeError);
  });

  it('should throw a RangeError when the due date is beyond the Date range', () => {
    expect(() => dueAt(midnight('2013-08-18'), 'yearly', 1, 300_000)).toThrow(RangeError);
    expect(() => dueAt(midnight('2013-08-18'), 'daily', 1, 200_000_000)).toThrow(RangeError);
  });
});

describe('isFrequency', () => {
  it('should accept the four frequencies and reject others when given arbitrary values', () => {
    expect(['daily', 'weekly', 'monthly', 'yearly'].every(isFrequency)).toBe(true);
    expect([' daily', 'Monthly', 'hourly', '', 1, null].some(isFrequency)).toBe(false);
  });
});

describe('periodsDueBy', () => {
  const start = midnight('2013-08-31');

  it('should list every period up to and including now when now equals a due time', () => {
    expect(periodsDueBy(start, 'monthly', 1, 0, midnight('2013-11-30'))).toEqual([0, 1, 2, 3]);
  });

  it('should leave out a period when now is one millisecond before it', () => {
    expect(periodsDueBy(start, 'monthly', 1, 0, new Date('2013-11-29T23:59:59.999Z'))).toEqual([0, 1, 2]);
  });

  it('should start at fromPeriod when earlier periods were already yielded', () => {
    expect(periodsDueBy(start, 'monthly', 1, 2, midnight('2014-01-31'))).toEqual([2, 3, 4, 5]);
  });

  it('should return nothing when the next period is still in the future', () => {
    expect(periodsDueBy(start, 'monthly', 1, 0, midnight('2013-08-30'))).toEqual([]);
    expect(periodsDueBy(start, 'monthly', 1, 4, midnight('2013-12-30'))).toEqual([]);
  });

  it('should give one period per missed day when a daily worker catches up', () => {
    expect(periodsDueBy(midnight('2013-08-16'), 'daily', 1, 0, midnight('2013-08-20'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('should stop at maxCount when more periods are due', () => {
    expect(periodsDueBy(start, 'daily', 1, 10, midnight('2020-01-01'), 3)).toEqual([10, 11, 12]);
  });

  it('should stop at the default cap when a very old daily schedule is caught up', () => {
    const periods = periodsDueBy(midnight('1970-01-01'), 'daily', 1, 0, midnight('2013-01-01'));
    expect(periods).toHaveLength(DEFAULT_MAX_PERIODS);
    expect(periods[DEFAULT_MAX_PERIODS - 1]).toBe(DEFAULT_MAX_PERIODS - 1);
  });

  it('should stop instead of throwing when later periods leave the Date range', () => {
    const nearEnd = new Date(8.64e15 - 10 * 86_400_000);
    expect(periodsDueBy(nearEnd, 'daily', 1, 0, new Date(8.64e15))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each([
    ['fromPeriod is negative', () => periodsDueBy(start, 'monthly', 1, -1, start)],
    ['interval is 0', () => periodsDueBy(start, 'monthly', 0, 0, start)],
    ['maxCount is 0', () => periodsDueBy(start, 'monthly', 1, 0, start, 0)],
    ['now is invalid', () => periodsDueBy(start, 'monthly', 1, 0, new Date(Number.NaN))],
  ])('should throw a RangeError when %s', (_, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('firstPeriodAtOrAfter', () => {
  const start = midnight('2013-08-31');

  it('should bill the period due exactly at the resume time when one is', () => {
    expect(firstPeriodAtOrAfter(start, 'monthly', 1, 0, midnight('2013-11-30'))).toBe(3);
  });

  it('should skip a period due one millisecond before the resume time', () => {
    expect(firstPeriodAtOrAfter(start, 'monthly', 1, 0, new Date('2013-11-30T00:00:00.001Z'))).toBe(4);
  });

  it('should pick the next period when the resume time is one millisecond before it', () => {
    expect(firstPeriodAtOrAfter(start, 'monthly', 1, 0, new Date('2013-11-29T23:59:59.999Z'))).toBe(3);
  });

  it('should return fromPeriod when it is not due yet', () => {
    expect(firstPeriodAtOrAfter(start, 'monthly', 1, 5, midnight('2013-08-31'))).toBe(5);
    expect(firstPeriodAtOrAfter(start, 'daily', 1, 2, midnight('2013-09-02'))).toBe(2);
  });

  it('should follow the clamped month ends when the anchor is January 31', () => {
    const january31 = midnight('2013-01-31');
    expect(firstPeriodAtOrAfter(january31, 'monthly', 1, 0, midnight('2013-02-28'))).toBe(1);
    expect(firstPeriodAtOrAfter(january31, 'monthly', 1, 0, midnight('2013-03-01'))).toBe(2);
    expect(firstPeriodAtOrAfter(january31, 'monthly', 1, 0, midnight('2013-03-31'))).toBe(2);
  });

  it('should not compute one due date per period when the pause lasts millennia', () => {
    const dateUtc = jest.spyOn(Date, 'UTC');
    try {
      // Jan 31 1970 + 3216360 months is Jan 31 270000; the period before falls on Dec 31 269999.
      expect(firstPeriodAtOrAfter(midnight('1970-01-31'), 'monthly', 1, 0, new Date(Date.UTC(270_000, 0, 1)))).toBe(
        3_216_360,
      );
      expect(dateUtc.mock.calls.length).toBeLessThan(20);
    } finally {
      dateUtc.mockRestore();
    }
  });

  it('should find the last representable day when a daily schedule runs to the end of the Date range', () => {
    expect(firstPeriodAtOrAfter(new Date(0), 'daily', 1, 0, new Date(8.64e15))).toBe(100_000_000);
  });

  it('should throw a RangeError when no period at or after the resume time fits in the Date range', () => {
    const nearEnd = new Date(8.64e15 - 86_400_000);
    expect(() => firstPeriodAtOrAfter(nearEnd, 'daily', 2, 0, new Date(8.64e15))).toThrow(RangeError);
    expect(() => firstPeriodAtOrAfter(nearEnd, 'daily', 1, 5, nearEnd)).toThrow(RangeError);
  });

  it.each([
    ['fromPeriod is negative', () => firstPeriodAtOrAfter(start, 'monthly', 1, -1, start)],
    ['fromPeriod is fractional', () => firstPeriodAtOrAfter(start, 'monthly', 1, 0.5, start)],
    ['interval is 0', () => firstPeriodAtOrAfter(start, 'monthly', 0, 0, start)],
    ['at is invalid', () => firstPeriodAtOrAfter(start, 'monthly', 1, 0, new Date(Number.NaN))],
    ['the anchor is invalid', () => firstPeriodAtOrAfter(new Date(Number.NaN), 'monthly', 1, 0, start)],
    ['the frequency is unknown', () => firstPeriodAtOrAfter(start, 'hourly' as Frequency, 1, 0, start)],
  ])('should throw a RangeError when %s', (_, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('firstPeriodAtOrAfter properties', () => {
  const anyAnchor = fc.date({
    min: new Date('1970-01-01T00:00:00.000Z'),
    max: new Date('2200-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  });
  // The last day of a month (Jan 31, Feb 28/29, Apr 30, …) at a random time: where clamping happens.
  const monthEnd = fc
    .record({
      year: fc.integer({ min: 1970, max: 2200 }),
      month: fc.integer({ min: 0, max: 11 }),
      timeOfDay: fc.integer({ min: 0, max: 86_399_999 }),
    })
    .map(({ year, month, timeOfDay }) => new Date(Date.UTC(year, month + 1, 0) + timeOfDay));
  const anchor = fc.oneof(anyAnchor, monthEnd, fc.constant(midnight('2013-01-31')));
  const frequency = fc.constantFrom(...FREQUENCIES);
  const interval = fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 36 }));
  const fromPeriod = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }));
  // Either anywhere from 60 days before the anchor to 20 years after it, or within 1 ms of some due time.
  const resume = fc.oneof(
    fc.record({ offsetMs: fc.integer({ min: -60 * 86_400_000, max: 20 * 365 * 86_400_000 }) }),
    fc.record({ period: fc.integer({ min: 0, max: 300 }), deltaMs: fc.constantFrom(-1, 0, 1) }),
  );

  const linearScan = (start: Date, freq: Frequency, every: number, from: number, at: Date) => {
    let period = from;
    while (dueAt(start, freq, every, period).getTime() < at.getTime()) period++;
    return period;
  };

  it('should agree with a linear scan when anchors, frequencies, intervals and resume times vary', () => {
    fc.assert(
      fc.property(anchor, frequency, interval, fromPeriod, resume, (start, freq, every, from, spec) => {
        const at =
          'offsetMs' in spec
            ? new Date(start.getTime() + spec.offsetMs)
            : new Date(dueAt(start, freq, every, spec.period).getTime() + spec.deltaMs);
        expect(firstPeriodAtOrAfter(start, freq, every, from, at)).toBe(linearScan(start, freq, every, from, at));
      }),
      { numRuns: 300 },
    );
  });
});
