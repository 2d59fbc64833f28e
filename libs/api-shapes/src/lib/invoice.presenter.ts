import type { Invoice } from '@billy/persistence';
import type {
  CustomerInvoiceJson,
  InvoiceJson,
  SubscriptionInvoiceJson,
  UpcomingInvoiceJson,
} from './schemas/invoice.schema';
import { formatTimestamp } from './timestamps';

/** What every invoice shows, whatever it bills. */
function invoiceFields(invoice: Invoice) {
  return {
    guid: invoice.guid,
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
    created_at: formatTimestamp(invoice.createdAt),
    updated_at: formatTimestamp(invoice.updatedAt),
  };
}

function presentSubscriptionInvoice(invoice: Invoice): SubscriptionInvoiceJson {
  return {
    ...invoiceFields(invoice),
    invoice_type: 'subscription',
    subscription_guid: invoice.subscriptionGuid as string,
    scheduled_at: formatTimestamp(invoice.scheduledAt as Date),
  };
}

function presentCustomerInvoice(invoice: Invoice): CustomerInvoiceJson {
  return {
    ...invoiceFields(invoice),
    invoice_type: 'customer',
    customer_guid: invoice.customerGuid,
    external_id: invoice.externalId,
  };
}

/** Subscription invoices carry `subscription_guid`/`scheduled_at`, customer invoices `customer_guid`/`external_id`. */
export function presentInvoice(invoice: Invoice): InvoiceJson {
  return invoice.invoiceType === 'subscription' ? presentSubscriptionInvoice(invoice) : presentCustomerInvoice(invoice);
}

/** An invoice computed and not kept (lifecycle.md §8): no guid, no record times, status `upcoming`. */
export function presentUpcomingInvoice(invoice: Invoice): UpcomingInvoiceJson {
  return { ...presentSubscriptionInvoice(invoice), guid: null, status: 'upcoming', created_at: null, updated_at: null };
}
