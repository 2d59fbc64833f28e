import { COUPON_DURATIONS, CouponDuration } from '@billy/billing';
import { OptionalCurrency } from '../http/input/currency-param';
import { OptionalInteger, OptionalText, RequiredWord } from '../http/input/params';
import { OptionalTimestamp } from '../http/input/timestamp-param';

// The columns are PostgreSQL integers.
const MAX_COUNT = 2 ** 31 - 1;

/** lifecycle.md §6; the rules across fields (exactly one of percent_off and amount_off, …) are the service's. */
export class CreateCouponParams {
  @OptionalInteger(1, 'Percent of each discounted invoice taken off, 1–100; or give amount_off', 100)
  percent_off?: number;

  @OptionalInteger(1, "Fixed amount taken off, in the currency's minor unit; or give percent_off")
  amount_off?: number;

  @OptionalCurrency('With amount_off only: its ISO 4217 currency, any case (default usd)')
  currency?: string;

  @RequiredWord(COUPON_DURATIONS, 'once: the next invoice; repeating: the next duration_in_periods; forever: all')
  duration: CouponDuration;

  @OptionalInteger(1, 'With repeating only: how many period invoices it discounts', MAX_COUNT)
  duration_in_periods?: number;

  @OptionalInteger(1, 'How many times it can be redeemed in all', MAX_COUNT)
  max_redemptions?: number;

  @OptionalTimestamp()
  redeem_by?: Date;

  @OptionalText(128, 'Shown to you only')
  name?: string;
}
