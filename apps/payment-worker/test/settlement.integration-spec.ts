import { DataSource } from 'typeorm';
import { claimTransactions, recordSettlements } from '@billy/persistence';
import { CompanyProcessors, moveMoney } from '@billy/payment-processor';
import { Charge, pollUntil } from '@billy/testing';
import { WorkerHarness } from './support/worker-harness';
import { sweepEvery } from './support/sweep';

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
    customerGuid = await harness.factories.customer(await harness.factories.company());
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
  const claimOne = async (dataSource: DataSource, charge: Charge) => {
    const ref = { guid: charge.transactionGuid, attempt: 1, failureCount: 0 };
    const { claimed } = await claimTransactions(dataSource.manager, [ref], 60_000);
    if (claimed.length !== 1) throw new Error(`expected a claim of ${ref.guid}`);
    return claimed;
  };
  const settle = async (charge: Charge) => {
    await harness.enqueue({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 });
    return pollUntil(
      () => transaction(charge.transactionGuid),
      (row) => row.submit_status === 'done',
    );
  };

  it('should settle the invoice and move money once when the processor accepts a debit', async () => {
    const charge = await harness.factories.charge(customerGuid);

    const settled = await settle(charge);

    expect(settled).toMatchObject({ status: 'succeeded', failure_count: 0, in_flight_since: null });
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
    expect(await ledger(charge.transactionGuid)).toEqual([
      expect.objectContaining({ idempotency_key: `${charge.transactionGuid}-1`, operation: 'debit' }),
    ]);
  });

  it('should settle each try of a batch job by its own outcome when one job carries several', async () => {
    const ok = await harness.factories.charge(customerGuid);
    const declined = await harness.factories.charge(customerGuid, { fundingInstrumentUri: '/cards/declined' });
    const credit = await harness.factories.charge(customerGuid, { type: 'credit' });

    await harness.enqueue(
      ...[ok, declined, credit].map((charge) => ({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 })),
    );
    await pollUntil(
      () => Promise.all([ok, declined, credit].map((charge) => transaction(charge.transactionGuid))),
      (rows) => rows.every((row) => row.submit_status !== 'staged'),
    );

    expect(await transaction(ok.transactionGuid)).toMatchObject({ submit_status: 'done', status: 'succeeded' });
    expect(await transaction(credit.transactionGuid)).toMatchObject({ submit_status: 'done', status: 'succeeded' });
    // BILLY_RETRY_DELAYS=1s,1s: the decline waits for the next dunning attempt.
    expect(await transaction(declined.transactionGuid)).toMatchObject({
      submit_status: 'retrying',
      attempt: 2,
      failure_count: 1,
      in_flight_since: null,
    });
    expect(await failures(declined.transactionGuid)).toEqual([
      expect.objectContaining({ error_code: 'card_declined' }),
    ]);
    expect(await invoiceStatus(ok.invoiceGuid)).toBe('settled');
    expect(await invoiceStatus(declined.invoiceGuid)).toBe('processing');
    expect(await ledger(ok.transactionGuid)).toHaveLength(1);
    expect(await ledger(declined.transactionGuid)).toEqual([]);
  });

  it('should settle the free tries of a job at once and the held one once its lease ends', async () => {
    const [free, held] = await Promise.all([1, 2].map(() => harness.factories.charge(customerGuid)));
    // A worker that died holding the row: BILLY_CLAIM_LEASE_MS=1000 lets it be taken a second later.
    await harness.query(`UPDATE transactions SET in_flight_since = now() WHERE guid = $1`, [held.transactionGuid]);

    const outcome = await harness.runCopy(
      { tries: [free, held].map((charge) => ({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 })) },
      `${free.transactionGuid}-with-held`,
    );

    // The job's last run had only the held try left.
    expect(outcome).toBe('done:1');
    expect(await transaction(free.transactionGuid)).toMatchObject({ submit_status: 'done' });
    expect(await transaction(held.transactionGuid)).toMatchObject({ submit_status: 'done', in_flight_since: null });
    expect(await ledger(held.transactionGuid)).toHaveLength(1);
  });

  it('should settle a credit invoice with a payout when the invoice is a credit', async () => {
    const charge = await harness.factories.charge(customerGuid, { type: 'credit' });

    await settle(charge);

    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
    expect(await ledger(charge.transactionGuid)).toEqual([expect.objectContaining({ operation: 'credit' })]);
  });

  it('should retry within seconds and record the failure when the first try fails transiently', async () => {
    const charge = await harness.factories.charge(customerGuid, { fundingInstrumentUri: '/cards/flaky' });

    const settled = await settle(charge);

    expect(settled).toMatchObject({ status: 'succeeded', attempt: 1, failure_count: 1 });
    expect(await failures(charge.transactionGuid)).toEqual([expect.objectContaining({ error_code: null })]);
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
  });

  it('should fail the transaction and the invoice when every dunning attempt is declined', async () => {
    const charge = await harness.factories.charge(customerGuid, { fundingInstrumentUri: '/cards/declined' });
    const stopSweeping = sweepEvery(250, () => harness.sweep());

    try {
      const failed = await pollUntil(
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
    const charge = await harness.factories.charge(customerGuid);
    await settle(charge);
    const refundGuid = await harness.factories.refund(charge, 400);

    await harness.enqueue({ guid: refundGuid, attempt: 1, failureCount: 0 });
    const refunded = await pollUntil(
      () => transaction(refundGuid),
      (row) => row.submit_status === 'done',
    );

    expect(refunded).toMatchObject({ status: 'succeeded', processor_uri: `/dummy/refunds/${refundGuid}-1` });
    expect(await ledger(refundGuid)).toEqual([expect.objectContaining({ operation: 'refund' })]);
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('settled');
  });

  it('should do nothing when a job for an already settled try runs again', async () => {
    const charge = await harness.factories.charge(customerGuid);
    await settle(charge);

    const outcome = await harness.runCopy(
      { tries: [{ guid: charge.transactionGuid, attempt: 1, failureCount: 0 }] },
      `${charge.transactionGuid}-again`,
    );

    expect(outcome).toBe('skipped:1');
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
    expect(await transaction(charge.transactionGuid)).toMatchObject({ failure_count: 0 });
  });

  it('should move money once when two jobs for the same try run at the same time', async () => {
    const charge = await harness.factories.charge(customerGuid);
    const job = { tries: [{ guid: charge.transactionGuid, attempt: 1, failureCount: 0 }] };

    const outcomes = await Promise.all([
      harness.runCopy(job, `${charge.transactionGuid}-a`),
      harness.runCopy(job, `${charge.transactionGuid}-b`),
    ]);

    // The loser either saw the row held (postponed, then skipped once settled) or already settled.
    expect(outcomes.sort()).toEqual(['done:1', 'skipped:1']);
    expect(await ledger(charge.transactionGuid)).toHaveLength(1);
  });

  it('should re-send with the same idempotency key when a dead worker left the claim in flight', async () => {
    const charge = await harness.factories.charge(customerGuid);
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
    const charge = await harness.factories.charge(customerGuid);
    const manager = harness.get(DataSource).manager;
    const job = { guid: charge.transactionGuid, attempt: 1, failureCount: 0 };

    const first = await claimTransactions(manager, [job], 60_000);
    const second = await claimTransactions(manager, [job], 60_000);

    const [{ in_flight_since }] = await harness.query<{ in_flight_since: Date }>(
      'SELECT in_flight_since FROM transactions WHERE guid = $1',
      [charge.transactionGuid],
    );
    expect(first.claimed.map((claimed) => claimed.guid)).toEqual([charge.transactionGuid]);
    expect(second).toEqual({
      claimed: [],
      busy: [{ ref: job, retryAt: new Date(in_flight_since.getTime() + 60_000) }],
      stale: [],
    });
  });

  it('should claim the due tries of a batch and tell apart the busy and the stale ones', async () => {
    const [due, held, settled] = await Promise.all([1, 2, 3].map(() => harness.factories.charge(customerGuid)));
    await harness.query(`UPDATE transactions SET in_flight_since = now() WHERE guid = $1`, [held.transactionGuid]);
    await harness.query(`UPDATE transactions SET submit_status = 'done' WHERE guid = $1`, [settled.transactionGuid]);
    const refOf = (charge: Charge) => ({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 });
    // The failure count no longer matches: a job from before the last failure.
    const outdated = { ...refOf(due), failureCount: 1 };

    const batch = await claimTransactions(
      harness.get(DataSource).manager,
      [refOf(due), refOf(held), refOf(settled), outdated],
      60_000,
    );

    expect(batch.claimed).toEqual([
      expect.objectContaining({ guid: due.transactionGuid, invoiceGuid: due.invoiceGuid, amount: 1000, attempt: 1 }),
    ]);
    expect(batch.busy.map((busy) => busy.ref)).toEqual([refOf(held)]);
    expect(batch.stale).toEqual([refOf(settled), outdated]);
  });

  it('should record the late success but leave the invoice canceled when the invoice was canceled during the call', async () => {
    const charge = await harness.factories.charge(customerGuid);
    const dataSource = harness.get(DataSource);
    const [claimed] = await claimOne(dataSource, charge);
    const result = await moveMoney(harness.get(CompanyProcessors).forTransaction(claimed), claimed);
    await harness.query(`UPDATE invoices SET status = 'canceled' WHERE guid = $1`, [charge.invoiceGuid]);
    await harness.query(`UPDATE transactions SET submit_status = 'canceled' WHERE guid = $1`, [charge.transactionGuid]);

    await recordSettlements(dataSource, [
      { transaction: claimed, settlement: { kind: 'succeeded', result }, sentAt: new Date() },
    ]);

    expect(await transaction(charge.transactionGuid)).toMatchObject({ submit_status: 'done', status: 'succeeded' });
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('canceled');
  });

  it('should record nothing when another worker took the transaction over during the call', async () => {
    const charge = await harness.factories.charge(customerGuid);
    const dataSource = harness.get(DataSource);
    const [claimed] = await claimOne(dataSource, charge);
    await harness.query(`UPDATE transactions SET in_flight_since = now() + interval '1 second' WHERE guid = $1`, [
      charge.transactionGuid,
    ]);

    const recorded = await recordSettlements(dataSource, [
      {
        transaction: claimed,
        settlement: { kind: 'succeeded', result: { processorUri: '/dummy/debits/x', status: 'succeeded' } },
        sentAt: new Date(),
      },
    ]);

    expect(recorded.get(charge.transactionGuid)).toBeNull();
    expect(await transaction(charge.transactionGuid)).toMatchObject({ submit_status: 'staged', status: null });
    expect(await invoiceStatus(charge.invoiceGuid)).toBe('processing');
  });
});
