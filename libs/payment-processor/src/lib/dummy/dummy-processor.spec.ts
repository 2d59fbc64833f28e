import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MovementResult } from '@billy/billing';
import type { MoneyMovement, MovementType } from '../payment-processor';
import { ProcessorError } from '../processor-errors';
import type { DummyLedger, DummyLedgerEntry } from './dummy-ledger';
import { DummyProcessor, DummyProcessorOptions } from './dummy-processor';
import { InMemoryDummyLedger } from './in-memory-dummy-ledger';

const movement = (overrides: Partial<MoneyMovement> = {}): MoneyMovement => ({
  type: 'debit',
  idempotencyKey: 'TX1-1',
  transactionGuid: 'TX1',
  invoiceGuid: 'IV1',
  amount: 1500,
  currency: 'usd',
  customerUri: '/dummy/customers/CU1',
  fundingInstrumentUri: '/cards/ok',
  appearsOnStatementAs: null,
  referenceUri: null,
  ...overrides,
});

const setUp = ({ key = 'any-key', ...options }: Omit<DummyProcessorOptions, 'ledger'> & { key?: string } = {}) => {
  const ledger = new InMemoryDummyLedger();
  const processor = new DummyProcessor(key, { ledger, ...options });
  return { ledger, processor };
};

const debitEntry = (idempotencyKey: string, instrument: string): DummyLedgerEntry => ({
  idempotencyKey,
  operation: 'debit',
  amount: 1500,
  fundingInstrumentUri: instrument,
  processorUri: `/dummy/debits/${idempotencyKey}`,
  createdAt: new Date(),
});

/**
 * Makes a `type` movement on the instrument; a refund refunds the debit TX0-1, recorded here with the
 * instrument, as refunds obey their debit's keywords.
 */
async function move(
  processor: DummyProcessor,
  ledger: DummyLedger,
  type: MovementType,
  instrument: string,
  overrides: Partial<MoneyMovement> = {},
): Promise<MovementResult> {
  if (type !== 'refund') return processor[type](movement({ type, fundingInstrumentUri: instrument, ...overrides }));
  await ledger.record(debitEntry('TX0-1', instrument));
  return processor.refund(
    movement({ type, fundingInstrumentUri: null, referenceUri: '/dummy/debits/TX0-1', ...overrides }),
  );
}

/** Under fake timers: whether the call had settled 1 ms before `durationMs`; then lets it run to its end. */
async function settledEarly(call: Promise<unknown>, durationMs: number): Promise<boolean> {
  let settled = false;
  const ended = call.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(durationMs - 1);
  const early = settled;
  await jest.advanceTimersByTimeAsync(1);
  await ended;
  return early;
}

interface ReceivedCallback {
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** Stands in for the gateway's callback route: keeps every callback posted to `url`. */
async function startReceiver() {
  const callbacks: ReceivedCallback[] = [];
  const arrivals = new EventTarget();
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      callbacks.push({
        contentType: request.headers['content-type'],
        body: JSON.parse(raw) as Record<string, unknown>,
      });
      response.end();
      arrivals.dispatchEvent(new Event('callback'));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/companies/CP1/callbacks/secret/`,
    callbacks,
    /** The callbacks, once `count` of them have arrived. */
    async received(count: number): Promise<ReceivedCallback[]> {
      while (callbacks.length < count) await once(arrivals, 'callback');
      return callbacks;
    },
    close(): Promise<void> {
      server.closeAllConnections();
      server.close();
      return once(server, 'close').then(() => undefined);
    },
  };
}

const CALLBACK_DELAY_MS = 100;

const TRANSIENT = { errorClass: 'ProcessorUnavailable', kind: 'transient' };
const DECLINED = { errorClass: 'CardDeclined', kind: 'declined', code: 'card_declined' };

describe('DummyProcessor', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('validateKey', () => {
    it('should accept the key when it is not blank', async () => {
      await expect(setUp({ key: 'k' }).processor.validateKey()).resolves.toBeUndefined();
    });

    it('should reject the key as InvalidProcessorKey when it is blank', async () => {
      await expect(setUp({ key: '  ' }).processor.validateKey()).rejects.toMatchObject({
        errorClass: 'InvalidProcessorKey',
        kind: 'invalid',
      });
    });
  });

  describe('customers', () => {
    it('should derive the customer URI from the guid when a customer is created', async () => {
      await expect(setUp().processor.createCustomer('CU9')).resolves.toBe('/dummy/customers/CU9');
    });

    it('should reject the customer as InvalidCustomer when its URI is empty', async () => {
      await expect(setUp().processor.validateCustomer('')).rejects.toMatchObject({ errorClass: 'InvalidCustomer' });
    });

    it('should accept the customer when its URI is not empty', async () => {
      await expect(setUp().processor.validateCustomer('/anything')).resolves.toBeUndefined();
    });
  });

  describe('validateFundingInstrument', () => {
    it.each(['/cards/invalid-1', ''])('should reject %p as InvalidFundingInstrument', async (uri) => {
      await expect(setUp().processor.validateFundingInstrument(uri)).rejects.toMatchObject({
        errorClass: 'InvalidFundingInstrument',
        kind: 'invalid',
      });
    });

    it.each(['/cards/declined', '/cards/slow-lost', '/cards/pending-failed'])(
      'should accept %p when its URI is otherwise non-empty',
      async (uri) => {
        await expect(setUp().processor.validateFundingInstrument(uri)).resolves.toBeUndefined();
      },
    );
  });

  describe('debit and credit', () => {
    it.each(['debit', 'credit'] as const)(
      'should succeed and record the %s when the instrument is ordinary',
      async (operation) => {
        const { ledger, processor } = setUp();

        const result = await processor[operation](movement());

        expect(result).toEqual({ processorUri: `/dummy/${operation}s/TX1-1`, status: 'succeeded' });
        expect(await ledger.find('TX1-1')).toMatchObject({
          operation,
          amount: 1500,
          fundingInstrumentUri: '/cards/ok',
        });
      },
    );

    it('should fail the first attempt transiently and succeed the retry when the instrument is flaky', async () => {
      const { processor } = setUp();
      const flaky = movement({ fundingInstrumentUri: '/cards/flaky' });

      await expect(processor.debit(flaky)).rejects.toMatchObject(TRANSIENT);
      await expect(processor.debit(flaky)).resolves.toMatchObject({ status: 'succeeded' });
    });

    it('should let the retry succeed when the attempt was counted by an earlier process', async () => {
      const { ledger, processor } = setUp();
      await ledger.markAttempt('TX1-1');

      await expect(processor.debit(movement({ fundingInstrumentUri: '/cards/flaky' }))).resolves.toMatchObject({
        status: 'succeeded',
      });
    });

    it('should fail every new idempotency key once when the instrument is flaky', async () => {
      const { processor } = setUp();
      const flaky = movement({ fundingInstrumentUri: '/cards/flaky' });
      await processor.debit(flaky).catch(() => undefined);
      await processor.debit(flaky);

      await expect(processor.debit({ ...flaky, idempotencyKey: 'TX1-2' })).rejects.toMatchObject({ kind: 'transient' });
    });

    it('should reject the debit as InvalidFundingInstrument when there is no instrument', async () => {
      await expect(setUp().processor.debit(movement({ fundingInstrumentUri: null }))).rejects.toMatchObject({
        errorClass: 'InvalidFundingInstrument',
        kind: 'invalid',
      });
    });

    it('should return the first result and keep the first entry when the idempotency key is replayed', async () => {
      const { ledger, processor } = setUp();
      const first = await processor.debit(movement());

      const replay = await processor.debit(movement({ amount: 9999 }));

      expect(replay).toEqual(first);
      expect(await ledger.find('TX1-1')).toMatchObject({ amount: 1500 });
    });
  });

  describe('declined', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeEach(async () => {
      receiver = await startReceiver();
    });

    afterEach(() => receiver.close());

    it.each(['debit', 'credit'] as const)(
      'should decline the %s and record nothing when the instrument contains "declined"',
      async (operation) => {
        const { ledger, processor } = setUp();

        await expect(processor[operation](movement({ fundingInstrumentUri: '/cards/declined' }))).rejects.toMatchObject(
          DECLINED,
        );
        expect(await ledger.find('TX1-1')).toBeNull();
      },
    );

    it('should post one failed callback after the delay when a declined debit is tried twice with one key', async () => {
      const { processor } = setUp({ callbackUrl: receiver.url, callbackDelayMs: CALLBACK_DELAY_MS });
      const declined = movement({ fundingInstrumentUri: '/cards/declined' });
      const before = Date.now();

      await expect(processor.debit(declined)).rejects.toMatchObject(DECLINED);
      const after = Date.now();
      await expect(processor.debit(declined)).rejects.toMatchObject(DECLINED);
      const [{ body }] = await receiver.received(1);
      await sleep(CALLBACK_DELAY_MS * 2);

      expect(receiver.callbacks).toHaveLength(1);
      expect(body).toMatchObject({ id: '/dummy/debits/TX1-1-failed', transaction_guid: 'TX1', status: 'failed' });
      const occurredAt = Date.parse(String(body.occurred_at));
      expect(occurredAt).toBeGreaterThanOrEqual(before + CALLBACK_DELAY_MS);
      expect(occurredAt).toBeLessThanOrEqual(after + CALLBACK_DELAY_MS);
    });

    it.each(['/cards/declined-lost', '/cards/pending-declined', '/cards/flaky-declined'])(
      'should decline at once and record nothing when "declined" combines with another keyword in %p',
      async (instrument) => {
        const { ledger, processor } = setUp();

        await expect(processor.debit(movement({ fundingInstrumentUri: instrument }))).rejects.toMatchObject(DECLINED);
        expect(await ledger.find('TX1-1')).toBeNull();
      },
    );
  });

  describe('lost', () => {
    it.each(['debit', 'credit', 'refund'] as const)(
      'should record the %s, fail transiently and find the movement when the instrument is lost',
      async (type) => {
        const { ledger, processor } = setUp();

        await expect(move(processor, ledger, type, '/cards/lost')).rejects.toMatchObject(TRANSIENT);

        expect(await ledger.find('TX1-1')).toMatchObject({ operation: type, amount: 1500 });
        await expect(processor.findMovement(movement({ type }))).resolves.toEqual({
          processorUri: `/dummy/${type}s/TX1-1`,
          status: 'succeeded',
        });
      },
    );

    it.each(['debit', 'credit', 'refund'] as const)(
      'should fail the same way and record nothing new when a lost %s is replayed by another process',
      async (type) => {
        const { ledger, processor } = setUp();
        const first: unknown = await move(processor, ledger, type, '/cards/lost').catch((error: unknown) => error);
        const stored = await ledger.find('TX1-1');
        const restarted = new DummyProcessor('any-key', { ledger });

        const replay: unknown = await move(restarted, ledger, type, '/cards/lost', { amount: 9999 }).catch(
          (error: unknown) => error,
        );

        expect(first).toBeInstanceOf(ProcessorError);
        expect(replay).toEqual(first);
        expect(await ledger.find('TX1-1')).toBe(stored);
      },
    );

    it('should move money once more, and lose the answer again, when a lost instrument gets a new key', async () => {
      const { ledger, processor } = setUp();
      await processor.debit(movement({ fundingInstrumentUri: '/cards/lost' })).catch(() => undefined);

      await expect(
        processor.debit(movement({ idempotencyKey: 'TX1-2', fundingInstrumentUri: '/cards/lost' })),
      ).rejects.toMatchObject(TRANSIENT);
      expect(await ledger.find('TX1-2')).toMatchObject({ operation: 'debit', amount: 1500 });
    });

    it('should fail before moving money, then move it and lose the answer, when the instrument is flaky-lost', async () => {
      const { ledger, processor } = setUp();
      const flakyLost = movement({ fundingInstrumentUri: '/cards/flaky-lost' });

      await expect(processor.debit(flakyLost)).rejects.toMatchObject(TRANSIENT);
      const afterFirst = await ledger.find('TX1-1');
      await expect(processor.debit(flakyLost)).rejects.toMatchObject(TRANSIENT);

      expect(afterFirst).toBeNull();
      expect(await ledger.find('TX1-1')).toMatchObject({ operation: 'debit' });
    });
  });

  describe('pending', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    beforeEach(async () => {
      receiver = await startReceiver();
    });

    afterEach(() => receiver.close());

    it.each([
      ['/cards/pending', 'succeeded'],
      ['/cards/pending-failed', 'failed'],
    ])('should answer pending, then post a callback after the delay when the instrument is %p', async (uri, status) => {
      const { ledger, processor } = setUp({ callbackUrl: receiver.url, callbackDelayMs: CALLBACK_DELAY_MS });

      const result = await processor.debit(movement({ fundingInstrumentUri: uri }));
      await sleep(CALLBACK_DELAY_MS / 2);
      const early = receiver.callbacks.length;
      const [callback] = await receiver.received(1);

      expect(result).toEqual({ processorUri: '/dummy/debits/TX1-1', status: 'pending' });
      expect(early).toBe(0);
      const entry = await ledger.find('TX1-1');
      expect(callback).toEqual({
        contentType: 'application/json',
        body: {
          id: `/dummy/debits/TX1-1-${status}`,
          transaction_guid: 'TX1',
          status,
          occurred_at: new Date((entry?.createdAt.getTime() ?? 0) + CALLBACK_DELAY_MS).toISOString(),
        },
      });
    });

    it.each([
      ['/cards/pending', 'succeeded'],
      ['/cards/pending-failed', 'failed'],
    ])('should find the movement pending until its callback time, then %p settled', async (uri, status) => {
      jest.useFakeTimers();
      const { processor } = setUp({ callbackDelayMs: 1000 });
      const pending = movement({ fundingInstrumentUri: uri });
      await processor.debit(pending);

      const before = await processor.findMovement(pending);
      jest.advanceTimersByTime(999);
      const justBefore = await processor.findMovement(pending);
      jest.advanceTimersByTime(1);
      const after = await processor.findMovement(pending);

      expect([before, justBefore].map((found) => found?.status)).toEqual(['pending', 'pending']);
      expect(after).toEqual({ processorUri: '/dummy/debits/TX1-1', status });
    });

    it('should answer pending again but not call back again when a pending key is replayed', async () => {
      const { processor } = setUp({ callbackUrl: receiver.url, callbackDelayMs: CALLBACK_DELAY_MS });
      const pending = movement({ fundingInstrumentUri: '/cards/pending' });
      await processor.debit(pending);

      const replay = await processor.debit(pending);
      await receiver.received(1);
      await sleep(CALLBACK_DELAY_MS * 2);

      expect(replay.status).toBe('pending');
      expect(receiver.callbacks).toHaveLength(1);
    });

    it('should fail transiently yet call back once when the instrument is pending-lost', async () => {
      const { processor } = setUp({ callbackUrl: receiver.url, callbackDelayMs: CALLBACK_DELAY_MS });
      const pendingLost = movement({ fundingInstrumentUri: '/cards/pending-lost' });

      await expect(processor.debit(pendingLost)).rejects.toMatchObject(TRANSIENT);
      const found = await processor.findMovement(pendingLost);
      await expect(processor.debit(pendingLost)).rejects.toMatchObject(TRANSIENT);
      const [callback] = await receiver.received(1);
      await sleep(CALLBACK_DELAY_MS * 2);

      expect(found?.status).toBe('pending');
      expect(callback.body).toMatchObject({ status: 'succeeded' });
      expect(receiver.callbacks).toHaveLength(1);
      await expect(processor.findMovement(pendingLost)).resolves.toMatchObject({ status: 'succeeded' });
    });

    it('should post no callback when the company has no callback URL', async () => {
      jest.useFakeTimers();
      const fetch = jest.spyOn(globalThis, 'fetch');
      const { processor } = setUp({ callbackDelayMs: CALLBACK_DELAY_MS });

      await processor.debit(movement({ fundingInstrumentUri: '/cards/pending' }));
      await processor
        .debit(movement({ idempotencyKey: 'TX2-1', fundingInstrumentUri: '/cards/declined' }))
        .catch(() => undefined);
      await jest.advanceTimersByTimeAsync(CALLBACK_DELAY_MS * 10);

      expect(fetch).not.toHaveBeenCalled();
    });
  });

  describe('refund', () => {
    it('should succeed and record the refund when asked', async () => {
      const { ledger, processor } = setUp();

      const result = await processor.refund(
        movement({ fundingInstrumentUri: null, referenceUri: '/dummy/debits/TX0-1' }),
      );

      expect(result).toEqual({ processorUri: '/dummy/refunds/TX1-1', status: 'succeeded' });
      expect(await ledger.find('TX1-1')).toMatchObject({ operation: 'refund', fundingInstrumentUri: null });
    });

    it.each(['/cards/pending', '/cards/flaky', '/cards/pending-failed'])(
      'should succeed at once when the refunded debit was made on %p',
      async (instrument) => {
        const { ledger, processor } = setUp();

        const result = await move(processor, ledger, 'refund', instrument);

        expect(result).toEqual({ processorUri: '/dummy/refunds/TX1-1', status: 'succeeded' });
        await expect(processor.findMovement(movement({ type: 'refund' }))).resolves.toEqual(result);
      },
    );
  });

  describe('findMovement', () => {
    it('should return the recorded result when the movement happened', async () => {
      const { processor } = setUp();
      await processor.credit(movement({ type: 'credit' }));

      await expect(processor.findMovement(movement({ type: 'credit' }))).resolves.toEqual({
        processorUri: '/dummy/credits/TX1-1',
        status: 'succeeded',
      });
    });

    it('should return null when no movement used the key', async () => {
      await expect(setUp().processor.findMovement(movement({ idempotencyKey: 'TX404-1' }))).resolves.toBeNull();
    });
  });

  describe('latency', () => {
    it.each([
      ['latencyMs on an ordinary debit', 'debit', '/cards/ok', { latencyMs: 500 }, 500],
      ['slowMs on a slow debit', 'debit', '/cards/slow', { slowMs: 200 }, 200],
      ['slowMs on a slow credit', 'credit', '/cards/slow', { slowMs: 200 }, 200],
      ['slowMs on a refund of a slow debit', 'refund', '/cards/slow', { slowMs: 200 }, 200],
      ['both on a slow debit', 'debit', '/cards/slow', { latencyMs: 100, slowMs: 200 }, 300],
      ['slowMs on a slow-lost debit', 'debit', '/cards/slow-lost', { slowMs: 200 }, 200],
    ] as const)('should take %s', async (_case, type, instrument, options, expectedMs) => {
      jest.useFakeTimers();
      const { ledger, processor } = setUp(options);

      const call = move(processor, ledger, type, instrument);

      expect(await settledEarly(call, expectedMs)).toBe(false);
    });

    it('should wait the default 5 s when the instrument is slow and slowMs is not configured', async () => {
      jest.useFakeTimers();
      const { processor } = setUp();

      const call = processor.debit(movement({ fundingInstrumentUri: '/cards/slow' }));

      expect(await settledEarly(call, 5000)).toBe(false);
    });

    it('should still lose the answer when the instrument is slow-lost', async () => {
      jest.useFakeTimers();
      const { ledger, processor } = setUp({ slowMs: 200 });

      const outcome = processor
        .debit(movement({ fundingInstrumentUri: '/cards/slow-lost' }))
        .catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(200);

      expect(await outcome).toMatchObject(TRANSIENT);
      expect(await ledger.find('TX1-1')).not.toBeNull();
    });

    it('should answer findMovement without the slow delay when the movement was slow', async () => {
      const { ledger, processor } = setUp({ slowMs: 2000 });
      await ledger.record(debitEntry('TX1-1', '/cards/slow'));
      const started = Date.now();

      await expect(processor.findMovement(movement())).resolves.toMatchObject({ status: 'succeeded' });
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });

  describe('parseCallback', () => {
    it('should turn a dummy callback into an event when it names a transaction', async () => {
      const body = { id: 'EV1', transaction_guid: 'TX1', status: 'succeeded', occurred_at: '2026-03-01T10:00:00Z' };

      await expect(
        setUp().processor.parseCallback({ rawBody: JSON.stringify(body), headers: {} }),
      ).resolves.toMatchObject({
        eventId: 'EV1',
        status: 'succeeded',
      });
    });
  });
});
