import fc from 'fast-check';
import { assertAmount, effectiveAmount, MAX_AMOUNT, refundableAmount } from './money';

describe('MAX_AMOUNT', () => {
  it('should be 2^53 − 1 when amounts must round-trip exactly', () => {
    expect(MAX_AMOUNT).toBe(9_007_199_254_740_991);
  });
});

describe('assertAmount', () => {
  it('should accept 0 and MAX_AMOUNT when they are the bounds', () => {
    expect(() => assertAmount('amount', 0)).not.toThrow();
    expect(() => assertAmount('amount', MAX_AMOUNT)).not.toThrow();
  });

  it.each([-1, 1.5, MAX_AMOUNT + 1, Number.NaN, Number.POSITIVE_INFINITY])(
    'should throw a RangeError naming the field when the amount is %p',
    (value) => {
      expect(() => assertAmount('refund amount', value)).toThrow(/refund amount/);
      expect(() => assertAmount('refund amount', value)).toThrow(RangeError);
    },
  );
});

describe('effectiveAmount', () => {
  it('should return the base amount when there are no adjustments', () => {
    expect(effectiveAmount(5566, [])).toBe(5566);
  });

  it('should add positive and negative adjustments when both are given', () => {
    expect(effectiveAmount(1000, [{ amount: 250 }, { amount: -100 }, { amount: 0 }])).toBe(1150);
  });

  it('should allow a zero or negative result when discounts exceed the amount', () => {
    expect(effectiveAmount(1000, [{ amount: -1000 }])).toBe(0);
    expect(effectiveAmount(1000, [{ amount: -1500 }])).toBe(-500);
  });

  it('should stay exact when a partial sum leaves the safe range but the total does not', () => {
    expect(effectiveAmount(MAX_AMOUNT, [{ amount: MAX_AMOUNT }, { amount: -MAX_AMOUNT }, { amount: -1 }])).toBe(
      MAX_AMOUNT - 1,
    );
  });

  it('should throw a RangeError when the total exceeds MAX_AMOUNT', () => {
    expect(() => effectiveAmount(MAX_AMOUNT, [{ amount: 1 }])).toThrow(RangeError);
  });

  it('should throw a RangeError naming the adjustment when its amount is not an integer', () => {
    expect(() => effectiveAmount(100, [{ amount: 1 }, { amount: 0.5 }])).toThrow(/adjustments\[1\]/);
  });

  it('should throw a RangeError when the base amount is negative', () => {
    expect(() => effectiveAmount(-1, [{ amount: 2 }])).toThrow(RangeError);
  });

  it('should equal the plain sum when all values are small integers', () => {
    const cents = fc.integer({ min: -1_000_000, max: 1_000_000 });
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.array(cents, { maxLength: 20 }), (amount, parts) => {
        const expected = parts.reduce((sum, part) => sum + part, amount);
        expect(
          effectiveAmount(
            amount,
            parts.map((part) => ({ amount: part })),
          ),
        ).toBe(expected);
      }),
    );
  });
});

describe('refundableAmount', () => {
  it('should return the whole effective amount when nothing was refunded', () => {
    expect(refundableAmount(5566, 0)).toBe(5566);
  });

  it('should return what is left when partial refunds were made', () => {
    expect(refundableAmount(5566, 1000 + 2000 + 2000)).toBe(566);
  });

  it('should return 0 when the invoice was fully refunded', () => {
    expect(refundableAmount(5566, 5566)).toBe(0);
  });

  it('should throw a RangeError when more was refunded than charged', () => {
    expect(() => refundableAmount(5566, 5567)).toThrow(RangeError);
  });

  it('should throw a RangeError when an input is negative', () => {
    expect(() => refundableAmount(-1, 0)).toThrow(RangeError);
    expect(() => refundableAmount(10, -1)).toThrow(RangeError);
  });
});
