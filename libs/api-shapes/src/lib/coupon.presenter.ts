import type { Coupon } from '@billy/persistence';
import type { CouponJson } from './schemas/coupon.schema';
import { formatTimestamp } from './timestamps';

export function presentCoupon(coupon: Coupon): CouponJson {
  return {
    guid: coupon.guid,
    name: coupon.name,
    percent_off: coupon.percentOff,
    amount_off: coupon.amountOff,
    currency: coupon.currency,
    duration: coupon.duration,
    duration_in_periods: coupon.durationInPeriods,
    max_redemptions: coupon.maxRedemptions,
    redeem_by: formatTimestamp(coupon.redeemBy),
    times_redeemed: coupon.timesRedeemed,
    deleted: coupon.deleted,
    company_guid: coupon.companyGuid,
    created_at: formatTimestamp(coupon.createdAt),
    updated_at: formatTimestamp(coupon.updatedAt),
  };
}
