export type DummyOperation = 'debit' | 'credit' | 'refund';

/** One money movement the dummy processor pretended to make. */
export interface DummyLedgerEntry {
  idempotencyKey: string;
  operation: DummyOperation;
  amount: number;
  /** Null for refunds, which move money back on the referenced debit. */
  fundingInstrumentUri: string | null;
  processorUri: string;
  createdAt: Date;
}

/**
 * Where the dummy processor remembers what it did, so that a replayed idempotency key
 * returns the first result even after a restart (the app backs it with PostgreSQL).
 */
export interface DummyLedger {
  /** Inserts the entry unless its idempotency key is already stored; returns the stored entry either way. */
  record(entry: DummyLedgerEntry): Promise<DummyLedgerEntry>;
  find(idempotencyKey: string): Promise<DummyLedgerEntry | null>;
  /**
   * Counts one more attempt for the idempotency key and returns the new count (1 on the first call).
   * It drives the `flaky` instruments, whose first attempt fails: kept here rather than in memory
   * so a worker restart between the attempt and its retry does not make the retry fail again.
   */
  markAttempt(idempotencyKey: string): Promise<number>;
}
