import { DummyProcessor } from './dummy/dummy-processor';
import { InMemoryDummyLedger } from './dummy/in-memory-dummy-ledger';
import type { ProcessorName } from '@billy/billing';
import type { MoneyMovement } from './payment-processor';
import { createProcessor } from './processor-factory';
import { StripeProcessor } from './stripe/stripe-processor';

const debit: MoneyMovement = {
  type: 'debit',
  idempotencyKey: 'TX1-1',
  transactionGuid: 'TX1',
  invoiceGuid: 'IV1',
  amount: 100,
  currency: 'usd',
  customerUri: null,
  fundingInstrumentUri: '/cards/ok',
  appearsOnStatementAs: null,
  referenceUri: null,
};

describe('createProcessor', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('should build a dummy processor on the injected ledger when the name is dummy', async () => {
    const dummyLedger = new InMemoryDummyLedger();

    const processor = createProcessor('dummy', 'key', { dummyLedger });
    await processor.refund({
      ...debit,
      type: 'refund',
      fundingInstrumentUri: null,
      referenceUri: '/dummy/debits/TX0-1',
    });

    expect(processor).toBeInstanceOf(DummyProcessor);
    expect(await dummyLedger.find('TX1-1')).not.toBeNull();
  });

  it('should hand the dummy settings, callback URL included, to the dummy processor', async () => {
    jest.useFakeTimers();
    const fetch = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null));
    const callbackUrl = 'http://127.0.0.1:9/v1/companies/CP1/callbacks/secret/';
    const processor = createProcessor('dummy', 'key', {
      dummyLedger: new InMemoryDummyLedger(),
      dummy: { latencyMs: 0, slowMs: 0, callbackDelayMs: 50, callbackUrl },
    });

    await processor.debit({ ...debit, fundingInstrumentUri: '/cards/declined' }).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(49);
    const early = fetch.mock.calls.length;
    await jest.advanceTimersByTimeAsync(1);

    expect(early).toBe(0);
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([callbackUrl]);
  });

  it('should build a Stripe processor when the name is stripe', () => {
    const processor = createProcessor('stripe', 'sk_test_1', { dummyLedger: new InMemoryDummyLedger() });

    expect(processor).toBeInstanceOf(StripeProcessor);
    expect(processor.name).toBe('stripe');
  });

  it('should throw when the name is not a known processor', () => {
    const build = () => createProcessor('balanced' as ProcessorName, 'key', { dummyLedger: new InMemoryDummyLedger() });

    expect(build).toThrow('Unknown payment processor "balanced"');
  });
});
