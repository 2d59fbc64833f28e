import type { EntityManager } from 'typeorm';
import { periodsDueBy, type TransactionTry } from '@billy/billing';
import { SubscriptionInvoiceRows, YieldingSubscription } from './subscription-invoice-rows';

/**
 * One batch's scope: every subscription due on the real clock, on one test
 * clock, or just these ones as of a given time (the gateway's "now", so a
 * subscription started at that instant yields at once whatever the database clock says).
 */
export type YieldScope =
  | { kind: 'real-clock' }
  | { kind: 'test-clock'; testClockGuid: string }
  | { kind: 'subscriptions'; guids: string[]; asOf: Date };

interface DueSubscriptionRow extends YieldingSubscription {
  invoice_count: number;
}

export interface YieldResult {
  subscriptions: number;
  invoices: number;
  /** Transactions created, to be queued once the database transaction commits. */
  transactions: TransactionTry[];
}

// Periods caught up per subscription per batch; a later batch continues from there.
const MAX_PERIODS_PER_BATCH = 100;

const DUE_SUBSCRIPTIONS = `
  SELECT s.guid, s.company_guid, s.customer_guid, s.plan_guid, s.test_clock_guid, s.invoice_count,
         s.started_at, p.frequency, p.billing_interval, p.plan_type,
         coalesce(s.amount, p.amount) AS amount, s.funding_instrument_uri, s.appears_on_statement_as,
         %NOW% AS now_at
  FROM subscriptions s
  JOIN plans p ON p.guid = s.plan_guid
  LEFT JOIN test_clocks k ON k.guid = s.test_clock_guid
  WHERE NOT s.canceled AND %SCOPE%
  ORDER BY s.next_invoice_at
  LIMIT $1
  FOR UPDATE OF s SKIP LOCKED`;

const SCOPES = {
  'real-clock': 's.test_clock_guid IS NULL AND s.next_invoice_at <= now()',
  'test-clock': 's.test_clock_guid = $2 AND s.next_invoice_at <= k.frozen_time',
  subscriptions: 's.guid = ANY($2) AND s.next_invoice_at <= $3',
} as const;

const NOW = {
  'real-clock': 'now()',
  'test-clock': 'k.frozen_time',
  subscriptions: '$3::timestamptz',
} as const;

/**
 * Billy's yield loop (billy.md §5.1), set-based: one batch locks up to `limit`
 * due subscriptions (SKIP LOCKED, so replicas share the work), writes one
 * invoice per missed period with its own `scheduled_at`, their transactions,
 * and each subscription's new `invoice_count`/`next_invoice_at` — four
 * statements, whatever the batch size. Run it inside a database transaction;
 * the unique (subscription, period) index makes a double invoice impossible.
 */
export async function yieldDueInvoices(manager: EntityManager, scope: YieldScope, limit: number): Promise<YieldResult> {
  const scopeParams =
    scope.kind === 'test-clock'
      ? [scope.testClockGuid]
      : scope.kind === 'subscriptions'
        ? [scope.guids, scope.asOf]
        : [];
  const sql = DUE_SUBSCRIPTIONS.replace('%SCOPE%', SCOPES[scope.kind]).replace('%NOW%', NOW[scope.kind]);
  const due: DueSubscriptionRow[] = await manager.query(sql, [limit, ...scopeParams]);
  if (due.length === 0) return { subscriptions: 0, invoices: 0, transactions: [] };

  const invoices = new SubscriptionInvoiceRows();
  const advances = { guid: [] as string[], invoiceCount: [] as number[], nextInvoiceAt: [] as Date[] };
  for (const row of due) {
    const periods = periodsDueBy(
      row.started_at,
      row.frequency,
      row.billing_interval,
      row.invoice_count,
      row.now_at,
      MAX_PERIODS_PER_BATCH,
    );
    for (const period of periods) invoices.add(row, period);
    const nextPeriod = row.invoice_count + periods.length;
    advances.guid.push(row.guid);
    advances.invoiceCount.push(nextPeriod);
    advances.nextInvoiceAt.push(invoices.dueAt(row, nextPeriod));
  }

  const inserted: { guid: string }[] = await manager.query(
    `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                           scheduled_at, transaction_type, status, amount, funding_instrument_uri, appears_on_statement_as)
     SELECT v.guid, v.company_guid, 'subscription', v.customer_guid, v.subscription_guid, v.plan_guid, v.period,
            v.scheduled_at, v.transaction_type, v.status, v.amount, v.funding_instrument_uri, v.appears_on_statement_as
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[],
                 $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[])
       AS v(guid, company_guid, customer_guid, subscription_guid, plan_guid, period, scheduled_at,
            transaction_type, status, amount, funding_instrument_uri, appears_on_statement_as)
     ON CONFLICT (subscription_guid, period) DO NOTHING
     RETURNING guid`,
    invoices.invoiceColumns(),
  );
  const transactions = invoices.transactionColumns(new Set(inserted.map((row) => row.guid)));
  if (transactions.guids.length > 0) {
    await manager.query(
      `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type,
                                 submit_status, amount, funding_instrument_uri, appears_on_statement_as, next_attempt_at)
       SELECT v.guid, v.company_guid, v.customer_guid, v.invoice_guid, v.test_clock_guid, v.transaction_type,
              'staged', v.amount, v.funding_instrument_uri, v.appears_on_statement_as, v.next_attempt_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                   $8::text[], $9::text[], $10::timestamptz[])
         AS v(guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type, amount,
              funding_instrument_uri, appears_on_statement_as, next_attempt_at)`,
      transactions.columns,
    );
  }
  await manager.query(
    `UPDATE subscriptions s SET invoice_count = v.invoice_count, next_invoice_at = v.next_invoice_at
     FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS v(guid, invoice_count, next_invoice_at)
     WHERE s.guid = v.guid`,
    [advances.guid, advances.invoiceCount, advances.nextInvoiceAt],
  );
  return {
    subscriptions: due.length,
    invoices: inserted.length,
    transactions: transactions.guids.map((guid) => ({ guid, attempt: 1, failureCount: 0 })),
  };
}
