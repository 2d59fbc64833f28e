import { badFundingInstrument, badStatementText } from '../values';
import { field } from './field';
import type { Gen } from './operation';
import { own } from './own';
import { referenceField } from './reference-field';

/* The parameters of the requests that charge a customer: subscriptions and invoices. */

/** Customers that can be billed: not deleted. */
export const liveCustomer = (g: Gen) => own(g, 'customer');

export const customerGuidBreaker = referenceField('customer_guid', 'customer', true, (self) => self.deletedCustomer);

export const fundingInstrumentBreaker = field('funding_instrument_uri', (g) => badFundingInstrument(g.rng));

export const statementTextBreaker = field('appears_on_statement_as', (g) => badStatementText(g.rng));

/**
 * A coupon that cannot be redeemed: besides the usual bad references, one at its max_redemptions and one of
 * amount_off in eur, a currency that no plan the fuzzer subscribes to and no invoice it creates is in.
 */
export const couponGuidBreaker = referenceField(
  'coupon_guid',
  'coupon',
  false,
  (self) => self.deletedCoupon,
  (self) => [
    { label: 'exhausted', value: self.exhaustedCoupon },
    { label: 'other-currency', value: self.eurCoupon },
  ],
);
