import { currencyCode } from './currency';

describe('currencyCode', () => {
  it.each([
    ['usd', 'usd'],
    ['USD', 'usd'],
    ['Jpy', 'jpy'],
    [' eur ', 'eur'],
  ])('should answer %j as %j when it is a current currency in any case', (value, expected) => {
    expect(currencyCode(value)).toBe(expected);
  });

  it.each(['QQQ', 'dem', 'us', 'usdd', ''])('should refuse %j when it is no current ISO 4217 code', (value) => {
    expect(currencyCode(value)).toBeNull();
  });
});
