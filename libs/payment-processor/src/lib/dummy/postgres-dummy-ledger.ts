import type { DataSource } from 'typeorm';
import type { DummyLedger, DummyLedgerEntry, DummyLedgerRecord } from './dummy-ledger';
import { TickBatcher } from './tick-batcher';

interface LedgerRow {
  idempotency_key: string;
  operation: DummyLedgerEntry['operation'];
  amount: string;
  funding_instrument_uri: string | null;
  processor_uri: string;
  created_at: Date;
}

interface RecordedRow extends LedgerRow {
  inserted: boolean;
}

const toEntry = (row: LedgerRow): DummyLedgerEntry => ({
  idempotencyKey: row.idempotency_key,
  operation: row.operation,
  amount: Number(row.amount),
  fundingInstrumentUri: row.funding_instrument_uri,
  processorUri: row.processor_uri,
  createdAt: row.created_at,
});

// The no-op update makes RETURNING yield the stored row on a replay too; only a row
// this statement inserted has no xmax (an updated one carries the updating transaction).
const INSERT_ENTRIES = `
  INSERT INTO dummy_ledger (idempotency_key, operation, amount, funding_instrument_uri, processor_uri, created_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])
  ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
  RETURNING *, xmax = 0 AS inserted`;

/**
 * The dummy processor's ledger in PostgreSQL: the primary key makes a second
 * movement impossible. Concurrent records share one INSERT, as a worker
 * settles a batch of transactions at once.
 */
export class PostgresDummyLedger implements DummyLedger {
  private readonly inserts = new TickBatcher((entries: DummyLedgerEntry[]) => this.insert(entries));

  constructor(private readonly dataSource: DataSource) {}

  record(entry: DummyLedgerEntry): Promise<DummyLedgerRecord> {
    return this.inserts.submit(entry);
  }

  private async insert(entries: DummyLedgerEntry[]): Promise<DummyLedgerRecord[]> {
    // One row per key: a statement may not upsert the same row twice. The entry sent for a key is the one that may insert.
    const sent = new Map(entries.map((entry) => [entry.idempotencyKey, entry]));
    const unique = [...sent.values()];
    const rows: RecordedRow[] = await this.dataSource.query(INSERT_ENTRIES, [
      unique.map((entry) => entry.idempotencyKey),
      unique.map((entry) => entry.operation),
      unique.map((entry) => entry.amount),
      unique.map((entry) => entry.fundingInstrumentUri),
      unique.map((entry) => entry.processorUri),
      unique.map((entry) => entry.createdAt),
    ]);
    const stored = new Map(rows.map((row) => [row.idempotency_key, row]));
    return entries.map((entry) => {
      const row = stored.get(entry.idempotencyKey) as RecordedRow;
      return { entry: toEntry(row), inserted: row.inserted && sent.get(entry.idempotencyKey) === entry };
    });
  }

  async find(idempotencyKey: string): Promise<DummyLedgerEntry | null> {
    const [row]: LedgerRow[] = await this.dataSource.query('SELECT * FROM dummy_ledger WHERE idempotency_key = $1', [
      idempotencyKey,
    ]);
    return row ? toEntry(row) : null;
  }

  async markAttempt(idempotencyKey: string): Promise<number> {
    const [row]: { attempts: number }[] = await this.dataSource.query(
      `INSERT INTO dummy_attempts (idempotency_key, attempts) VALUES ($1, 1)
       ON CONFLICT (idempotency_key) DO UPDATE SET attempts = dummy_attempts.attempts + 1
       RETURNING attempts`,
      [idempotencyKey],
    );
    return row.attempts;
  }
}
