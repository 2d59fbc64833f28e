import { DataSource } from 'typeorm';
import { DummyProcessor, PostgresDummyLedger } from '@billy/payment-processor';
import type { DummyLedgerEntry, MoneyMovement } from '@billy/payment-processor';
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

  const movement = (idempotencyKey: string, fundingInstrumentUri: string): MoneyMovement => ({
    type: 'debit',
    idempotencyKey,
    transactionGuid: idempotencyKey.split('-')[0],
    invoiceGuid: 'IV1',
    amount: 1500,
    currency: 'usd',
    customerUri: '/dummy/customers/CU1',
    fundingInstrumentUri,
    appearsOnStatementAs: null,
    referenceUri: null,
  });

  /** Another process's ledger: its own batches, so its records race ours in separate statements. */
  const otherLedger = () => new PostgresDummyLedger(harness.get(DataSource));

  /** A dummy processor as a newly started worker builds it: nothing in memory, only the database. */
  const freshProcessor = (options: { callbackDelayMs?: number } = {}) =>
    new DummyProcessor('any-key', { ledger: otherLedger(), ...options });

  const rowsOf = (idempotencyKey: string) =>
    harness.query<{ amount: string }>('SELECT amount FROM dummy_ledger WHERE idempotency_key = $1', [idempotencyKey]);

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
    expect([first.entry.amount, again.entry.amount, later.entry.amount]).toEqual([stored, stored, stored]);
    expect(other.entry.amount).toBe(200);
  });

  it('should tell exactly one of concurrent records of a new key that it inserted, and none after', async () => {
    const concurrent = await Promise.all([
      ledger.record(entry('TXonce-1', 100)),
      ledger.record(entry('TXonce-1', 100)),
      otherLedger().record(entry('TXonce-1', 100)),
    ]);
    const later = await ledger.record(entry('TXonce-1', 100));

    expect(concurrent.filter((record) => record.inserted)).toHaveLength(1);
    expect(later.inserted).toBe(false);
  });

  it('should replay the transient 500 of a lost debit from a restarted worker, and find the one movement', async () => {
    const first: unknown = await freshProcessor()
      .debit(movement('TXlost-1', '/cards/lost'))
      .catch((error: unknown) => error);

    const replay: unknown = await freshProcessor()
      .debit(movement('TXlost-1', '/cards/lost'))
      .catch((error: unknown) => error);

    expect(first).toMatchObject({ errorClass: 'ProcessorUnavailable', kind: 'transient' });
    expect(replay).toEqual(first);
    expect(await rowsOf('TXlost-1')).toEqual([{ amount: '1500' }]);
    await expect(freshProcessor().findMovement(movement('TXlost-1', '/cards/lost'))).resolves.toEqual({
      processorUri: '/dummy/debits/TXlost-1',
      status: 'succeeded',
    });
  });

  it('should find a pending debit pending until its callback time from the stored created_at, then settled', async () => {
    const pending = movement('TXpending-1', '/cards/pending-failed');
    await freshProcessor({ callbackDelayMs: 60_000 }).debit(pending);

    const early = await freshProcessor({ callbackDelayMs: 60_000 }).findMovement(pending);
    const late = await freshProcessor({ callbackDelayMs: 0 }).findMovement(pending);

    expect(early?.status).toBe('pending');
    expect(late?.status).toBe('failed');
  });
});
