/*
 * Billy's billing schedule (billy.md §4): the due time of period p is always
 * computed from started_at, never from the previous due time, so a clamped
 * month (Jan 31 → Feb 28) does not drag later periods to the 28th.
 */

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;

export type Frequency = (typeof FREQUENCIES)[number];

/** Default cap for periodsDueBy, so a subscription started long ago cannot make one call loop forever. */
export const DEFAULT_MAX_PERIODS = 1000;

const MS_PER_DAY = 86_400_000;
// A Gregorian 400-year cycle is a whole number of days (146097), so shifting by it keeps every calendar field.
const MS_PER_400_YEARS = 146_097 * MS_PER_DAY;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Mean length of one unit over a 400-year cycle (4800 months), for estimating how many periods fit in a span.
const AVERAGE_UNIT_MS: Record<Frequency, number> = {
  daily: MS_PER_DAY,
  weekly: 7 * MS_PER_DAY,
  monthly: MS_PER_400_YEARS / 4800,
  yearly: MS_PER_400_YEARS / 400,
};

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

/** The due time of 0-based period `period` of a schedule that started at `startedAt`. */
export function dueAt(startedAt: Date, frequency: Frequency, interval: number, period: number): Date {
  assertSchedule(startedAt, frequency, interval);
  assertInteger('period', period, 0);
  const due = dueTime(startedAt, frequency, interval * period);
  if (Number.isNaN(due)) {
    throw new RangeError(`period ${period} of a ${frequency} schedule every ${interval} falls outside the Date range`);
  }
  return new Date(due);
}

/**
 * Periods p ≥ fromPeriod whose due time is ≤ now, in order. At most maxCount
 * are returned; the caller continues from the last one + 1 to catch up further.
 */
export function periodsDueBy(
  startedAt: Date,
  frequency: Frequency,
  interval: number,
  fromPeriod: number,
  now: Date,
  maxCount: number = DEFAULT_MAX_PERIODS,
): number[] {
  assertSchedule(startedAt, frequency, interval);
  assertInteger('fromPeriod', fromPeriod, 0);
  assertValidDate('now', now);
  assertInteger('maxCount', maxCount, 1);
  const limit = now.getTime();
  const periods: number[] = [];
  // Due times strictly increase with p, so the first one after `now` ends the scan.
  for (let period = fromPeriod; periods.length < maxCount; period++) {
    const due = dueTime(startedAt, frequency, interval * period);
    if (Number.isNaN(due) || due > limit) break;
    periods.push(period);
  }
  return periods;
}

/**
 * The first period p ≥ fromPeriod due at or after `at`: where a resumed
 * subscription goes on billing (lifecycle.md §5). A period due exactly at `at`
 * is billed; earlier ones were skipped by the pause and are never billed.
 */
export function firstPeriodAtOrAfter(
  anchor: Date,
  frequency: Frequency,
  interval: number,
  fromPeriod: number,
  at: Date,
): number {
  assertSchedule(anchor, frequency, interval);
  assertInteger('fromPeriod', fromPeriod, 0);
  assertValidDate('at', at);
  const target = at.getTime();
  // A due time past the Date range is later than any `at`, which keeps the comparisons below monotone.
  const due = (period: number) => {
    const ms = dueTime(anchor, frequency, interval * period);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  const first = due(fromPeriod);
  let period = fromPeriod;
  if (first < target) {
    // A long pause spans many periods, so jump near the answer instead of walking there one by one.
    period += Math.ceil((target - first) / (interval * AVERAGE_UNIT_MS[frequency]));
    // The estimate is off by at most a few periods (month lengths vary); due times strictly increase with p.
    while (period > fromPeriod && due(period - 1) >= target) period--;
    while (due(period) < target) period++;
  }
  if (due(period) === Number.POSITIVE_INFINITY) {
    throw new RangeError(
      `no period of a ${frequency} schedule every ${interval} at or after ${at.toISOString()} falls inside the Date range`,
    );
  }
  return period;
}

/** Milliseconds since the epoch, or NaN when the result is not a representable Date. */
function dueTime(startedAt: Date, frequency: Frequency, units: number): number {
  switch (frequency) {
    case 'daily':
      return clip(startedAt.getTime() + units * MS_PER_DAY);
    case 'weekly':
      return clip(startedAt.getTime() + units * 7 * MS_PER_DAY);
    case 'monthly':
      return addCalendarMonths(startedAt, units);
    case 'yearly':
      return addCalendarMonths(startedAt, units * 12);
  }
}

function addCalendarMonths(startedAt: Date, months: number): number {
  const monthIndex = startedAt.getUTCFullYear() * 12 + startedAt.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const day = Math.min(startedAt.getUTCDate(), daysInMonth(year, month));
  return utcTime(year, month, day, startedAt);
}

function utcTime(year: number, month: number, day: number, timeOf: Date): number {
  // Date.UTC reads years 0–99 as 1900–1999; going one 400-year cycle up and back avoids that.
  const shifted = year >= 0 && year <= 99;
  const ms = Date.UTC(
    shifted ? year + 400 : year,
    month,
    day,
    timeOf.getUTCHours(),
    timeOf.getUTCMinutes(),
    timeOf.getUTCSeconds(),
    timeOf.getUTCMilliseconds(),
  );
  return shifted ? ms - MS_PER_400_YEARS : ms;
}

function daysInMonth(year: number, month: number): number {
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 1 && isLeap ? 29 : DAYS_IN_MONTH[month];
}

// Applies Date's own range limit (±8.64e15 ms), turning overflow into NaN.
function clip(ms: number): number {
  return new Date(ms).getTime();
}

function assertSchedule(startedAt: Date, frequency: Frequency, interval: number): void {
  assertValidDate('startedAt', startedAt);
  if (!isFrequency(frequency)) {
    throw new RangeError(`frequency must be one of ${FREQUENCIES.join(', ')}, got ${String(frequency)}`);
  }
  assertInteger('interval', interval, 1);
}

function assertValidDate(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

function assertInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}
