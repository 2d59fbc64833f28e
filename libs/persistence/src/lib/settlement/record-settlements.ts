import type { DataSource, EntityManager } from 'typeorm';
import {
  InvoiceStatus,
  invoiceStatusAfterResult,
  ProcessorStatus,
  SubmitStatus,
  type MovementResult,
  type Settlement,
  type SettlementFailure,
} from '@billy/billing';
import { newGuid } from '@billy/crypto';
import type { ClaimedTransaction } from './claim-transactions';

/** The transaction's try as it was recorded; the next job is named after it. */
export interface RecordedSettlement {
  submitStatus: SubmitStatus;
  attempt: number;
  failureCount: number;
}

interface RecordedRow {
  guid: string;
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
  /** The try has a definite answer: the outcome is no longer unknown. */
  known: boolean;
}

/** A claimed transaction and what its try came to. */
export interface SettledTry {
  transaction: ClaimedTransaction;
  settlement: Settlement;
  /** When its key went to the processor in this try; null when the try only looked it up (or abandoned it). */
  sentAt: Date | null;
}

// Each row is updated only while it still carries our claim token. A
// transaction canceled while in flight stays canceled unless money moved. A
// callback's succeeded or failed is newer than a submission's pending. A new
// attempt has a new key, never sent yet.
const UPDATE_TRANSACTIONS = `
  UPDATE transactions t SET
    submit_status = CASE WHEN t.submit_status = 'canceled' AND c.submit_status <> 'done'
                         THEN t.submit_status ELSE c.submit_status END,
    status = CASE WHEN c.status = 'pending' AND t.status IN ('succeeded', 'failed')
                  THEN t.status ELSE coalesce(c.status, t.status) END,
    processor_uri = coalesce(c.processor_uri, t.processor_uri),
    failure_count = t.failure_count + c.failures_added,
    attempt = c.attempt,
    transient_failures = c.transient_failures,
    next_attempt_at = c.next_attempt_at,
    retry_after = now() + c.retry_after_ms * interval '1 millisecond',
    outcome_unknown_since = CASE WHEN c.known THEN NULL ELSE coalesce(t.outcome_unknown_since, c.sent_at) END,
    key_first_sent_at = CASE WHEN c.attempt <> t.attempt THEN NULL ELSE coalesce(t.key_first_sent_at, c.sent_at) END,
    key_last_sent_at = CASE WHEN c.attempt <> t.attempt THEN NULL ELSE coalesce(c.sent_at, t.key_last_sent_at) END,
    in_flight_since = NULL,
    updated_at = now()
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::integer[], $7::integer[],
              $8::timestamptz[], $9::integer[], $10::timestamptz[], $11::boolean[], $12::timestamptz[])
       AS c(guid, submit_status, status, processor_uri, failures_added, attempt, transient_failures,
            next_attempt_at, retry_after_ms, claim_token, known, sent_at)
  WHERE t.guid = c.guid AND t.in_flight_since = c.claim_token
  RETURNING t.guid, t.submit_status, t.attempt, t.failure_count`;

const INSERT_FAILURES = `
  INSERT INTO transaction_failures (guid, transaction_guid, error_message, error_code)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`;

// Billy bumps updated_at for a processor's result, not for running out of retries (billy.md §5.3).
const UPDATE_INVOICES = `
  UPDATE invoices i SET status = c.status, updated_at = CASE WHEN c.touch THEN now() ELSE i.updated_at END
  FROM unnest($1::text[], $2::text[], $3::boolean[]) AS c(guid, status, touch)
  WHERE i.guid = c.guid`;

/**
 * Records the outcomes of a job's processor calls, their failure rows and the
 * invoices' new statuses in one database transaction (DESIGN.md step 5), in a
 * fixed number of statements whatever the batch size. A try another worker
 * took over meanwhile is recorded as null, and nothing of it is written.
 */
export function recordSettlements(
  dataSource: DataSource,
  settled: readonly SettledTry[],
): Promise<Map<string, RecordedSettlement | null>> {
  return dataSource.transaction(async (manager) => {
    const moves = settled.flatMap(({ transaction, settlement }) => {
      const result = invoiceResultOf(transaction, settlement);
      return result ? [{ transaction, settlement, result }] : [];
    });
    // Invoices before transactions, the gateway's lock order, and in guid order, so nothing deadlocks.
    const invoiceStatus = await lockInvoices(
      manager,
      moves.map((move) => move.transaction.invoiceGuid),
    );

    const changes = settled.map(({ transaction, settlement, sentAt }) => ({
      transaction,
      sentAt,
      ...changeOf(transaction, settlement),
    }));
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [RecordedRow[], number] = await manager.query(UPDATE_TRANSACTIONS, [
      changes.map((c) => c.transaction.guid),
      changes.map((c) => c.submitStatus),
      changes.map((c) => c.result?.status ?? null),
      changes.map((c) => c.result?.processorUri ?? null),
      changes.map((c) => c.failuresAdded),
      changes.map((c) => c.attempt),
      changes.map((c) => c.transientFailures),
      changes.map((c) => c.nextAttemptAt),
      changes.map((c) => c.retryAfterMs),
      changes.map((c) => c.transaction.claimToken),
      changes.map((c) => c.known),
      changes.map((c) => c.sentAt),
    ]);
    const recorded = new Map(rows.map((row) => [row.guid, row]));

    const failed = settled.flatMap(({ transaction, settlement }) => {
      const failure = failureOf(settlement);
      return failure && recorded.has(transaction.guid) ? [{ transaction, failure }] : [];
    });
    if (failed.length > 0) {
      await manager.query(INSERT_FAILURES, [
        failed.map(() => newGuid('transactionFailure')),
        failed.map((f) => f.transaction.guid),
        failed.map((f) => f.failure.message),
        failed.map((f) => f.failure.code),
      ]);
    }

    const touched = new Map<string, boolean>();
    for (const { transaction, settlement, result } of moves) {
      const row = recorded.get(transaction.guid);
      // A failure of a transaction canceled meanwhile no longer speaks for the invoice.
      if (!row || (settlement.kind !== 'succeeded' && row.submit_status === 'canceled')) continue;
      const before = invoiceStatus.get(transaction.invoiceGuid) as InvoiceStatus;
      const after = invoiceStatusAfterResult(before, result);
      if (after === before) continue;
      invoiceStatus.set(transaction.invoiceGuid, after);
      touched.set(transaction.invoiceGuid, touched.get(transaction.invoiceGuid) || settlement.kind === 'succeeded');
    }
    if (touched.size > 0) {
      const guids = [...touched.keys()];
      await manager.query(UPDATE_INVOICES, [
        guids,
        guids.map((guid) => invoiceStatus.get(guid)),
        [...touched.values()],
      ]);
    }

    return new Map(
      settled.map(({ transaction }) => {
        const row = recorded.get(transaction.guid);
        const outcome = row && {
          submitStatus: row.submit_status,
          attempt: row.attempt,
          failureCount: row.failure_count,
        };
        return [transaction.guid, outcome ?? null];
      }),
    );
  });
}

/** How the invoice moves: by the processor's result, or to failed once dunning is over; never for refunds. */
function invoiceResultOf(transaction: ClaimedTransaction, settlement: Settlement): ProcessorStatus | null {
  if (transaction.transactionType !== 'debit' && transaction.transactionType !== 'credit') return null;
  if (settlement.kind === 'succeeded') return settlement.result.status;
  return settlement.kind === 'failed' ? 'failed' : null;
}

async function lockInvoices(manager: EntityManager, invoiceGuids: string[]): Promise<Map<string, InvoiceStatus>> {
  if (invoiceGuids.length === 0) return new Map();
  const rows: { guid: string; status: InvoiceStatus }[] = await manager.query(
    'SELECT guid, status FROM invoices WHERE guid = ANY($1::text[]) ORDER BY guid FOR UPDATE',
    [invoiceGuids],
  );
  return new Map(rows.map((row) => [row.guid, row.status]));
}

const failureOf = (settlement: Settlement): SettlementFailure | null =>
  settlement.kind === 'succeeded' || settlement.kind === 'abandoned' ? null : settlement.failure;

function changeOf(transaction: ClaimedTransaction, settlement: Settlement): TransactionChange {
  const failuresAdded = failureOf(settlement) ? 1 : 0;
  const unchanged = {
    result: null,
    failuresAdded,
    attempt: transaction.attempt,
    transientFailures: transaction.transientFailures,
    retryAfterMs: null,
    known: true,
  };
  switch (settlement.kind) {
    case 'succeeded':
      return { ...unchanged, submitStatus: 'done', result: settlement.result, nextAttemptAt: null };
    case 'retry-soon':
      return {
        ...unchanged,
        submitStatus: 'retrying',
        transientFailures: transaction.transientFailures + failuresAdded,
        nextAttemptAt: transaction.nextAttemptAt,
        retryAfterMs: settlement.backoffMs,
        known: false,
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
    case 'abandoned':
      return { ...unchanged, submitStatus: 'canceled', nextAttemptAt: null };
  }
}
