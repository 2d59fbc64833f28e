import type { MoneyMovement } from '../payment-processor';
import { DummyProcessor } from './dummy-processor';
import { InMemoryDummyLedger } from './in-memory-dummy-ledger';

const movement = (overrides: Partial<MoneyMovement> = {}): MoneyMovement => ({
  type: 'debit',
  idempotencyKey: 'TX1-1',
  transactionGuid: 'TX1',
  invoiceGuid: 'IV1',
  amount: 1500,
  customerUri: '/dummy/customers/CU1',
  fundingInstrumentUri: '/cards/ok',
  appearsOnStatementAs: null,
  referenceUri: null,
  ...overrides,
});

const setUp = (options: { key?: string; latencyMs?: number } = {}) => {
  const ledger = new InMemoryDummyLedger();
  const processor = new DummyProcessor(options.key ?? 'any-key', { ledger, latencyMs: options.latencyMs });
  return { ledger, processor };
};

describe('DummyProcessor', () => {
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

    it('should accept the instrument when its URI is otherwise non-empty', async () => {
      await expect(setUp().processor.validateFundingInstrument('/cards/declined')).resolves.toBeUndefined();
    });
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

    it.each(['debit', 'credit'] as const)(
      'should decline the %s when the instrument contains "declined"',
      async (operation) => {
        const { ledger, processor } = setUp();

        await expect(processor[operation](movement({ fundingInstrumentUri: '/cards/declined' }))).rejects.toMatchObject(
          {
            errorClass: 'CardDeclined',
            kind: 'declined',
            code: 'card_declined',
          },
        );
        expect(await ledger.find('TX1-1')).toBeNull();
      },
    );

    it('should fail the first attempt transiently and succeed the retry when the instrument is flaky', async () => {
      const { processor } = setUp();
      const flaky = movement({ fundingInstrumentUri: '/cards/flaky' });

      await expect(processor.debit(flaky)).rejects.toMatchObject({
        errorClass: 'ProcessorUnavailable',
        kind: 'transient',
      });
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

  describe('refund', () => {
    it('should succeed and record the refund when asked', async () => {
      const { ledger, processor } = setUp();

      const result = await processor.refund(
        movement({ fundingInstrumentUri: null, referenceUri: '/dummy/debits/TX0-1' }),
      );

      expect(result).toEqual({ processorUri: '/dummy/refunds/TX1-1', status: 'succeeded' });
      expect(await ledger.find('TX1-1')).toMatchObject({ operation: 'refund', fundingInstrumentUri: null });
    });
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
    afterEach(() => jest.useRealTimers());

    it('should wait latencyMs before moving money when latency is configured', async () => {
      jest.useFakeTimers();
      const { processor } = setUp({ latencyMs: 500 });
      let settled = false;

      const debit = processor.debit(movement()).then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(499);
      const settledEarly = settled;
      await jest.advanceTimersByTimeAsync(1);
      await debit;

      expect(settledEarly).toBe(false);
      expect(settled).toBe(true);
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
