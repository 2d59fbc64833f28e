import { Static, Type } from '@sinclair/typebox';
import { COUPON_DURATIONS } from '@billy/billing';
import { Cents, Guid, Nullable, NullableTimestamp, StringEnum, Timestamp } from './json-types';

export const CouponSchema = Type.Object({
  guid: Guid(),
  name: Nullable(Type.String()),
  percent_off: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
  amount_off: Nullable(Cents()),
  currency: Nullable(Type.String({ description: 'The currency of amount_off' })),
  duration: StringEnum(COUPON_DURATIONS),
  duration_in_periods: Nullable(Type.Integer({ description: 'Periods discounted, for a repeating coupon' })),
  max_redemptions: Nullable(Type.Integer()),
  redeem_by: NullableTimestamp(),
  times_redeemed: Type.Integer(),
  deleted: Type.Boolean(),
  company_guid: Guid(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type CouponJson = Static<typeof CouponSchema>;
