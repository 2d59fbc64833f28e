import { DummyProcessor } from './dummy/dummy-processor';
import { InMemoryDummyLedger } from './dummy/in-memory-dummy-ledger';
import type { ProcessorName } from '@billy/billing';
import { createProcessor } from './processor-factory';
import { StripeProcessor } from './stripe/stripe-processor';

describe('createProcessor', () => {
  it('should build a dummy processor on the injected ledger when the name is dummy', async () => {
    const dummyLedger = new InMemoryDummyLedger();

    const processor = createProcessor('dummy', 'key', { dummyLedger });
    await processor.refund({
      type: 'refund',
      idempotencyKey: 'TX1-1',
      transactionGuid: 'TX1',
      invoiceGuid: 'IV1',
      amount: 100,
      customerUri: null,
      fundingInstrumentUri: null,
      appearsOnStatementAs: null,
      referenceUri: '/dummy/debits/TX0-1',
    });

    expect(processor).toBeInstanceOf(DummyProcessor);
    expect(await dummyLedger.find('TX1-1')).not.toBeNull();
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
