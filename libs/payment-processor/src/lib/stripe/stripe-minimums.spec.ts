import { stripeMinimumAmount } from './stripe-minimums';

describe('stripeMinimumAmount', () => {
  it.each([
    ['usd', 50],
    ['gbp', 30],
    ['jpy', 50],
    ['huf', 17500],
  ])('should answer Stripe’s minimum for %s in its minor unit', (currency, minimum) => {
    expect(stripeMinimumAmount(currency)).toBe(minimum);
  });

  it('should answer the floor of 50 when Stripe names no minimum of its own', () => {
    expect(stripeMinimumAmount('isk')).toBe(50);
  });
});
