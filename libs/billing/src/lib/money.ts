/*
 * Amounts are integer cents (billy.md §2.4). Keeping them within the safe
 * integer range means they are stored and returned exactly.
 */

export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

export interface Adjustment {
  amount: number;
}

/** Throws a RangeError unless `value` is an integer amount in 0..MAX_AMOUNT. */
export function assertAmount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer from 0 to ${MAX_AMOUNT} cents, got ${value}`);
  }
}

/**
 * The amount an invoice charges: its base amount plus every adjustment.
 * Adjustments may be negative, so the result may be too; rejecting that is
 * the caller's decision (a 400), not this function's.
 */
export function effectiveAmount(amount: number, adjustments: readonly Adjustment[]): number {
  assertAmount('amount', amount);
  // BigInt keeps the running total exact even if a partial sum leaves the safe range.
  let total = BigInt(amount);
  adjustments.forEach((adjustment, index) => {
    if (!Number.isSafeInteger(adjustment.amount)) {
      throw new RangeError(`adjustments[${index}].amount must be a safe integer, got ${adjustment.amount}`);
    }
    total += BigInt(adjustment.amount);
  });
  if (total > BigInt(MAX_AMOUNT) || total < -BigInt(MAX_AMOUNT)) {
    throw new RangeError(`effective amount ${total} is outside ±${MAX_AMOUNT}`);
  }
  return Number(total);
}

/** How much of a settled invoice may still be refunded (equality with the effective amount is a full refund). */
export function refundableAmount(effectiveAmount: number, refundedSoFar: number): number {
  assertAmount('effectiveAmount', effectiveAmount);
  assertAmount('refundedSoFar', refundedSoFar);
  // More refunded than charged means corrupt data; failing loudly beats reporting 0.
  if (refundedSoFar > effectiveAmount) {
    throw new RangeError(`refundedSoFar (${refundedSoFar}) exceeds effectiveAmount (${effectiveAmount})`);
  }
  return effectiveAmount - refundedSoFar;
}
