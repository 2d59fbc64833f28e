import fc from 'fast-check';
import { MAX_AMOUNT } from './money';
import { CARRIED_CREDIT_REASON, periodInvoiceAdjustments } from './period-invoice-lines';
import { AdjustmentLine } from './proration';

const credit = (amount: number): AdjustmentLine => ({ amount: -amount, reason: 'Unused time from A to B' });
const charge = (amount: number): AdjustmentLine => ({ amount, reason: 'Remaining time from A to B' });
const carried = (amount: number): AdjustmentLine => ({ amount, reason: CARRIED_CREDIT_REASON });

describe('periodInvoiceAdjustments', () => {
  it('should have the reason the contract names when credit is carried', () => {
    expect(CARRIED_CREDIT_REASON).toBe('Credit carried over');
  });

  it('should return no lines when nothing is pending or carried', () => {
    expect(periodInvoiceAdjustments(3000, [], 0, null)).toEqual({
      adjustments: [],
      totalAdjustment: 0,
      carriedCredit: 0,
      discount: null,
    });
  });

  it('should keep the pending lines in order when they leave the invoice positive', () => {
    expect(periodInvoiceAdjustments(3000, [credit(750), charge(1500)], 0, null)).toEqual({
      adjustments: [credit(750), charge(1500)],
      totalAdjustment: 750,
      carriedCredit: 0,
      discount: null,
    });
  });

  it('should subtract the incoming carried credit after the pending lines', () => {
    expect(periodInvoiceAdjustments(3000, [charge(100)], 500, null)).toEqual({
      adjustments: [charge(100), carried(-500)],
      totalAdjustment: -400,
      carriedCredit: 0,
      discount: null,
    });
  });

  it('should carry the deficit out and bring the invoice to 0 when the lines exceed the base', () => {
    expect(periodInvoiceAdjustments(1000, [credit(3000), charge(1000)], 500, null)).toEqual({
      adjustments: [credit(3000), charge(1000), carried(-500), carried(1500)],
      totalAdjustment: -1000,
      carriedCredit: 1500,
      discount: null,
    });
  });

  it('should carry nothing out when the credit uses the base exactly', () => {
    expect(periodInvoiceAdjustments(1000, [], 1000, null)).toEqual({
      adjustments: [carried(-1000)],
      totalAdjustment: -1000,
      carriedCredit: 0,
      discount: null,
    });
  });

  it('should carry the whole credit on when the base is 0', () => {
    expect(periodInvoiceAdjustments(0, [], 700, null)).toEqual({
      adjustments: [carried(-700), carried(700)],
      totalAdjustment: 0,
      carriedCredit: 700,
      discount: null,
    });
  });

  it('should put the coupon after the carried credit and before the outgoing carry when discounted', () => {
    const coupon = { guid: 'CO1', percentOff: null, amountOff: 2500, periodsRemaining: 2 };
    expect(periodInvoiceAdjustments(3000, [charge(100)], 1000, coupon)).toEqual({
      adjustments: [charge(100), carried(-1000), { amount: -2500, reason: 'Coupon CO1' }, carried(400)],
      totalAdjustment: -3000,
      carriedCredit: 400,
      discount: { ...coupon, periodsRemaining: 1 },
    });
  });

  it('should end the discount after its last period and keep a forever one when discounted', () => {
    const once = { guid: 'CO1', percentOff: 10, amountOff: null, periodsRemaining: 1 };
    const forever = { ...once, periodsRemaining: null };
    expect(periodInvoiceAdjustments(3000, [], 0, once).discount).toBeNull();
    expect(periodInvoiceAdjustments(3000, [], 0, forever).discount).toEqual(forever);
  });

  it('should return copies when the pending lines are given', () => {
    const pending = [charge(100)];
    const { adjustments } = periodInvoiceAdjustments(1000, pending, 0, null);
    expect(adjustments[0]).not.toBe(pending[0]);
    expect(adjustments).not.toBe(pending);
    expect(pending).toEqual([charge(100)]);
  });

  it.each([
    ['carriedCredit is negative', () => periodInvoiceAdjustments(1000, [], -1, null)],
    ['carriedCredit is fractional', () => periodInvoiceAdjustments(1000, [], 0.5, null)],
    ['carriedCredit is not a safe integer', () => periodInvoiceAdjustments(1000, [], MAX_AMOUNT + 1, null)],
    ['baseAmount is negative', () => periodInvoiceAdjustments(-1, [], 0, null)],
    ['a pending amount is fractional', () => periodInvoiceAdjustments(1000, [charge(0.5)], 0, null)],
  ])('should throw a RangeError when %s', (_, call) => {
    expect(call).toThrow(RangeError);
  });
});

const money = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2 ** 40 }));
const line = fc.record({
  amount: fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })),
  reason: fc.constantFrom('Unused time from A to B', 'Remaining time from A to B'),
});
const pendingLines = fc.array(line, { maxLength: 6 });
const sum = (lines: readonly AdjustmentLine[]) => lines.reduce((total, { amount }) => total + amount, 0);

describe('periodInvoiceAdjustments properties', () => {
  it('should leave max(0, base + pending − carried in) when any lines are given', () => {
    fc.assert(
      fc.property(money, pendingLines, money, (base, pending, carriedIn) => {
        const { adjustments, totalAdjustment } = periodInvoiceAdjustments(base, pending, carriedIn, null);
        const effective = base + totalAdjustment;
        expect(effective).toBeGreaterThanOrEqual(0);
        expect(effective).toBe(Math.max(0, base + sum(pending) - carriedIn));
        expect(totalAdjustment).toBe(sum(adjustments));
      }),
    );
  });

  it('should carry out exactly the deficit when the lines exceed the base', () => {
    fc.assert(
      fc.property(money, pendingLines, money, (base, pending, carriedIn) => {
        const result = periodInvoiceAdjustments(base, pending, carriedIn, null);
        const deficit = Math.max(0, -(base + sum(pending) - carriedIn));
        expect(result.carriedCredit).toBe(deficit);
      }),
    );
  });

  it('should list pending, then carried in, then carried out when the lines are built', () => {
    fc.assert(
      fc.property(money, pendingLines, money, (base, pending, carriedIn) => {
        const { adjustments, carriedCredit } = periodInvoiceAdjustments(base, pending, carriedIn, null);
        const expected = [
          ...pending,
          ...(carriedIn > 0 ? [carried(-carriedIn)] : []),
          ...(carriedCredit > 0 ? [carried(carriedCredit)] : []),
        ];
        expect(adjustments).toEqual(expected);
      }),
    );
  });
});
