import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '@billy/testing';
import { WorkerHarness } from './support/worker-harness';

describe('payment worker shutdown', () => {
  let harness: WorkerHarness;

  beforeAll(async () => {
    // A slow processor keeps the first job running while the worker shuts down.
    harness = await WorkerHarness.start('shutdown', { BILLY_DUMMY_LATENCY_MS: '1500' });
  });

  afterAll(async () => {
    await harness.stop();
  });

  const submitStatus = async (guid: string) =>
    (
      await harness.query<{ submit_status: string }>('SELECT submit_status FROM transactions WHERE guid = $1', [guid])
    )[0].submit_status;

  it('should finish the running job and take no new one when the worker shuts down', async () => {
    const customerGuid = await harness.factories.customer(await harness.factories.company());
    const running = await harness.factories.charge(customerGuid);
    const later = await harness.factories.charge(customerGuid);
    await harness.enqueue({ guid: running.transactionGuid, attempt: 1, failureCount: 0 });
    await pollUntil(
      () =>
        harness.query('SELECT 1 FROM transactions WHERE guid = $1 AND in_flight_since IS NOT NULL', [
          running.transactionGuid,
        ]),
      (rows) => rows.length === 1,
    );

    const stopping = harness.stopWorker();
    await sleep(200);
    await harness.enqueue({ guid: later.transactionGuid, attempt: 1, failureCount: 0 });
    await stopping;

    expect(await submitStatus(running.transactionGuid)).toBe('done');
    expect(await submitStatus(later.transactionGuid)).toBe('staged');
  });
});
