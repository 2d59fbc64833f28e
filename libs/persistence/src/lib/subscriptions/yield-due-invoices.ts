import type { EntityManager } from 'typeorm';
import { AdjustmentLine, Discount, periodInvoiceAdjustments, periodsDueBy, type TransactionTry } from '@billy/billing';
import { BILLABLE_SUBSCRIPTION } from './billable-subscription';
import { periodDueAt, SubscriptionInvoiceRows, YieldingSubscription } from './subscription-invoice-rows';
import { YieldScope, yieldScopeSql } from './yield-scope';

interface DueSubscriptionRow extends YieldingSubscription {
  next_period: number;
  cancel_at_period_end: boolean;
  pending_adjustments: AdjustmentLine[];
  carried_credit: string;
  coupon_guid: string | null;
  discount_periods_remaining: number | null;
  coupon_percent_off: number | null;
  coupon_amount_off: string | null;
}

export interface YieldResult {
  subscriptions: number;
  invoices: number;
  /** Transactions created, to be queued once the database transaction commits. */
  transactions: TransactionTry[];
}

// Periods caught up per subscription per batch; a later batch continues from there.
const MAX_PERIODS_PER_BATCH = 100;

function dueSubscriptionsSql(filter: string, now: string): string {
  return `
    SELECT s.guid, s.company_guid, s.customer_guid, s.plan_guid, s.test_clock_guid, s.next_period,
           s.billing_cycle_anchor, s.cycle_start_period, s.cancel_at_period_end, s.pending_adjustments,
           s.carried_credit, p.frequency, p.billing_interval, p.plan_type,
           coalesce(s.amount, p.amount) AS amount, s.currency, s.funding_instrument_uri, s.appears_on_statement_as,
           s.coupon_guid, s.discount_periods_remaining, c.percent_off AS coupon_percent_off,
           c.amount_off AS coupon_amount_off, ${now} AS now_at
    FROM subscriptions s
    JOIN plans p ON p.guid = s.plan_guid
    LEFT JOIN coupons c ON c.guid = s.coupon_guid
    WHERE ${BILLABLE_SUBSCRIPTION} AND ${filter} AND s.next_invoice_at <= ${now}
    ORDER BY s.next_invoice_at
    LIMIT $1
    FOR UPDATE OF s SKIP LOCKED`;
}

/**
 * Billy's yield loop (billy.md §5.1), set-based: one batch locks up to `limit`
 * due subscriptions (SKIP LOCKED, so replicas share the work), writes one
 * invoice per missed period with its own `scheduled_at`, their transactions,
 * and each subscription's new schedule — four statements, whatever the batch
 * size. A subscription whose cancel at the period end has come is canceled
 * instead, at that time, and its period is not invoiced (lifecycle.md §4).
 * The first invoice takes the lines a change left pending; credit an invoice
 * cannot use is carried to the next (lifecycle.md §3); a discount covers as
 * many invoices as it has periods left (§6). Run it inside a
 * database transaction; the unique (subscription, period) index makes a
 * double invoice impossible.
 */
export async function yieldDueInvoices(manager: EntityManager, scope: YieldScope, limit: number): Promise<YieldResult> {
  const { filter, now, params } = yieldScopeSql(scope, 2);
  const due: DueSubscriptionRow[] = await manager.query(dueSubscriptionsSql(filter, now), [limit, ...params]);
  if (due.length === 0) return { subscriptions: 0, invoices: 0, transactions: [] };

  const invoices = new SubscriptionInvoiceRows();
  const advances = new ScheduleAdvances();
  for (const row of due) {
    if (row.cancel_at_period_end) {
      advances.cancel(row);
      continue;
    }
    const periods = periodsDueBy(
      row.billing_cycle_anchor,
      row.frequency,
      row.billing_interval,
      row.next_period - row.cycle_start_period,
      row.now_at,
      MAX_PERIODS_PER_BATCH,
    ).map((cyclePeriod) => cyclePeriod + row.cycle_start_period);
    let pending = row.pending_adjustments;
    let carried = Number(row.carried_credit);
    let discount = discountOf(row);
    for (const period of periods) {
      const lines = periodInvoiceAdjustments(Number(row.amount), pending, carried, discount);
      invoices.add(row, period, { adjustments: lines.adjustments, total: lines.totalAdjustment });
      pending = [];
      carried = lines.carriedCredit;
      discount = lines.discount;
    }
    advances.bill(row, periods, carried, discount);
  }

  const inserted: { guid: string }[] = await manager.query(
    `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                           scheduled_at, transaction_type, status, amount, funding_instrument_uri, appears_on_statement_as,
                           total_adjustment_amount, currency, adjustments)
     SELECT v.guid, v.company_guid, 'subscription', v.customer_guid, v.subscription_guid, v.plan_guid, v.period,
            v.scheduled_at, v.transaction_type, v.status, v.amount, v.funding_instrument_uri, v.appears_on_statement_as,
            v.total_adjustment_amount, v.currency, $15::jsonb -> (v.n::int - 1)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[],
                 $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::bigint[], $14::text[])
       WITH ORDINALITY
       AS v(guid, company_guid, customer_guid, subscription_guid, plan_guid, period, scheduled_at,
            transaction_type, status, amount, funding_instrument_uri, appears_on_statement_as,
            total_adjustment_amount, currency, n)
     ON CONFLICT (subscription_guid, period) DO NOTHING
     RETURNING guid`,
    invoices.invoiceColumns(),
  );
  const transactions = invoices.transactionColumns(new Set(inserted.map((row) => row.guid)));
  if (transactions.guids.length > 0) {
    await manager.query(
      `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type,
                                 submit_status, amount, funding_instrument_uri, appears_on_statement_as, next_attempt_at,
                                 currency)
       SELECT v.guid, v.company_guid, v.customer_guid, v.invoice_guid, v.test_clock_guid, v.transaction_type,
              'staged', v.amount, v.funding_instrument_uri, v.appears_on_statement_as, v.next_attempt_at, v.currency
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                   $8::text[], $9::text[], $10::timestamptz[], $11::text[])
         AS v(guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type, amount,
              funding_instrument_uri, appears_on_statement_as, next_attempt_at, currency)`,
      transactions.columns,
    );
  }
  await advances.write(manager);
  return {
    subscriptions: due.length,
    invoices: inserted.length,
    transactions: transactions.guids.map((guid) => ({ guid, attempt: 1, failureCount: 0 })),
  };
}

/** The subscription's discount as the yield reads it: its coupon's terms and the periods left. */
function discountOf(row: DueSubscriptionRow): Discount | null {
  if (row.coupon_guid === null) return null;
  return {
    guid: row.coupon_guid,
    percentOff: row.coupon_percent_off,
    amountOff: row.coupon_amount_off === null ? null : Number(row.coupon_amount_off),
    periodsRemaining: row.discount_periods_remaining,
  };
}

// Advances are written as few arrays as can say them: pg serialises each element of each array,
// and the scheduler's profile put that serialising near the top. next_invoice_at is always
// due(next_period), current_period_end equals it once a period is billed, and a cancel takes
// effect at the row's own next_invoice_at.
interface Advance {
  guid: string;
  invoiced: number;
  nextPeriod: number;
  nextInvoiceAt: Date;
  /** Null keeps the current period: nothing was invoiced. */
  periodStart: Date | null;
  carriedCredit: number;
  /** Periods the discount still covers afterwards; null with no coupon left is the discount ended. */
  couponGuid: string | null;
  discountPeriodsRemaining: number | null;
  cancel: boolean;
}

/** Each locked subscription's new schedule, written back with one UPDATE. */
class ScheduleAdvances {
  private readonly advances: Advance[] = [];

  /** `periods` were invoiced (maybe none: a batch can catch up only so far), the first with the pending lines. */
  bill(row: DueSubscriptionRow, periods: number[], carriedCredit: number, discount: Discount | null): void {
    const last = periods.at(-1);
    const nextPeriod = last === undefined ? row.next_period : last + 1;
    this.advances.push({
      guid: row.guid,
      invoiced: periods.length,
      nextPeriod,
      nextInvoiceAt: periodDueAt(row, nextPeriod),
      periodStart: last === undefined ? null : periodDueAt(row, last),
      carriedCredit,
      couponGuid: discount?.guid ?? null,
      discountPeriodsRemaining: discount?.periodsRemaining ?? null,
      cancel: false,
    });
  }

  /** The scheduled cancel takes effect when the period it waited for would start. */
  cancel(row: DueSubscriptionRow): void {
    this.advances.push({
      guid: row.guid,
      invoiced: 0,
      nextPeriod: row.next_period,
      nextInvoiceAt: periodDueAt(row, row.next_period),
      periodStart: null,
      carriedCredit: Number(row.carried_credit),
      couponGuid: row.coupon_guid,
      discountPeriodsRemaining: row.discount_periods_remaining,
      cancel: true,
    });
  }

  write(manager: EntityManager): Promise<unknown> {
    const column = <T>(pick: (advance: Advance) => T) => this.advances.map(pick);
    return manager.query(
      `UPDATE subscriptions s
       SET invoice_count = s.invoice_count + v.invoiced, next_period = v.next_period,
           next_invoice_at = v.next_invoice_at,
           current_period_start = CASE WHEN v.invoiced > 0 THEN v.period_start ELSE s.current_period_start END,
           current_period_end = CASE WHEN v.invoiced > 0 THEN v.next_invoice_at ELSE s.current_period_end END,
           pending_adjustments = CASE WHEN v.invoiced > 0 THEN '[]'::jsonb ELSE s.pending_adjustments END,
           carried_credit = v.carried_credit,
           coupon_guid = v.coupon_guid,
           discount_periods_remaining = v.discount_periods_remaining,
           canceled = s.canceled OR v.cancel,
           canceled_at = CASE WHEN v.cancel THEN s.next_invoice_at ELSE s.canceled_at END
       FROM unnest($1::text[], $2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::bigint[], $7::bool[],
                   $8::text[], $9::int[])
         AS v(guid, invoiced, next_period, next_invoice_at, period_start, carried_credit, cancel, coupon_guid,
              discount_periods_remaining)
       WHERE s.guid = v.guid`,
      [
        column((a) => a.guid),
        column((a) => a.invoiced),
        column((a) => a.nextPeriod),
        column((a) => a.nextInvoiceAt),
        column((a) => a.periodStart),
        column((a) => a.carriedCredit),
        column((a) => a.cancel),
        column((a) => a.couponGuid),
        column((a) => a.discountPeriodsRemaining),
      ],
    );
  }
}
