import type { EntityManager } from 'typeorm';
import type { TransactionType } from '@billy/billing';
import { type ProcessorName, tryId, TransactionTry } from '@billy/billing';

/** A transaction this worker holds, with everything the processor call needs. */
export interface ClaimedTransaction {
  guid: string;
  companyGuid: string;
  invoiceGuid: string;
  transactionType: TransactionType;
  amount: number;
  currency: string;
  fundingInstrumentUri: string | null;
  appearsOnStatementAs: string | null;
  attempt: number;
  failureCount: number;
  transientFailures: number;
  nextAttemptAt: Date;
  /** The exact `in_flight_since` we wrote, as text: a JS Date would drop its microseconds. */
  claimToken: string;
  customerUri: string | null;
  processor: ProcessorName;
  processorKeySealed: string;
  processorWebhookSecretSealed: string | null;
  callbackUrlSealed: string | null;
  /** For refunds: the refunded debit's `processor_uri`. */
  referenceUri: string | null;
  /** The customer's "now": its test clock's frozen time, or the real clock. */
  customerNow: Date;
  /** See PendingTry (libs/billing): what the unknown-outcome rule reads. */
  outcomeUnknownSince: Date | null;
  keyFirstSentAt: Date | null;
  keyLastSentAt: Date | null;
  reportedSucceeded: boolean;
  invoiceClosed: boolean;
}

/**
 * What became of a job's tries. `claimed`: the rows are ours. `busy`: still
 * pending but not claimable before `retryAt` (another worker's lease, a
 * transient backoff, or a row locked at this instant). The rest are stale: the
 * try is over or not due.
 */
export interface ClaimedBatch {
  claimed: ClaimedTransaction[];
  busy: { ref: TransactionTry; retryAt: Date }[];
  stale: TransactionTry[];
}

interface ClaimedRow {
  guid: string;
  company_guid: string;
  invoice_guid: string;
  transaction_type: TransactionType;
  amount: string;
  currency: string;
  funding_instrument_uri: string | null;
  appears_on_statement_as: string | null;
  attempt: number;
  failure_count: number;
  transient_failures: number;
  next_attempt_at: Date;
  claim_token: string;
  customer_uri: string | null;
  processor: ProcessorName;
  processor_key_sealed: string;
  processor_webhook_secret_sealed: string | null;
  callback_url_sealed: string | null;
  reference_uri: string | null;
  customer_now: Date;
  outcome_unknown_since: Date | null;
  key_first_sent_at: Date | null;
  key_last_sent_at: Date | null;
  reported_succeeded: boolean;
  invoice_closed: boolean;
}

const CUSTOMER_NOW = `coalesce((SELECT k.frozen_time FROM test_clocks k WHERE k.guid = t.test_clock_guid), now())`;

// The job's tries, as rows: $1 guids, $2 attempts, $3 failure counts.
const TRIES = `unnest($1::text[], $2::integer[], $3::integer[]) AS w(guid, attempt, failure_count)`;

// A try is still its transaction's current one and is due in the customer's time.
const PENDING_TRY = `
  t.guid = w.guid AND t.attempt = w.attempt AND t.failure_count = w.failure_count
  AND t.submit_status IN ('staged', 'retrying')
  AND t.next_attempt_at <= ${CUSTOMER_NOW}`;

const LEASE = `$4::integer * interval '1 millisecond'`;

// No other worker holds the row and no transient backoff holds it back.
const CLAIMABLE = `(t.retry_after IS NULL OR t.retry_after <= now())
  AND (t.in_flight_since IS NULL OR t.in_flight_since < now() - ${LEASE})`;

// Rows are locked in guid order and locked ones skipped, so two workers holding
// overlapping jobs neither deadlock nor wait: what one skips it reports busy.
// Taking over an expired claim makes the outcome unknown: the worker that held
// it may have sent the call, as late as now for all we know.
const CLAIM = `
  WITH claimable AS (
    SELECT t.guid FROM transactions t JOIN ${TRIES} ON true
    WHERE ${PENDING_TRY} AND ${CLAIMABLE}
    ORDER BY t.guid
    FOR UPDATE OF t SKIP LOCKED
  ), claimed AS (
    UPDATE transactions t SET
      in_flight_since = now(),
      outcome_unknown_since = CASE WHEN t.in_flight_since IS NULL THEN t.outcome_unknown_since
                                   ELSE coalesce(t.outcome_unknown_since, t.in_flight_since) END,
      key_first_sent_at = CASE WHEN t.in_flight_since IS NULL THEN t.key_first_sent_at
                               ELSE coalesce(t.key_first_sent_at, t.in_flight_since) END,
      key_last_sent_at = CASE WHEN t.in_flight_since IS NULL THEN t.key_last_sent_at ELSE now() END
    FROM claimable
    WHERE t.guid = claimable.guid
    RETURNING t.*, ${CUSTOMER_NOW} AS customer_now
  )
  SELECT c.guid, c.company_guid, c.invoice_guid, c.transaction_type, c.amount, c.currency, c.funding_instrument_uri,
         c.appears_on_statement_as, c.attempt, c.failure_count, c.transient_failures, c.next_attempt_at,
         c.in_flight_since::text AS claim_token, c.customer_now,
         c.outcome_unknown_since, c.key_first_sent_at, c.key_last_sent_at,
         c.status IS NOT DISTINCT FROM 'succeeded' AS reported_succeeded,
         c.transaction_type IN ('debit', 'credit') AND i.status IN ('settled', 'canceled') AS invoice_closed,
         cu.processor_uri AS customer_uri, co.processor, co.processor_key_sealed,
         co.processor_webhook_secret_sealed, co.callback_url_sealed, r.processor_uri AS reference_uri
  FROM claimed c
  JOIN invoices i ON i.guid = c.invoice_guid
  JOIN customers cu ON cu.guid = c.customer_guid
  JOIN companies co ON co.guid = c.company_guid
  LEFT JOIN transactions r ON r.guid = c.reference_to`;

// greatest() skips nulls, so a try that is claimable by now (say, it was locked a
// moment ago) may be retried at once.
const PENDING = `
  SELECT t.guid, t.attempt, t.failure_count, t.company_guid,
         greatest(t.in_flight_since + ${LEASE}, t.retry_after, now()) AS retry_at, ${CLAIMABLE} AS claimable
  FROM transactions t JOIN ${TRIES} ON true
  WHERE ${PENDING_TRY}`;

interface PendingRow {
  guid: string;
  attempt: number;
  failure_count: number;
  company_guid: string;
  retry_at: Date;
  claimable: boolean;
}

/** A try that is still its transaction's current one and due: claimable now, or from `retryAt`. */
export interface PendingTry {
  ref: TransactionTry;
  companyGuid: string;
  claimable: boolean;
  retryAt: Date;
}

// A row's try, named as the job names it.
const rowTryId = (row: { guid: string; attempt: number; failure_count: number }) =>
  tryId({ guid: row.guid, attempt: row.attempt, failureCount: row.failure_count });

const asColumns = (tries: readonly TransactionTry[]) => [
  tries.map((ref) => ref.guid),
  tries.map((ref) => ref.attempt),
  tries.map((ref) => ref.failureCount),
];

/**
 * Takes the transactions of a job for one try each (DESIGN.md step 3): a
 * single conditional UPDATE, so of two workers holding the same try at most
 * one gets the row.
 */
export async function claimTransactions(
  manager: EntityManager,
  tries: readonly TransactionTry[],
  leaseMs: number,
): Promise<ClaimedBatch> {
  const rows: ClaimedRow[] = await manager.query(CLAIM, [...asColumns(tries), leaseMs]);
  const claimed = new Set(rows.map(rowTryId));
  const left = tries.filter((ref) => !claimed.has(tryId(ref)));
  const batch: ClaimedBatch = { claimed: rows.map(toClaimedTransaction), busy: [], stale: [] };
  if (left.length === 0) return batch;

  const retryAt = new Map((await pendingTries(manager, left, leaseMs)).map((row) => [tryId(row.ref), row.retryAt]));
  for (const ref of left) {
    const at = retryAt.get(tryId(ref));
    if (at) batch.busy.push({ ref, retryAt: at });
    else batch.stale.push(ref);
  }
  return batch;
}

/**
 * The tries that are still pending, with their company and whether they may be
 * claimed now, without claiming them: what a worker asks before it takes rate
 * permits. The rest are stale.
 */
export async function pendingTries(
  manager: EntityManager,
  tries: readonly TransactionTry[],
  leaseMs: number,
): Promise<PendingTry[]> {
  const rows: PendingRow[] = await manager.query(PENDING, [...asColumns(tries), leaseMs]);
  return rows.map((row) => ({
    ref: { guid: row.guid, attempt: row.attempt, failureCount: row.failure_count },
    companyGuid: row.company_guid,
    claimable: row.claimable,
    retryAt: row.retry_at,
  }));
}

function toClaimedTransaction(row: ClaimedRow): ClaimedTransaction {
  return {
    guid: row.guid,
    companyGuid: row.company_guid,
    invoiceGuid: row.invoice_guid,
    transactionType: row.transaction_type,
    amount: Number(row.amount),
    currency: row.currency,
    fundingInstrumentUri: row.funding_instrument_uri,
    appearsOnStatementAs: row.appears_on_statement_as,
    attempt: row.attempt,
    failureCount: row.failure_count,
    transientFailures: row.transient_failures,
    nextAttemptAt: row.next_attempt_at,
    claimToken: row.claim_token,
    customerUri: row.customer_uri,
    processor: row.processor,
    processorKeySealed: row.processor_key_sealed,
    processorWebhookSecretSealed: row.processor_webhook_secret_sealed,
    callbackUrlSealed: row.callback_url_sealed,
    referenceUri: row.reference_uri,
    customerNow: row.customer_now,
    outcomeUnknownSince: row.outcome_unknown_since,
    keyFirstSentAt: row.key_first_sent_at,
    keyLastSentAt: row.key_last_sent_at,
    reportedSucceeded: row.reported_succeeded,
    invoiceClosed: row.invoice_closed,
  };
}
