import { AdjustmentLine, dueAt, Frequency, initialInvoiceStatus } from '@billy/billing';
import { newGuid } from '@billy/crypto';

export interface YieldingSubscription {
  guid: string;
  company_guid: string;
  customer_guid: string;
  plan_guid: string;
  test_clock_guid: string | null;
  billing_cycle_anchor: Date;
  cycle_start_period: number;
  frequency: Frequency;
  billing_interval: number;
  plan_type: 'debit' | 'credit';
  amount: string;
  currency: string;
  funding_instrument_uri: string | null;
  appears_on_statement_as: string | null;
  now_at: Date;
}

interface PendingInvoice {
  guid: string;
  subscription: YieldingSubscription;
  period: number;
  scheduledAt: Date;
  status: string;
  amount: number;
  adjustments: AdjustmentLine[];
  totalAdjustment: number;
}

/** The due time of global period `period`: the current cycle counts from its anchor (lifecycle.md §1). */
export function periodDueAt(subscription: YieldingSubscription, period: number): Date {
  return dueAt(
    subscription.billing_cycle_anchor,
    subscription.frequency,
    subscription.billing_interval,
    period - subscription.cycle_start_period,
  );
}

/**
 * Builds the rows of one yield batch column by column, as arrays for
 * `unnest(...)`, so a batch is inserted with one statement per table.
 */
export class SubscriptionInvoiceRows {
  private readonly invoices: PendingInvoice[] = [];

  add(subscription: YieldingSubscription, period: number, lines: { adjustments: AdjustmentLine[]; total: number }) {
    const amount = Number(subscription.amount);
    const effective = amount + lines.total;
    this.invoices.push({
      guid: newGuid('invoice'),
      subscription,
      period,
      scheduledAt: periodDueAt(subscription, period),
      status: initialInvoiceStatus(amount, effective, subscription.funding_instrument_uri !== null),
      amount,
      adjustments: lines.adjustments,
      totalAdjustment: lines.total,
    });
  }

  /** Parameters $1…$15 of the invoice INSERT: fourteen columns, then every invoice's adjustments as one JSON array. */
  invoiceColumns(): unknown[] {
    const column = <T>(pick: (invoice: PendingInvoice) => T) => this.invoices.map(pick);
    return [
      column((i) => i.guid),
      column((i) => i.subscription.company_guid),
      column((i) => i.subscription.customer_guid),
      column((i) => i.subscription.guid),
      column((i) => i.subscription.plan_guid),
      column((i) => i.period),
      column((i) => i.scheduledAt),
      column((i) => i.subscription.plan_type),
      column((i) => i.status),
      column((i) => i.amount),
      column((i) => i.subscription.funding_instrument_uri),
      column((i) => i.subscription.appears_on_statement_as),
      column((i) => i.totalAdjustment),
      column((i) => i.subscription.currency),
      // One JSON text for the batch: pg would escape a jsonb[] element by element.
      JSON.stringify(column((i) => i.adjustments)),
    ];
  }

  /** Parameters $1…$11 of the transaction INSERT, for the inserted invoices that must be charged. */
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
        column((i) => i.amount + i.totalAdjustment),
        column((i) => i.subscription.funding_instrument_uri),
        column((i) => i.subscription.appears_on_statement_as),
        // Due at once, in the customer's time.
        column((i) => i.subscription.now_at),
        column((i) => i.subscription.currency),
      ],
    };
  }
}
