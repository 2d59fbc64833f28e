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
    expect(periodInvoiceAdjustments(3000, [], 0)).toEqual({ adjustments: [], totalAdjustment: 0, carriedCredit: 0 });
  });

  it('should keep the pending lines in order when they leave the invoice positive', () => {
    expect(periodInvoiceAdjustments(3000, [credit(750), charge(1500)], 0)).toEqual({
      adjustments: [credit(750), charge(1500)],
      totalAdjustment: 750,
      carriedCredit: 0,
    });
  });

  it('should subtract the incoming carried credit after the pending lines', () => {
    expect(periodInvoiceAdjustments(3000, [charge(100)], 500)).toEqual({
      adjustments: [charge(100), carried(-500)],
      totalAdjustment: -400,
      carriedCredit: 0,
    });
  });

  it('should carry the deficit out and bring the invoice to 0 when the lines exceed the base', () => {
    expect(periodInvoiceAdjustments(1000, [credit(3000), charge(1000)], 500)).toEqual({
      adjustments: [credit(3000), charge(1000), carried(-500), carried(1500)],
      totalAdjustment: -1000,
      carriedCredit: 1500,
    });
  });

  it('should carry nothing out when the credit uses the base exactly', () => {
    expect(periodInvoiceAdjustments(1000, [], 1000)).toEqual({
      adjustments: [carried(-1000)],
      totalAdjustment: -1000,
      carriedCredit: 0,
    });
  });

  it('should carry the whole credit on when the base is 0', () => {
    expect(periodInvoiceAdjustments(0, [], 700)).toEqual({
      adjustments: [carried(-700), carried(700)],
      totalAdjustment: 0,
      carriedCredit: 700,
    });
  });

  it('should return copies when the pending lines are given', () => {
    const pending = [charge(100)];
    const { adjustments } = periodInvoiceAdjustments(1000, pending, 0);
    expect(adjustments[0]).not.toBe(pending[0]);
    expect(adjustments).not.toBe(pending);
    expect(pending).toEqual([charge(100)]);
  });

  it.each([
    ['carriedCredit is negative', () => periodInvoiceAdjustments(1000, [], -1)],
    ['carriedCredit is fractional', () => periodInvoiceAdjustments(1000, [], 0.5)],
    ['carriedCredit is not a safe integer', () => periodInvoiceAdjustments(1000, [], MAX_AMOUNT + 1)],
    ['baseAmount is negative', () => periodInvoiceAdjustments(-1, [], 0)],
    ['a pending amount is fractional', () => periodInvoiceAdjustments(1000, [charge(0.5)], 0)],
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
        const { adjustments, totalAdjustment } = periodInvoiceAdjustments(base, pending, carriedIn);
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
        const result = periodInvoiceAdjustments(base, pending, carriedIn);
        const deficit = Math.max(0, -(base + sum(pending) - carriedIn));
        expect(result.carriedCredit).toBe(deficit);
      }),
    );
  });

  it('should list pending, then carried in, then carried out when the lines are built', () => {
    fc.assert(
      fc.property(money, pendingLines, money, (base, pending, carriedIn) => {
        const { adjustments, carriedCredit } = periodInvoiceAdjustments(base, pending, carriedIn);
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
