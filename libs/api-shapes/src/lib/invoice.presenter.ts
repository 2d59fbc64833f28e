import type { Invoice } from '@billy/persistence';
import { formatTimestamp } from './timestamps';

/** Subscription invoices carry `subscription_guid`/`scheduled_at`, customer invoices `customer_guid`/`external_id`. */
export function presentInvoice(invoice: Invoice) {
  const kind =
    invoice.invoiceType === 'subscription'
      ? { subscription_guid: invoice.subscriptionGuid, scheduled_at: formatTimestamp(invoice.scheduledAt) }
      : { customer_guid: invoice.customerGuid, external_id: invoice.externalId };
  return {
    guid: invoice.guid,
    invoice_type: invoice.invoiceType,
    transaction_type: invoice.transactionType,
    status: invoice.status,
    amount: invoice.amount,
    total_adjustment_amount: invoice.totalAdjustmentAmount,
    effective_amount: invoice.amount + invoice.totalAdjustmentAmount,
    currency: invoice.currency,
    title: invoice.title,
    appears_on_statement_as: invoice.appearsOnStatementAs,
    funding_instrument_uri: invoice.fundingInstrumentUri,
    items: invoice.items,
    adjustments: invoice.adjustments,
    ...kind,
    created_at: formatTimestamp(invoice.createdAt),
    updated_at: formatTimestamp(invoice.updatedAt),
  };
}

/** An invoice computed and not kept (lifecycle.md §8): no guid, no record times, status `upcoming`. */
export function presentUpcomingInvoice(invoice: Invoice) {
  return { ...presentInvoice(invoice), guid: null, status: 'upcoming', created_at: null, updated_at: null };
}
