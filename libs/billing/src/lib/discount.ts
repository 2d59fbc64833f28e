/*
 * Coupons (lifecycle.md §6): a discount is one adjustment of −min(amount, d),
 * d being the percent of the invoice's base amount (rounded half away from
 * zero) or the fixed amount off, so an invoice is never discounted below 0.
 */

import { assertAmount } from './money';
import { AdjustmentLine, prorate } from './proration';

export const COUPON_DURATIONS = ['once', 'repeating', 'forever'] as const;
export type CouponDuration = (typeof COUPON_DURATIONS)[number];

export const COUPON_REASON = 'Coupon';

/** What a coupon takes off: exactly one of the two is set. */
export interface CouponTerms {
  guid: string;
  percentOff: number | null;
  amountOff: number | null;
}

/** A subscription's discount: its coupon and the period invoices it still covers (null: all of them). */
export interface Discount extends CouponTerms {
  periodsRemaining: number | null;
}

/** How many period invoices a new redemption covers: null for `forever`. */
export function periodsCovered(duration: CouponDuration, durationInPeriods: number | null): number | null {
  if (duration === 'once') return 1;
  if (duration === 'forever') return null;
  if (durationInPeriods === null || durationInPeriods < 1) {
    throw new RangeError('A repeating coupon covers at least one period');
  }
  return durationInPeriods;
}

/** The coupon's line on an invoice whose base amount is `amount`. */
export function couponLine(coupon: CouponTerms, amount: number): AdjustmentLine {
  assertAmount('amount', amount);
  const off = coupon.percentOff === null ? (coupon.amountOff ?? 0) : prorate(amount, coupon.percentOff, 100);
  return { amount: -Math.min(amount, off), reason: `${COUPON_REASON} ${coupon.guid}` };
}

/** What an invoice of base `amount` and no other lines charges after the coupon. */
export function discountedAmount(coupon: CouponTerms, amount: number): number {
  return amount + couponLine(coupon, amount).amount;
}

/** The discount after it covered one more period invoice: null once it has covered its last. */
export function afterOnePeriod(discount: Discount): Discount | null {
  if (discount.periodsRemaining === null) return discount;
  return discount.periodsRemaining > 1 ? { ...discount, periodsRemaining: discount.periodsRemaining - 1 } : null;
}
