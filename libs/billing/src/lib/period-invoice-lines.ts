/*
 * The adjustments of a subscription's period invoice (lifecycle.md §3): credit
 * that would make an invoice negative is not lost but carried to the next one,
 * so an invoice never charges less than 0 and the customer keeps every cent.
 */

import { afterOnePeriod, couponLine, Discount } from './discount';
import { assertAmount, effectiveAmount } from './money';
import { AdjustmentLine } from './proration';

export const CARRIED_CREDIT_REASON = 'Credit carried over';

export interface PeriodInvoiceLines {
  adjustments: AdjustmentLine[];
  totalAdjustment: number;
  /** Credit for the subscription's next invoice. */
  carriedCredit: number;
  /** The discount left for the next invoice. */
  discount: Discount | null;
}

/**
 * The lines in the contract's order: pending proration lines, the incoming
 * carried credit, the coupon, then (if the total went below 0) the outgoing
 * carry that brings the invoice to exactly 0. The one computation of a period
 * invoice: the yield writes what it returns, the upcoming invoice shows it.
 */
export function periodInvoiceAdjustments(
  baseAmount: number,
  pending: readonly AdjustmentLine[],
  carriedCredit: number,
  discount: Discount | null,
): PeriodInvoiceLines {
  assertAmount('baseAmount', baseAmount);
  assertAmount('carriedCredit', carriedCredit);

  // 1. Lines pending from earlier price changes, copied so the caller's objects are not shared.
  const adjustments: AdjustmentLine[] = pending.map(({ amount, reason }) => ({ amount, reason }));

  // 2. Credit carried in from the previous invoice.
  if (carriedCredit > 0) {
    adjustments.push({ amount: -carriedCredit, reason: CARRIED_CREDIT_REASON });
  }

  // 3. The coupon, on the base amount; the discount covers one period fewer afterwards.
  if (discount !== null) adjustments.push(couponLine(discount, baseAmount));

  // 4. Carry out whatever would make the invoice negative. effectiveAmount sums exactly and checks the range.
  const effective = effectiveAmount(baseAmount, adjustments);
  const carriedOut = effective < 0 ? -effective : 0;
  if (carriedOut > 0) {
    adjustments.push({ amount: carriedOut, reason: CARRIED_CREDIT_REASON });
  }

  // The invoice now charges max(0, effective), so the lines add up to that minus the base.
  return {
    adjustments,
    totalAdjustment: effective + carriedOut - baseAmount,
    carriedCredit: carriedOut,
    discount: discount === null ? null : afterOnePeriod(discount),
  };
}
