import { DataSource } from 'typeorm';
import { claimTransaction, CompanyProcessors, moveMoney, recordSettlement } from '@billy/domain';
import { WorkerHarness } from './support/worker-harness';
import { sweepEvery } from './support/sweep';
import { waitUntil } from './support/wait-until';
import type { SeededCharge } from './support/seed';

interface TransactionRow {
  submit_status: string;
  status: string | null;
  processor_uri: string | null;
  attempt: number;
  failure_count: number;
  in_flight_since: Date | null;
}

describe('payment worker settlement', () => {
  let harness: WorkerHarness;
  let customerGuid: string;

  beforeAll(async () => {
    harness = await WorkerHarness.start('settlement');
    customerGuid = await harness.seed.customer(await harness.seed.company());
  });

  afterAll(async () => {
    await harness.stop();
  });

  const transaction = async (guid: string) =>
    (await harness.query<TransactionRow>('SELECT * FROM transactions WHERE guid = $1', [guid]))[0];
  const invoiceStatus = async (guid: string) =>
    (await harness.query<{ status: string }>('SELECT status FROM invoices WHERE guid = $1', [guid]))[0].status;
  const ledger = (transactionGuid: string) =>
    harness.query<{ idempotency_key: string; operation: string; processor_uri: string }>(
      `SELECT * FROM dummy_ledger WHERE idempotency_key LIKE $1 || '-%' ORDER BY idempotency_key`,
      [transactionGuid],
    );
  const failures = (transactionGuid: string) =>
    harness.query<{ error_message: string; error_code: string | null }>(
      'SELECT * FROM transaction_failures WHERE transaction_guid = $1 ORDER BY created_at',
      [transactionGuid],
    );
  const settle = async (charge: SeededCharge) => {
    await harness.enqueue({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 });
    return waitUntil(
      () => transaction(charge.transactionGuid),
      (row) => row.submit_status === 'done',
    );
  };

  it('should settle the invoice and move money once when the processor accepts a debit', async () => {
    const charge = await harness.seed.charge(customerGuid);

    const settled = await settle(charge);

    expect(settled).toMatchObject({ status: 'succeeded', failure_count: 0, in_flight_since: null });
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
    expect(await ledger(charge.transactionGuid)).toEqual([
      expect.objectContaining({ idempotency_key: `${charge.transactionGuid}-1`, operation: 'debit' }),
    ]);
  });

  it('should settle a credit invoice with a payout when the invoice is a credit', async () => {
    const charge = await harness.seed.charge(customerGuid, { type: 'credit' });

    await settle(charge);

    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
    expect(await ledger(charge.transactionGuid)).toEqual([expect.objectContaining({ operation: 'credit' })]);
  });

  it('should retry within seconds and record the failure when the first try fails transiently', async () => {
    const charge = await harness.seed.charge(customerGuid, { instrument: '/cards/flaky' });

    const settled = await settle(charge);

    expect(settled).toMatchObject({ status: 'succeeded', attempt: 1, failure_count: 1 });
    expect(await failures(charge.transactionGuid)).toEqual([expect.objectContaining({ error_code: null })]);
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
  });

  it('should fail the transaction and the invoice when every dunning attempt is declined', async () => {
    const charge = await harness.seed.charge(customerGuid, { instrument: '/cards/declined' });
    const stopSweeping = sweepEvery(250, () => harness.sweep());

    try {
      const failed = await waitUntil(
        () => transaction(charge.transactionGuid),
        (row) => row.submit_status === 'failed',
      );

      // BILLY_RETRY_DELAYS=1s,1s: three attempts, each a new idempotency key.
      expect(failed).toMatchObject({ attempt: 3, failure_count: 3, in_flight_since: null });
      expect(await failures(charge.transactionGuid)).toEqual([
        expect.objectContaining({ error_code: 'card_declined' }),
        expect.objectContaining({ error_code: 'card_declined' }),
        expect.objectContaining({ error_code: 'card_declined' }),
      ]);
      expect(await invoiceStatus(charge.invoiceGuid)).toBe('failed');
    } finally {
      await stopSweeping();
    }
  });

  it('should refund on the settled debit and keep the invoice settled when a refund is submitted', async () => {
    const charge = await harness.seed.charge(customerGuid);
    await settle(charge);
    const refundGuid = await harness.seed.refund(charge, 400);

    await harness.enqueue({ guid: refundGuid, attempt: 1, failureCount: 0 });
    const refunded = await waitUntil(
      () => transaction(refundGuid),
      (row) => row.submit_status === 'done',
    );

    expect(refunded).toMatchObject({ status: 'succeeded', processor_uri: `/dummy/refunds/${refundGuid}-1` });
    expect(await ledger(refundGuid)).toEqual([expect.objectContaining({ operation: 'refund' })]);
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
  });

  it('should do nothing when a job for an already settled try runs again', async () => {
    const charge = await harness.seed.charge(customerGuid);
    await settle(charge);

    const outcome = await harness.runCopy(
      { transactionGuid: charge.transactionGuid, attempt: 1, failureCount: 0 },
      `${charge.transactionGuid}-again`,
    );

    expect(outcome).toBe('skipped');
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
    expect(await transaction(charge.transactionGuid)).toMatchObject({ failure_count: 0 });
  });

  it('should move money once when two jobs for the same try run at the same time', async () => {
    const charge = await harness.seed.charge(customerGuid);
    const job = { transactionGuid: charge.transactionGuid, attempt: 1, failureCount: 0 };

    const outcomes = await Promise.all([
      harness.runCopy(job, `${job.transactionGuid}-a`),
      harness.runCopy(job, `${job.transactionGuid}-b`),
    ]);

    expect(outcomes.sort()).toEqual(['done', 'skipped']);
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
  });

  it('should re-send with the same idempotency key when a dead worker left the claim in flight', async () => {
    const charge = await harness.seed.charge(customerGuid);
    const key = `${charge.transactionGuid}-1`;
    // The dead worker claimed the row and reached the processor, then died before recording.
    await harness.query(`UPDATE transactions SET in_flight_since = now() - interval '1 hour' WHERE guid = $1`, [
      charge.transactionGuid,
    ]);
    await harness.query(
      `INSERT INTO dummy_ledger (idempotency_key, operation, amount, funding_instrument_uri, processor_uri)
       VALUES ($1, 'debit', 1000, '/cards/ok', $2)`,
      [key, `/dummy/debits/${key}`],
    );

    const settled = await settle(charge);

    expect(settled).toMatchObject({ status: 'succeeded', processor_uri: `/dummy/debits/${key}` });
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
  });

  it('should report the try busy until the lease ends when another worker holds it', async () => {
    const charge = await harness.seed.charge(customerGuid);
    const manager = harness.get(DataSource).manager;
    const job = { transactionGuid: charge.transactionGuid, attempt: 1, failureCount: 0 };

    const first = await claimTransaction(manager, job, 60_000);
    const second = await claimTransaction(manager, job, 60_000);

    const [{ in_flight_since }] = await harness.query<{ in_flight_since: Date }>(
      'SELECT in_flight_since FROM transactions WHERE guid = $1',
      [charge.transactionGuid],
    );
    expect(first.kind).toBe('claimed');
    expect(second).toEqual({ kind: 'busy', retryAt: new Date(in_flight_since.getTime() + 60_000) });
  });

  it('should record the late success but leave the invoice canceled when the invoice was canceled during the call', async () => {
    const charge = await harness.seed.charge(customerGuid);
    const dataSource = harness.get(DataSource);
    const claim = await claimTransaction(
      dataSource.manager,
      { transactionGuid: charge.transactionGuid, attempt: 1, failureCount: 0 },
      60_000,
    );
    if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
    const result = await moveMoney(harness.get(CompanyProcessors).forCompany(claim.transaction), claim.transaction);
    await harness.query(`UPDATE invoices SET status = 'canceled' WHERE guid = $1`, [charge.invoiceGuid]);
    await harness.query(`UPDATE transactions SET submit_status = 'canceled' WHERE guid = $1`, [charge.transactionGuid]);

    await recordSettlement(dataSource, claim.transaction, { kind: 'succeeded', result });

    expect(await transaction(charge.transactionGuid)).toMatchObject({ submit_status: 'done', status: 'succeeded' });
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('canceled');
  });

  it('should record nothing when another worker took the transaction over during the call', async () => {
    const charge = await harness.seed.charge(customerGuid);
    const dataSource = harness.get(DataSource);
    const claim = await claimTransaction(
      dataSource.manager,
      { transactionGuid: charge.transactionGuid, attempt: 1, failureCount: 0 },
      60_000,
    );
    if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
    await harness.query(`UPDATE transactions SET in_flight_since = now() + interval '1 second' WHERE guid = $1`, [
      charge.transactionGuid,
    ]);

    const recorded = await recordSettlement(dataSource, claim.transaction, {
      kind: 'succeeded',
      result: { processorUri: '/dummy/debits/x', status: 'succeeded' },
    });

    expect(recorded).toBeNull();
    expect(await transaction(charge.transactionGuid)).toMatchObject({ submit_status: 'staged', status: null });
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('processing');
  });
});
