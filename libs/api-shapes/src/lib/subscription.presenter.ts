import type { Subscription } from '@billy/persistence';
import { formatTimestamp } from './timestamps';

/** `planAmount` is read live: a subscription without an override follows its plan (billy.md §3.4). */
export function presentSubscription(subscription: Subscription, planAmount: number) {
  return {
    guid: subscription.guid,
    customer_guid: subscription.customerGuid,
    plan_guid: subscription.planGuid,
    amount: subscription.amount,
    effective_amount: subscription.amount ?? planAmount,
    funding_instrument_uri: subscription.fundingInstrumentUri,
    appears_on_statement_as: subscription.appearsOnStatementAs,
    invoice_count: subscription.invoiceCount,
    started_at: formatTimestamp(subscription.startedAt),
    next_invoice_at: formatTimestamp(subscription.nextInvoiceAt),
    canceled: subscription.canceled,
    canceled_at: formatTimestamp(subscription.canceledAt),
    created_at: formatTimestamp(subscription.createdAt),
    updated_at: formatTimestamp(subscription.updatedAt),
  };
}
