import { parseTimestamp } from './timestamp-param';

describe('parseTimestamp', () => {
  it.each([
    ['2013-08-17T08:00:00+08:00', '2013-08-17T00:00:00.000Z'],
    ['2013-08-17T08:00:00+0800', '2013-08-17T00:00:00.000Z'],
    ['2013-08-17 00:00:00.123456Z', '2013-08-17T00:00:00.123Z'],
    ['2013-08-17', '2013-08-17T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
    ['9999-12-31T23:59:59+14:00', '9999-12-31T09:59:59.000Z'],
  ])('should read %s as %s', (text, iso) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['an impossible date', '2013-02-30T00:00:00Z'],
    ['an hour past 23', '2013-02-01T24:00:00Z'],
    ['trailing text', '2013-02-01T00:00:00Z tomorrow'],
    ['a time in the year 10000 in UTC', '9999-12-31T23:59:59-14:00'],
  ])('should refuse %s', (_label, text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});
