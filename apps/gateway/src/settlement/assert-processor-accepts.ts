import { discountedAmount, type CouponTerms } from '@billy/billing';
import type { PaymentProcessor } from '@billy/payment-processor';
import { validationError } from '../http/api-error';

/** What a new invoice or subscription will have the processor charge. */
export interface ChargeTerms {
  currency: string;
  amount: number;
  /** How the error names the amount, starting with its parameter: "amount: the effective amount". */
  amountLabel: string;
  statementText: string | undefined;
}

/**
 * Refuses with a 400 what the company's processor would refuse only when it
 * charges, after the whole dunning schedule: an amount below its minimum (0 is
 * fine, as nothing is charged) and statement text it cannot print.
 */
export function assertProcessorAccepts(processor: PaymentProcessor, terms: ChargeTerms): void {
  const minimum = processor.minimumAmount(terms.currency);
  if (terms.amount > 0 && terms.amount < minimum) {
    throw validationError(
      `${terms.amountLabel} is ${terms.amount}; the ${processor.name} processor charges at least ${minimum} ${terms.currency} minor units`,
    );
  }
  if (terms.statementText !== undefined) processor.assertStatementText(terms.statementText);
}

/** A discounted price must be one the processor charges too, or nothing: a coupon must not make a charge it refuses. */
export function assertDiscountAccepted(
  processor: PaymentProcessor,
  coupon: CouponTerms | null,
  price: { currency: string; amount: number },
): void {
  if (coupon === null) return;
  assertProcessorAccepts(processor, {
    currency: price.currency,
    amount: discountedAmount(coupon, price.amount),
    amountLabel: `coupon_guid: the price after the coupon ${coupon.guid}`,
    statementText: undefined,
  });
}
