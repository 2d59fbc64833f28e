import type { DummyLedger, DummyLedgerEntry } from '@billy/payment-processor';
import type { DataSource } from 'typeorm';

interface LedgerRow {
  idempotency_key: string;
  operation: DummyLedgerEntry['operation'];
  amount: string;
  funding_instrument_uri: string | null;
  processor_uri: string;
  created_at: Date;
}

const toEntry = (row: LedgerRow): DummyLedgerEntry => ({
  idempotencyKey: row.idempotency_key,
  operation: row.operation,
  amount: Number(row.amount),
  fundingInstrumentUri: row.funding_instrument_uri,
  processorUri: row.processor_uri,
  createdAt: row.created_at,
});

/** The dummy processor's ledger in PostgreSQL: the primary key makes a second movement impossible. */
export class PostgresDummyLedger implements DummyLedger {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: DummyLedgerEntry): Promise<DummyLedgerEntry> {
    // The no-op update makes RETURNING yield the stored row on a replay too.
    const [row]: LedgerRow[] = await this.dataSource.query(
      `INSERT INTO dummy_ledger (idempotency_key, operation, amount, funding_instrument_uri, processor_uri, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
       RETURNING *`,
      [
        entry.idempotencyKey,
        entry.operation,
        entry.amount,
        entry.fundingInstrumentUri,
        entry.processorUri,
        entry.createdAt,
      ],
    );
    return toEntry(row);
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
