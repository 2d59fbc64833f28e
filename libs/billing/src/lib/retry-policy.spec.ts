import { nextDeclineRetryAt, parseDelays, transientBackoffMs } from './retry-policy';

const DAY = 86_400_000;

describe('parseDelays', () => {
  it('should parse the default dunning schedule when given 1d,3d,7d', () => {
    expect(parseDelays('1d,3d,7d')).toEqual([DAY, 3 * DAY, 7 * DAY]);
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['0s', 0],
  ])('should convert %s to %d ms when given a single delay', (text, ms) => {
    expect(parseDelays(text)).toEqual([ms]);
  });

  it('should ignore spaces around pieces when the list is padded', () => {
    expect(parseDelays('  30s , 15m,2h  ')).toEqual([30_000, 900_000, 7_200_000]);
  });

  it.each(['', '   '])('should return an empty schedule when the text is %p', (text) => {
    expect(parseDelays(text)).toEqual([]);
  });

  it.each([
    ['1d,3x,7d', '3x'],
    ['1 fortnight', '1 fortnight'],
    ['1d,,3d', ''],
    ['1.5h', '1.5h'],
    ['-1d', '-1d'],
    ['1D', '1D'],
    ['d', 'd'],
    ['1 d', '1 d'],
    ['99999999999999999d', '99999999999999999d'],
  ])('should throw naming the bad piece when %p contains %p', (text, piece) => {
    expect(() => parseDelays(text)).toThrow(`"${piece}"`);
  });
});

describe('nextDeclineRetryAt', () => {
  const now = new Date('2013-08-16T12:00:00.000Z');
  const schedule = [DAY, 3 * DAY, 7 * DAY];

  it.each([
    [1, '2013-08-17T12:00:00.000Z'],
    [2, '2013-08-19T12:00:00.000Z'],
    [3, '2013-08-23T12:00:00.000Z'],
  ])('should wait the %dth delay when that many declines happened', (failures, expected) => {
    expect(nextDeclineRetryAt(failures, schedule, now)?.toISOString()).toBe(expected);
  });

  it('should return null when the schedule is spent', () => {
    expect(nextDeclineRetryAt(4, schedule, now)).toBeNull();
  });

  it('should return null on the first decline when the schedule is empty', () => {
    expect(nextDeclineRetryAt(1, [], now)).toBeNull();
  });

  it.each([0, -1, 1.5])('should throw a RangeError when failureCount is %p', (failures) => {
    expect(() => nextDeclineRetryAt(failures, schedule, now)).toThrow(RangeError);
  });

  it('should throw a RangeError when the scheduled delay is negative', () => {
    expect(() => nextDeclineRetryAt(1, [-1], now)).toThrow(RangeError);
  });
});

describe('transientBackoffMs', () => {
  it('should double from one second when the defaults are used', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => transientBackoffMs(attempt))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000,
    ]);
  });

  it('should stop at the cap when the doubling passes it', () => {
    expect(transientBackoffMs(7)).toBe(60_000);
    expect(transientBackoffMs(5000)).toBe(60_000);
  });

  it('should use the given base and cap when they are passed', () => {
    expect([1, 2, 3, 4].map((attempt) => transientBackoffMs(attempt, 250, 1500))).toEqual([250, 500, 1000, 1500]);
  });

  it('should return 0 rather than NaN when the base is 0 and attempts are huge', () => {
    expect(transientBackoffMs(10_000, 0)).toBe(0);
  });

  it.each([0, -1, 2.5])('should throw a RangeError when the attempt is %p', (attempt) => {
    expect(() => transientBackoffMs(attempt)).toThrow(RangeError);
  });

  it('should throw a RangeError when the base is negative', () => {
    expect(() => transientBackoffMs(1, -1)).toThrow(RangeError);
  });
});
