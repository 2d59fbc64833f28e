import { settlementAfterFailure } from './settlement';
import type { SettlementFailure } from './settlement-failure';

const policy = { retryDelaysMs: [60_000, 180_000], maxTransientRetries: 3 };
const customerNow = new Date('2030-01-01T00:00:00Z');
const declined: SettlementFailure = {
  kind: 'declined',
  message: 'declined',
  code: 'card_declined',
  retryAfterMs: null,
};
const transient: SettlementFailure = { kind: 'transient', message: 'timeout', code: null, retryAfterMs: null };

describe('settlementAfterFailure', () => {
  it('should schedule the next attempt with the delay of this attempt when a decline leaves delays', () => {
    const settlement = settlementAfterFailure({ attempt: 2, transientFailures: 0, customerNow }, declined, policy);

    expect(settlement).toEqual({
      kind: 'next-attempt',
      failure: declined,
      nextAttemptAt: new Date('2030-01-01T00:03:00Z'),
    });
  });

  it('should fail the transaction when the last attempt of the schedule is declined', () => {
    const settlement = settlementAfterFailure({ attempt: 3, transientFailures: 0, customerNow }, declined, policy);

    expect(settlement).toEqual({ kind: 'failed', failure: declined });
  });

  it('should retry the same attempt with exponential backoff when a transient failure is below the limit', () => {
    const settlement = settlementAfterFailure({ attempt: 1, transientFailures: 1, customerNow }, transient, policy);

    expect(settlement).toEqual({ kind: 'retry-soon', failure: transient, backoffMs: 2000 });
  });

  it('should wait at least what the processor asked when a rate-limited call names a longer wait', () => {
    const limited = { ...transient, retryAfterMs: 7000 };

    const settlement = settlementAfterFailure({ attempt: 1, transientFailures: 0, customerNow }, limited, policy);

    expect(settlement).toEqual({ kind: 'retry-soon', failure: limited, backoffMs: 7000 });
  });

  it('should replay the same attempt, never move to a new key, when transient failures reach the limit', () => {
    const settlement = settlementAfterFailure({ attempt: 1, transientFailures: 2, customerNow }, transient, policy);

    expect(settlement).toEqual({ kind: 'retry-soon', failure: transient, backoffMs: 4000 });
  });
});
