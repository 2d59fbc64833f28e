import { Static, Type } from '@sinclair/typebox';
import { SUBSCRIPTION_STATUSES } from '@billy/billing';
import { Cents, Currency, Guid, Nullable, NullableTimestamp, StringEnum, Timestamp } from './json-types';

export const SubscriptionSchema = Type.Object({
  guid: Guid(),
  customer_guid: Guid(),
  plan_guid: Guid(),
  amount: Nullable(Cents("The override of the plan's amount, if any")),
  effective_amount: Cents('What each period bills before discounts: the override, else the plan’s amount'),
  currency: Currency(),
  funding_instrument_uri: Nullable(Type.String()),
  appears_on_statement_as: Nullable(Type.String()),
  invoice_count: Type.Integer({ description: 'Periods invoiced so far' }),
  started_at: Timestamp(),
  next_invoice_at: Timestamp(),
  canceled: Type.Boolean(),
  canceled_at: NullableTimestamp(),
  status: StringEnum(SUBSCRIPTION_STATUSES, 'lifecycle.md §2'),
  billing_cycle_anchor: Timestamp(),
  current_period_start: NullableTimestamp(),
  current_period_end: NullableTimestamp(),
  trial_end: NullableTimestamp(),
  cancel_at_period_end: Type.Boolean(),
  paused_at: NullableTimestamp(),
  discount: Nullable(
    Type.Object({
      coupon_guid: Guid(),
      periods_remaining: Nullable(Type.Integer({ description: 'Null for a coupon that lasts forever' })),
    }),
  ),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type SubscriptionJson = Static<typeof SubscriptionSchema>;
