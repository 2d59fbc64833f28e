import { DataSource } from 'typeorm';
import { PostgresDummyLedger } from '@billy/payment-processor';
import type { DummyLedgerEntry } from '@billy/payment-processor';
import { WorkerHarness } from './support/worker-harness';

describe('PostgresDummyLedger', () => {
  let harness: WorkerHarness;
  let ledger: PostgresDummyLedger;

  beforeAll(async () => {
    harness = await WorkerHarness.start('dummy_ledger');
    ledger = new PostgresDummyLedger(harness.get(DataSource));
  });

  afterAll(async () => {
    await harness.stop();
  });

  const entry = (idempotencyKey: string, amount: number): DummyLedgerEntry => ({
    idempotencyKey,
    operation: 'debit',
    amount,
    fundingInstrumentUri: '/cards/ok',
    processorUri: `/dummy/debits/${idempotencyKey}`,
    createdAt: new Date(),
  });

  it('should store each key once and answer every caller with the stored entry when concurrent records share a key', async () => {
    const [first, again, other] = await Promise.all([
      ledger.record(entry('TXsame-1', 100)),
      ledger.record(entry('TXsame-1', 999)),
      ledger.record(entry('TXother-1', 200)),
    ]);
    const later = await ledger.record(entry('TXsame-1', 555));

    const rows = await harness.query<{ idempotency_key: string; amount: string }>(
      `SELECT idempotency_key, amount FROM dummy_ledger WHERE idempotency_key IN ('TXsame-1', 'TXother-1') ORDER BY 1`,
    );
    expect(rows.map((row) => row.idempotency_key)).toEqual(['TXother-1', 'TXsame-1']);
    expect(rows[0].amount).toBe('200');
    // One of the two concurrent records won; the later one changed nothing.
    expect(['100', '999']).toContain(rows[1].amount);
    const stored = Number(rows[1].amount);
    expect([first.amount, again.amount, later.amount]).toEqual([stored, stored, stored]);
    expect(other.amount).toBe(200);
  });
});
