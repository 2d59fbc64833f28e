import type { DummyLedgerEntry } from './dummy-ledger';
import { InMemoryDummyLedger } from './in-memory-dummy-ledger';

const entry = (overrides: Partial<DummyLedgerEntry> = {}): DummyLedgerEntry => ({
  idempotencyKey: 'TX1-1',
  operation: 'debit',
  amount: 1000,
  fundingInstrumentUri: '/cards/ok',
  processorUri: '/dummy/debits/TX1-1',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

describe('InMemoryDummyLedger', () => {
  it('should return the first entry, as not inserted, when a second one with the same idempotency key is recorded', async () => {
    const ledger = new InMemoryDummyLedger();
    const first = entry();

    const inserted = await ledger.record(first);
    const replayed = await ledger.record(entry({ amount: 2000 }));

    expect(inserted).toEqual({ entry: first, inserted: true });
    expect(replayed).toEqual({ entry: first, inserted: false });
    expect(await ledger.find('TX1-1')).toEqual(first);
  });

  it('should return null when the idempotency key was never recorded', async () => {
    const ledger = new InMemoryDummyLedger();

    await ledger.record(entry());

    expect(await ledger.find('TX2-1')).toBeNull();
  });

  it('should count attempts per idempotency key when attempts are marked', async () => {
    const ledger = new InMemoryDummyLedger();

    const counts = [await ledger.markAttempt('A'), await ledger.markAttempt('A'), await ledger.markAttempt('B')];

    expect(counts).toEqual([1, 2, 1]);
  });
});
