import type { EntityManager } from 'typeorm';
import type { TransactionType } from '@billy/billing';
import type { ProcessorName } from '@billy/payment-processor';

/** One try of a transaction, as a settle job names it. */
export interface SettlementTry {
  transactionGuid: string;
  attempt: number;
  failureCount: number;
}

/** A transaction this worker holds, with everything the processor call needs. */
export interface ClaimedTransaction {
  guid: string;
  companyGuid: string;
  invoiceGuid: string;
  transactionType: TransactionType;
  amount: number;
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
  /** For refunds: the refunded debit's `processor_uri`. */
  referenceUri: string | null;
  /** The customer's "now": its test clock's frozen time, or the real clock. */
  customerNow: Date;
}

/**
 * `claimed`: the row is ours. `busy`: this try is still pending but not
 * claimable before `retryAt` (another worker's lease, or a transient backoff).
 * `stale`: the job names a try that is over or not due.
 */
export type ClaimResult =
  { kind: 'claimed'; transaction: ClaimedTransaction } | { kind: 'busy'; retryAt: Date } | { kind: 'stale' };

interface ClaimedRow {
  guid: string;
  company_guid: string;
  invoice_guid: string;
  transaction_type: TransactionType;
  amount: string;
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
  reference_uri: string | null;
  customer_now: Date;
}

const CUSTOMER_NOW = `coalesce((SELECT k.frozen_time FROM test_clocks k WHERE k.guid = t.test_clock_guid), now())`;

// The job's try is still the transaction's current one and is due in the customer's time.
const PENDING_TRY = `
  t.guid = $1 AND t.attempt = $2 AND t.failure_count = $3
  AND t.submit_status IN ('staged', 'retrying')
  AND t.next_attempt_at <= ${CUSTOMER_NOW}`;

const LEASE = `$4::integer * interval '1 millisecond'`;

const CLAIM = `
  WITH claimed AS (
    UPDATE transactions t SET in_flight_since = now()
    WHERE ${PENDING_TRY}
      AND (t.retry_after IS NULL OR t.retry_after <= now())
      AND (t.in_flight_since IS NULL OR t.in_flight_since < now() - ${LEASE})
    RETURNING t.*, ${CUSTOMER_NOW} AS customer_now
  )
  SELECT c.guid, c.company_guid, c.invoice_guid, c.transaction_type, c.amount, c.funding_instrument_uri,
         c.appears_on_statement_as, c.attempt, c.failure_count, c.transient_failures, c.next_attempt_at,
         c.in_flight_since::text AS claim_token, c.customer_now,
         cu.processor_uri AS customer_uri, co.processor, co.processor_key_sealed, r.processor_uri AS reference_uri
  FROM claimed c
  JOIN customers cu ON cu.guid = c.customer_guid
  JOIN companies co ON co.guid = c.company_guid
  LEFT JOIN transactions r ON r.guid = c.reference_to`;

// Asked only when the claim failed: greatest() skips nulls, so a try that became
// claimable since the claim is retried at once rather than dropped.
const RETRY_AT = `
  SELECT greatest(t.in_flight_since + ${LEASE}, t.retry_after, now()) AS retry_at
  FROM transactions t
  WHERE ${PENDING_TRY}`;

/**
 * Takes a transaction for one try (DESIGN.md step 3): a single conditional
 * UPDATE, so of two workers holding the same job at most one gets the row.
 */
export async function claimTransaction(
  manager: EntityManager,
  job: SettlementTry,
  leaseMs: number,
): Promise<ClaimResult> {
  const params = [job.transactionGuid, job.attempt, job.failureCount, leaseMs];
  const [row]: ClaimedRow[] = await manager.query(CLAIM, params);
  if (row) return { kind: 'claimed', transaction: toClaimedTransaction(row) };
  const [pending]: { retry_at: Date }[] = await manager.query(RETRY_AT, params);
  return pending ? { kind: 'busy', retryAt: pending.retry_at } : { kind: 'stale' };
}

function toClaimedTransaction(row: ClaimedRow): ClaimedTransaction {
  return {
    guid: row.guid,
    companyGuid: row.company_guid,
    invoiceGuid: row.invoice_guid,
    transactionType: row.transaction_type,
    amount: Number(row.amount),
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
    referenceUri: row.reference_uri,
    customerNow: row.customer_now,
  };
}
