import type { DataSource, EntityManager } from 'typeorm';
import { InvoiceStatus, invoiceStatusAfterResult, ProcessorResultStatus, SubmitStatus } from '@billy/billing';
import type { MovementResult } from '@billy/payment-processor';
import { newGuid } from '../ids/guid';
import type { Settlement } from './settlement-decision';
import type { ClaimedTransaction } from './transaction-claim';

/** The transaction's try as it was recorded; the next job is named after it. */
export interface RecordedSettlement {
  submitStatus: SubmitStatus;
  attempt: number;
  failureCount: number;
}

interface RecordedRow {
  submit_status: SubmitStatus;
  attempt: number;
  failure_count: number;
}

interface TransactionChange {
  submitStatus: SubmitStatus;
  result: MovementResult | null;
  failuresAdded: number;
  attempt: number;
  transientFailures: number;
  nextAttemptAt: Date | null;
  retryAfterMs: number | null;
}

// The row is updated only while it still carries our claim token. A transaction
// canceled while in flight stays canceled unless money moved.
const UPDATE_TRANSACTION = `
  UPDATE transactions SET
    submit_status = CASE WHEN submit_status = 'canceled' AND $2 <> 'done' THEN submit_status ELSE $2 END,
    status = coalesce($3, status),
    processor_uri = coalesce($4, processor_uri),
    failure_count = failure_count + $5,
    attempt = $6,
    transient_failures = $7,
    next_attempt_at = $8,
    retry_after = now() + $9::integer * interval '1 millisecond',
    in_flight_since = NULL,
    updated_at = now()
  WHERE guid = $1 AND in_flight_since = $10::timestamptz
  RETURNING submit_status, attempt, failure_count`;

/**
 * Records the outcome of one processor call, its failure row and the invoice's
 * new status in one database transaction (DESIGN.md step 5). Returns null, and
 * writes nothing, when another worker took the transaction over meanwhile.
 */
export function recordSettlement(
  dataSource: DataSource,
  transaction: ClaimedTransaction,
  settlement: Settlement,
): Promise<RecordedSettlement | null> {
  return dataSource.transaction(async (manager) => {
    const invoiceResult = invoiceResultOf(transaction, settlement);
    // Invoice before transaction, the gateway's lock order, so the two never deadlock.
    const invoiceStatus = invoiceResult ? await lockInvoice(manager, transaction.invoiceGuid) : null;

    const change = changeOf(transaction, settlement);
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]]: [RecordedRow[], number] = await manager.query(UPDATE_TRANSACTION, [
      transaction.guid,
      change.submitStatus,
      change.result?.status ?? null,
      change.result?.processorUri ?? null,
      change.failuresAdded,
      change.attempt,
      change.transientFailures,
      change.nextAttemptAt,
      change.retryAfterMs,
      transaction.claimToken,
    ]);
    if (!row) return null;

    if (settlement.kind !== 'succeeded') {
      await manager.query(
        `INSERT INTO transaction_failures (guid, transaction_guid, error_message, error_code) VALUES ($1, $2, $3, $4)`,
        [newGuid('transactionFailure'), transaction.guid, settlement.failure.message, settlement.failure.code],
      );
    }
    // A failure of a transaction canceled meanwhile no longer speaks for the invoice.
    const speaksForInvoice = settlement.kind === 'succeeded' || row.submit_status !== 'canceled';
    if (invoiceResult && invoiceStatus && speaksForInvoice) {
      const status = invoiceStatusAfterResult(invoiceStatus, invoiceResult);
      // Billy bumps updated_at for a processor's result, not for running out of retries (billy.md §5.3).
      const touch = settlement.kind === 'succeeded';
      if (status !== invoiceStatus) {
        await manager.query(
          `UPDATE invoices SET status = $2, updated_at = CASE WHEN $3 THEN now() ELSE updated_at END WHERE guid = $1`,
          [transaction.invoiceGuid, status, touch],
        );
      }
    }
    return { submitStatus: row.submit_status, attempt: row.attempt, failureCount: row.failure_count };
  });
}

/** How the invoice moves: by the processor's result, or to failed once dunning is over; never for refunds. */
function invoiceResultOf(transaction: ClaimedTransaction, settlement: Settlement): ProcessorResultStatus | null {
  if (transaction.transactionType !== 'debit' && transaction.transactionType !== 'credit') return null;
  if (settlement.kind === 'succeeded') return settlement.result.status;
  return settlement.kind === 'failed' ? 'failed' : null;
}

async function lockInvoice(manager: EntityManager, invoiceGuid: string): Promise<InvoiceStatus> {
  const [invoice]: { status: InvoiceStatus }[] = await manager.query(
    'SELECT status FROM invoices WHERE guid = $1 FOR UPDATE',
    [invoiceGuid],
  );
  return invoice.status;
}

function changeOf(transaction: ClaimedTransaction, settlement: Settlement): TransactionChange {
  const unchanged = {
    result: null,
    failuresAdded: 1,
    attempt: transaction.attempt,
    transientFailures: transaction.transientFailures,
    retryAfterMs: null,
  };
  switch (settlement.kind) {
    case 'succeeded':
      return { ...unchanged, submitStatus: 'done', result: settlement.result, failuresAdded: 0, nextAttemptAt: null };
    case 'retry-soon':
      return {
        ...unchanged,
        submitStatus: 'retrying',
        transientFailures: transaction.transientFailures + 1,
        nextAttemptAt: transaction.nextAttemptAt,
        retryAfterMs: settlement.backoffMs,
      };
    case 'next-attempt':
      return {
        ...unchanged,
        submitStatus: 'retrying',
        attempt: transaction.attempt + 1,
        transientFailures: 0,
        nextAttemptAt: settlement.nextAttemptAt,
      };
    case 'failed':
      return { ...unchanged, submitStatus: 'failed', nextAttemptAt: null };
  }
}
