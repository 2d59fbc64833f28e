import type { MovementType } from '../payment-processor';

/** One money movement the dummy processor pretended to make. */
export interface DummyLedgerEntry {
  idempotencyKey: string;
  operation: MovementType;
  amount: number;
  /** Null for refunds, which move money back on the referenced debit. */
  fundingInstrumentUri: string | null;
  processorUri: string;
  createdAt: Date;
}

/** What a record did: `inserted` is false when the key was already stored (a replay). */
export interface DummyLedgerRecord {
  entry: DummyLedgerEntry;
  inserted: boolean;
}

/**
 * Where the dummy processor remembers what it did, so that a replayed idempotency key
 * returns the first result even after a restart (the app backs it with PostgreSQL).
 */
export interface DummyLedger {
  /**
   * Inserts the entry unless its idempotency key is already stored; returns the stored entry either way.
   * Of concurrent records of one new key, exactly one is told it inserted: the dummy sends one callback per movement.
   */
  record(entry: DummyLedgerEntry): Promise<DummyLedgerRecord>;
  find(idempotencyKey: string): Promise<DummyLedgerEntry | null>;
  /**
   * Counts one more attempt for the idempotency key and returns the new count (1 on the first call).
   * It drives the `flaky` instruments, whose first attempt fails, and the one callback of a `declined`
   * key: kept here rather than in memory so a worker restart does not repeat either.
   */
  markAttempt(idempotencyKey: string): Promise<number>;
}
