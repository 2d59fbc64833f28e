import type { Subscription } from '@billy/persistence';
import type { SubscriptionStatus } from '@billy/billing';
import type { SubscriptionJson } from './schemas/subscription.schema';
import { formatTimestamp } from './timestamps';

/**
 * `planAmount` is read live: a subscription without an override follows its plan (billy.md §3.4).
 * `status` depends on the customer's now and the newest invoice, so the database computes it
 * (billy_subscription_status) and the caller passes it in.
 */
export function presentSubscription(
  subscription: Subscription,
  planAmount: number,
  status: SubscriptionStatus,
): SubscriptionJson {
  return {
    guid: subscription.guid,
    customer_guid: subscription.customerGuid,
    plan_guid: subscription.planGuid,
    amount: subscription.amount,
    effective_amount: subscription.amount ?? planAmount,
    currency: subscription.currency,
    funding_instrument_uri: subscription.fundingInstrumentUri,
    appears_on_statement_as: subscription.appearsOnStatementAs,
    invoice_count: subscription.invoiceCount,
    started_at: formatTimestamp(subscription.startedAt),
    next_invoice_at: formatTimestamp(subscription.nextInvoiceAt),
    canceled: subscription.canceled,
    canceled_at: formatTimestamp(subscription.canceledAt),
    status,
    billing_cycle_anchor: formatTimestamp(subscription.billingCycleAnchor),
    current_period_start: formatTimestamp(subscription.currentPeriodStart),
    current_period_end: formatTimestamp(subscription.currentPeriodEnd),
    trial_end: formatTimestamp(subscription.trialEnd),
    cancel_at_period_end: subscription.cancelAtPeriodEnd,
    paused_at: formatTimestamp(subscription.pausedAt),
    discount:
      subscription.couponGuid === null
        ? null
        : { coupon_guid: subscription.couponGuid, periods_remaining: subscription.discountPeriodsRemaining },
    created_at: formatTimestamp(subscription.createdAt),
    updated_at: formatTimestamp(subscription.updatedAt),
  };
}
