import fc from 'fast-check';
import { MAX_AMOUNT } from './money';
import { prorate, prorationLines } from './proration';

const MS_PER_DAY = 86_400_000;
const MS_PER_YEAR = 365 * MS_PER_DAY;

const at = (iso: string) => new Date(iso);

describe('prorate', () => {
  it.each([
    [1, 1, 2, 1],
    [3, 1, 2, 2],
    [-1, 1, 2, -1],
    [-3, 1, 2, -2],
    [5, 1, 4, 1],
    [5, 3, 4, 4],
    [-5, 3, 4, -4],
    [1, 1, 3, 0],
    [2, 1, 3, 1],
  ])('should round %d × %d / %d half away from zero to %d', (amount, remaining, period, expected) => {
    expect(prorate(amount, remaining, period)).toBe(expected);
  });

  it('should give half the amount when half the period remains', () => {
    expect(prorate(3000, 15 * MS_PER_DAY, 30 * MS_PER_DAY)).toBe(1500);
  });

  it('should clamp the remaining time to 0 when it is negative', () => {
    expect(prorate(1000, -5, 10)).toBe(0);
    expect(prorate(1000, Number.MIN_SAFE_INTEGER, 10)).toBe(0);
  });

  it('should clamp the remaining time to the period when it is longer', () => {
    expect(prorate(1000, 15, 10)).toBe(1000);
    expect(prorate(-1000, Number.MAX_SAFE_INTEGER, 10)).toBe(-1000);
  });

  it('should return 0, not −0, when a negative amount prorates to nothing', () => {
    expect(prorate(-1, 0, 10)).toBe(0);
    expect(prorate(-1, 1, 3)).toBe(0);
  });

  it('should be exact when amount × remaining time is beyond the exact range of doubles', () => {
    // MAX_AMOUNT / 3 = 3002399751580330.33…; in doubles the product rounds and the result is 3002399751580331.
    expect(prorate(MAX_AMOUNT, MS_PER_YEAR, 3 * MS_PER_YEAR)).toBe(3_002_399_751_580_330);
    // MAX_AMOUNT − MAX_AMOUNT / L = 9007199254645785.53…; doubles give …785.
    expect(prorate(MAX_AMOUNT, 3 * MS_PER_YEAR - 1, 3 * MS_PER_YEAR)).toBe(9_007_199_254_645_786);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT + 1])(
    'should throw a RangeError naming periodMs when it is %p',
    (periodMs) => {
      expect(() => prorate(100, 1, periodMs)).toThrow(RangeError);
      expect(() => prorate(100, 1, periodMs)).toThrow(/periodMs/);
    },
  );

  it.each([1.5, Number.NaN, MAX_AMOUNT + 1, -MAX_AMOUNT - 2])(
    'should throw a RangeError naming the argument when amount or remainingMs is %p',
    (value) => {
      expect(() => prorate(value, 1, 2)).toThrow(/amount/);
      expect(() => prorate(100, value, 2)).toThrow(/remainingMs/);
      expect(() => prorate(value, 1, 2)).toThrow(RangeError);
      expect(() => prorate(100, value, 2)).toThrow(RangeError);
    },
  );
});

describe('prorationLines', () => {
  const periodStart = at('2026-11-17T10:00:00Z');
  const periodEnd = at('2026-12-17T10:00:00Z');

  it('should credit half the old price and charge half the new one when the change is halfway', () => {
    expect(
      prorationLines({ oldAmount: 1500, newAmount: 3000, periodStart, periodEnd, at: at('2026-12-02T10:00:00Z') }),
    ).toEqual({
      credit: { amount: -750, reason: 'Unused time from 2026-12-02T10:00:00+00:00 to 2026-12-17T10:00:00+00:00' },
      charge: { amount: 1500, reason: 'Remaining time from 2026-12-02T10:00:00+00:00 to 2026-12-17T10:00:00+00:00' },
    });
  });

  it('should leave milliseconds out of the reasons when the timestamps have them', () => {
    const lines = prorationLines({
      oldAmount: 100,
      newAmount: 200,
      periodStart,
      periodEnd: at('2026-12-17T10:00:00.999Z'),
      at: at('2026-12-02T10:00:00.123Z'),
    });
    expect(lines.credit.reason).toBe('Unused time from 2026-12-02T10:00:00+00:00 to 2026-12-17T10:00:00+00:00');
    expect(lines.charge.reason).toBe('Remaining time from 2026-12-02T10:00:00+00:00 to 2026-12-17T10:00:00+00:00');
  });

  it('should give a credit of 0, not −0, when the change is at the period end', () => {
    const { credit, charge } = prorationLines({
      oldAmount: 1500,
      newAmount: 3000,
      periodStart,
      periodEnd,
      at: periodEnd,
    });
    expect(Object.is(credit.amount, 0)).toBe(true);
    expect(Object.is(charge.amount, 0)).toBe(true);
  });

  it('should prorate the whole period when the change is before the period start', () => {
    const { credit, charge } = prorationLines({
      oldAmount: 1500,
      newAmount: 3000,
      periodStart,
      periodEnd,
      at: at('2026-01-01T00:00:00Z'),
    });
    expect([credit.amount, charge.amount]).toEqual([-1500, 3000]);
  });

  it('should be exact when the period spans most of the Date range', () => {
    // L = 1.2e16 ms is not a safe integer, so these differences must not go through doubles.
    const { credit, charge } = prorationLines({
      oldAmount: MAX_AMOUNT,
      newAmount: 3,
      periodStart: new Date(-6e15),
      periodEnd: new Date(6e15),
      at: new Date(2e15),
    });
    expect([credit.amount, charge.amount]).toEqual([-3_002_399_751_580_330, 1]);
  });

  it('should not round the remaining time when it is an odd number of ms beyond 2^53', () => {
    // r = 1.728e16 − 1 ms rounds to 1.728e16 = L in doubles, which would prorate the whole amount.
    const { credit } = prorationLines({
      oldAmount: MAX_AMOUNT,
      newAmount: 0,
      periodStart: new Date(-8.64e15),
      periodEnd: new Date(8.64e15),
      at: new Date(-8.64e15 + 1),
    });
    expect(credit.amount).toBe(-(MAX_AMOUNT - 1));
  });

  it('should throw a RangeError when the period end is not after its start', () => {
    expect(() =>
      prorationLines({ oldAmount: 1, newAmount: 1, periodStart, periodEnd: periodStart, at: periodStart }),
    ).toThrow(RangeError);
  });

  it.each([
    ['oldAmount is negative', { oldAmount: -1 }],
    ['newAmount is fractional', { newAmount: 1.5 }],
    ['at is invalid', { at: new Date(Number.NaN) }],
    ['periodStart is invalid', { periodStart: new Date(Number.NaN) }],
    ['periodEnd is invalid', { periodEnd: new Date(Number.NaN) }],
  ])('should throw a RangeError when %s', (_, override) => {
    const change = { oldAmount: 100, newAmount: 200, periodStart, periodEnd, at: periodStart, ...override };
    expect(() => prorationLines(change)).toThrow(RangeError);
  });
});

const amount = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: MAX_AMOUNT }));
const signedAmount = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -MAX_AMOUNT, max: MAX_AMOUNT }),
);
const periodMs = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10 * MS_PER_YEAR }));
const remainingMs = fc.oneof(
  fc.integer({ min: -100, max: 200 }),
  fc.integer({ min: -MS_PER_YEAR, max: 11 * MS_PER_YEAR }),
  fc.maxSafeInteger(),
);
const period = fc
  .record({
    start: fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }),
    length: fc.integer({ min: 1, max: 5 * MS_PER_YEAR }),
  })
  .map(({ start, length }) => ({ periodStart: new Date(start), periodEnd: new Date(start + length) }));

describe('prorate properties', () => {
  it('should round to the nearest integer, ties away from zero, when checked in exact arithmetic', () => {
    fc.assert(
      fc.property(signedAmount, fc.integer({ min: 0, max: 10 * MS_PER_YEAR }), periodMs, (a, r, l) => {
        const result = prorate(a, r, l);
        const exact = 2n * BigInt(Math.abs(a)) * BigInt(Math.min(r, l));
        const magnitude = BigInt(Math.abs(result));
        // |result| = q means L(2q − 1) ≤ 2|a|r < L(2q + 1): a tie (equality on the left) goes up.
        expect(BigInt(l) * (2n * magnitude - 1n) <= exact).toBe(true);
        expect(exact < BigInt(l) * (2n * magnitude + 1n)).toBe(true);
        expect(result === 0 || Math.sign(result) === Math.sign(a)).toBe(true);
      }),
    );
  });

  it('should mirror the amount when it is negated', () => {
    fc.assert(
      fc.property(signedAmount, remainingMs, periodMs, (a, r, l) => {
        expect(prorate(-a, r, l)).toBe(0 - prorate(a, r, l));
      }),
    );
  });

  it('should never exceed the amount and grow with the remaining time when r increases', () => {
    fc.assert(
      fc.property(signedAmount, periodMs, remainingMs, remainingMs, (a, l, x, y) => {
        const [r1, r2] = x <= y ? [x, y] : [y, x];
        const p1 = prorate(a, r1, l);
        const p2 = prorate(a, r2, l);
        expect(Math.abs(p2)).toBeLessThanOrEqual(Math.abs(a));
        expect(Math.abs(p1)).toBeLessThanOrEqual(Math.abs(p2));
        // Moving towards the amount: up for a positive one, down for a negative one.
        expect(Math.sign(a) * (p2 - p1)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('prorationLines properties', () => {
  it('should credit and charge the same amount when the price is unchanged', () => {
    fc.assert(
      fc.property(amount, period, fc.double({ min: -0.5, max: 1.5, noNaN: true }), (price, p, fraction) => {
        const length = p.periodEnd.getTime() - p.periodStart.getTime();
        const change = {
          oldAmount: price,
          newAmount: price,
          ...p,
          at: new Date(p.periodStart.getTime() + Math.round(fraction * length)),
        };
        const { credit, charge } = prorationLines(change);
        expect(credit.amount + charge.amount).toBe(0);
        expect(credit.amount).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('should prorate the whole prices when the change is at or before the period start', () => {
    fc.assert(
      fc.property(
        amount,
        amount,
        period,
        fc.integer({ min: 0, max: MS_PER_YEAR }),
        (oldAmount, newAmount, p, early) => {
          const { credit, charge } = prorationLines({
            oldAmount,
            newAmount,
            ...p,
            at: new Date(p.periodStart.getTime() - early),
          });
          expect(credit.amount).toBe(0 - oldAmount);
          expect(charge.amount).toBe(newAmount);
        },
      ),
    );
  });

  it('should prorate nothing when the change is at or after the period end', () => {
    fc.assert(
      fc.property(amount, amount, period, fc.integer({ min: 0, max: MS_PER_YEAR }), (oldAmount, newAmount, p, late) => {
        const { credit, charge } = prorationLines({
          oldAmount,
          newAmount,
          ...p,
          at: new Date(p.periodEnd.getTime() + late),
        });
        // toBe compares with Object.is, so a −0 credit fails here.
        expect(credit.amount).toBe(0);
        expect(charge.amount).toBe(0);
      }),
    );
  });

  it('should equal prorate of the remaining time when the change is inside the period', () => {
    fc.assert(
      fc.property(
        amount,
        amount,
        period,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (oldAmount, newAmount, p, fraction) => {
          const length = p.periodEnd.getTime() - p.periodStart.getTime();
          const remaining = Math.round(fraction * length);
          const { credit, charge } = prorationLines({
            oldAmount,
            newAmount,
            ...p,
            at: new Date(p.periodEnd.getTime() - remaining),
          });
          expect(credit.amount).toBe(0 - prorate(oldAmount, remaining, length));
          expect(charge.amount).toBe(prorate(newAmount, remaining, length));
        },
      ),
    );
  });
});
