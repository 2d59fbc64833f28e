import { dueAt, Frequency, initialInvoiceStatus } from '@billy/billing';
import { newGuid } from '@billy/crypto';

export interface YieldingSubscription {
  guid: string;
  company_guid: string;
  customer_guid: string;
  plan_guid: string;
  test_clock_guid: string | null;
  started_at: Date;
  frequency: Frequency;
  billing_interval: number;
  plan_type: 'debit' | 'credit';
  amount: string;
  funding_instrument_uri: string | null;
  appears_on_statement_as: string | null;
  now_at: Date;
}

interface PendingInvoice {
  guid: string;
  subscription: YieldingSubscription;
  status: string;
  amount: number;
}

/**
 * Builds the rows of one yield batch column by column, as arrays for
 * `unnest(...)`, so a batch is inserted with one statement per table.
 */
export class SubscriptionInvoiceRows {
  private readonly invoices: PendingInvoice[] = [];
  private readonly periods: number[] = [];
  private readonly scheduledAt: Date[] = [];

  dueAt(subscription: YieldingSubscription, period: number): Date {
    return dueAt(subscription.started_at, subscription.frequency, subscription.billing_interval, period);
  }

  add(subscription: YieldingSubscription, period: number): void {
    const amount = Number(subscription.amount);
    const status = initialInvoiceStatus(amount, amount, subscription.funding_instrument_uri !== null);
    this.invoices.push({ guid: newGuid('invoice'), subscription, status, amount });
    this.periods.push(period);
    this.scheduledAt.push(this.dueAt(subscription, period));
  }

  /** Parameters $1…$12 of the invoice INSERT. */
  invoiceColumns(): unknown[] {
    const column = <T>(pick: (invoice: PendingInvoice) => T) => this.invoices.map(pick);
    return [
      column((i) => i.guid),
      column((i) => i.subscription.company_guid),
      column((i) => i.subscription.customer_guid),
      column((i) => i.subscription.guid),
      column((i) => i.subscription.plan_guid),
      this.periods,
      this.scheduledAt,
      column((i) => i.subscription.plan_type),
      column((i) => i.status),
      column((i) => i.amount),
      column((i) => i.subscription.funding_instrument_uri),
      column((i) => i.subscription.appears_on_statement_as),
    ];
  }

  /** Parameters $1…$10 of the transaction INSERT, for the inserted invoices that must be charged. */
  transactionColumns(insertedInvoiceGuids: Set<string>): { guids: string[]; columns: unknown[] } {
    const charged = this.invoices.filter((i) => i.status === 'processing' && insertedInvoiceGuids.has(i.guid));
    const guids = charged.map(() => newGuid('transaction'));
    const column = <T>(pick: (invoice: PendingInvoice) => T) => charged.map(pick);
    return {
      guids,
      columns: [
        guids,
        column((i) => i.subscription.company_guid),
        column((i) => i.subscription.customer_guid),
        column((i) => i.guid),
        column((i) => i.subscription.test_clock_guid),
        column((i) => i.subscription.plan_type),
        column((i) => i.amount),
        column((i) => i.subscription.funding_instrument_uri),
        column((i) => i.subscription.appears_on_statement_as),
        // Due at once, in the customer's time.
        column((i) => i.subscription.now_at),
      ],
    };
  }
}
