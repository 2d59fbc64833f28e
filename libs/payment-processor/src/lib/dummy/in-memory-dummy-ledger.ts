import type { DummyLedger, DummyLedgerEntry, DummyLedgerRecord } from './dummy-ledger';

/** A DummyLedger for tests and for running without a database; forgets everything on restart. */
export class InMemoryDummyLedger implements DummyLedger {
  private readonly entries = new Map<string, DummyLedgerEntry>();
  private readonly attempts = new Map<string, number>();

  record(entry: DummyLedgerEntry): Promise<DummyLedgerRecord> {
    const stored = this.entries.get(entry.idempotencyKey);
    if (!stored) this.entries.set(entry.idempotencyKey, entry);
    return Promise.resolve({ entry: stored ?? entry, inserted: !stored });
  }

  find(idempotencyKey: string): Promise<DummyLedgerEntry | null> {
    return Promise.resolve(this.entries.get(idempotencyKey) ?? null);
  }

  markAttempt(idempotencyKey: string): Promise<number> {
    const count = (this.attempts.get(idempotencyKey) ?? 0) + 1;
    this.attempts.set(idempotencyKey, count);
    return Promise.resolve(count);
  }
}
