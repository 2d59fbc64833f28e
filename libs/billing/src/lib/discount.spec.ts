import fc from 'fast-check';
import { afterOnePeriod, couponLine, periodsCovered } from './discount';

const percent = (percentOff: number) => ({ guid: 'CO1', percentOff, amountOff: null });
const fixed = (amountOff: number) => ({ guid: 'CO1', percentOff: null, amountOff });

describe('couponLine', () => {
  it.each([
    [1000, 15, -150],
    [999, 15, -150], // 149.85 rounds up
    [1010, 5, -51], // 50.5: half away from zero
    [1009, 5, -50], // 50.45 rounds down
    [50, 1, -1], // 0.5: half away from zero
    [3000, 100, -3000],
  ])('should take round(%i × %i%%) off the base amount', (amount, percentOff, expected) => {
    expect(couponLine(percent(percentOff), amount)).toEqual({ amount: expected, reason: 'Coupon CO1' });
  });

  it('should take the fixed amount off when it is less than the base', () => {
    expect(couponLine(fixed(700), 3000).amount).toBe(-700);
  });

  it('should take no more than the base when the fixed amount is larger', () => {
    expect(couponLine(fixed(5000), 3000).amount).toBe(-3000);
  });

  it('should stay exact when the amount is near the largest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 100 }), (a, p) => {
        const exact = (BigInt(a) * BigInt(p) * 2n + 100n) / 200n;
        expect(BigInt(-couponLine(percent(p), a).amount)).toBe(exact);
      }),
    );
  });
});

describe('periodsCovered', () => {
  it('should cover one period when the coupon is once', () => {
    expect(periodsCovered('once', null)).toBe(1);
  });

  it('should cover its periods when repeating and every period when forever', () => {
    expect(periodsCovered('repeating', 3)).toBe(3);
    expect(periodsCovered('forever', null)).toBeNull();
  });

  it('should throw when a repeating coupon has no periods', () => {
    expect(() => periodsCovered('repeating', null)).toThrow(RangeError);
  });
});

describe('afterOnePeriod', () => {
  const discount = { ...percent(10), periodsRemaining: 3 };

  it('should count down when periods remain', () => {
    expect(afterOnePeriod(discount)).toEqual({ ...discount, periodsRemaining: 2 });
  });

  it('should end when the last period is covered', () => {
    expect(afterOnePeriod({ ...discount, periodsRemaining: 1 })).toBeNull();
  });

  it('should stay when the coupon is forever', () => {
    const forever = { ...discount, periodsRemaining: null };
    expect(afterOnePeriod(forever)).toBe(forever);
  });
});
