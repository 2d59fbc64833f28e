import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiQuery, PickType } from '@nestjs/swagger';
import { MAX_TRIAL_DAYS, SUBSCRIPTION_STATUSES, SubscriptionStatus } from '@billy/billing';
import { Transform } from 'class-transformer';
import { IsDate, IsOptional, ValidateIf } from 'class-validator';
import {
  ClearableInteger,
  ClearableText,
  OptionalBoolean,
  OptionalInteger,
  OptionalText,
  OptionalWord,
  RequiredText,
  StatementText,
} from '../http/input/params';
import { OptionalTimestamp, toDate } from '../http/input/timestamp-param';
import { PageParams } from '../http/pagination';

export const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'] as const;
export type ProrationBehavior = (typeof PRORATION_BEHAVIORS)[number];

export class CreateSubscriptionParams {
  @RequiredText(64, 'The customer to bill')
  customer_guid: string;

  @RequiredText(64, 'The plan to bill by')
  plan_guid: string;

  @OptionalText(512, 'Card or bank account to charge; without one, invoices stay staged')
  funding_instrument_uri?: string;

  @OptionalInteger(50, "Overrides the plan's amount (cents, at least 50)")
  amount?: number;

  @StatementText()
  appears_on_statement_as?: string;

  @OptionalTimestamp()
  started_at?: Date;

  @OptionalInteger(0, "Days of free trial, overriding the plan's (0: none)", MAX_TRIAL_DAYS)
  trial_days?: number;

  @OptionalTimestamp()
  trial_end?: Date;

  @OptionalText(64, 'A coupon discounting its period invoices (lifecycle.md §6)')
  coupon_guid?: string;
}

/** Documents the `status` filter of the three subscription lists, which read it from the query string. */
export function ApiStatusFilter() {
  return applyDecorators(
    ApiQuery({ name: 'status', enum: SUBSCRIPTION_STATUSES, required: false, description: 'Only this status' }),
  );
}

export class ListSubscriptionsParams extends PageParams {
  @OptionalWord(SUBSCRIPTION_STATUSES, 'Only subscriptions with this status')
  status?: SubscriptionStatus;
}

/** `now`, or a timestamp. */
function toTrialEnd({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && value.trim().toLowerCase() === 'now' ? 'now' : toDate({ value });
}

export class UpdateSubscriptionParams {
  @OptionalText(512, 'A new card or bank account: later charges, and the unpaid invoices at once, use it')
  funding_instrument_uri?: string;

  @OptionalText(64, 'Move to this plan (same plan_type)')
  plan_guid?: string;

  @ClearableInteger(50, "A new override of the plan's amount; empty clears the override")
  amount?: number | null;

  @OptionalWord(PRORATION_BEHAVIORS, 'How a price change is prorated (default create_prorations)')
  proration_behavior?: ProrationBehavior;

  @OptionalBoolean('true schedules a cancel at the period end, false undoes it')
  cancel_at_period_end?: boolean;

  @ApiPropertyOptional({
    type: String,
    description: 'While trialing: `now` ends the trial at once, a later timestamp moves its end',
  })
  @Transform(toTrialEnd)
  @IsOptional()
  @ValidateIf((params: UpdateSubscriptionParams) => params.trial_end !== 'now')
  @IsDate({ message: 'trial_end must be now or an ISO 8601 timestamp such as 2013-08-17T00:00:00Z' })
  trial_end?: Date | 'now';

  @ClearableText(64, 'Replaces the discount with this coupon (its count starts again); empty removes it')
  coupon_guid?: string | null;
}

/** The price change an upcoming invoice is previewed with (lifecycle.md §8), read from the query string. */
export class PriceChangeParams extends PickType(UpdateSubscriptionParams, [
  'plan_guid',
  'amount',
  'proration_behavior',
] as const) {}

/** Documents the preview's query parameters. */
export function ApiPriceChangeQuery() {
  return applyDecorators(
    ApiQuery({ name: 'plan_guid', type: String, required: false, description: 'Preview a move to this plan' }),
    ApiQuery({
      name: 'amount',
      type: 'integer',
      required: false,
      description: 'Preview this override; empty clears it',
    }),
    ApiQuery({
      name: 'proration_behavior',
      enum: PRORATION_BEHAVIORS,
      required: false,
      description: 'How the previewed change is prorated (default create_prorations)',
    }),
  );
}

export class CancelSubscriptionParams {
  @OptionalBoolean('Cancel at the end of the current period instead of now')
  at_period_end?: boolean;

  @OptionalBoolean("Cancel now and refund the unused part of the current period's settled invoice")
  prorated_refund?: boolean;

  @OptionalInteger(1, "Cancel now and refund exactly this much of the current period's settled invoice")
  refund_amount?: number;
}
