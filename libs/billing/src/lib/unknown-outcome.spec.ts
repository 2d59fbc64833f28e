import { afterFound, afterNothingFound, firstStep, PendingTry } from './unknown-outcome';

const policy = { retryDelaysMs: [60_000], maxTransientRetries: 3 };
const traits = { keyRetentionMs: 24 * 3_600_000, lookupLagMs: 60_000 };
const now = new Date('2030-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

const pending = (overrides: Partial<PendingTry> = {}): PendingTry => ({
  attempt: 1,
  transientFailures: 1,
  customerNow: now,
  outcomeUnknownSince: ago(10_000),
  keyFirstSentAt: ago(10_000),
  keyLastSentAt: ago(10_000),
  reportedSucceeded: false,
  invoiceClosed: false,
  ...overrides,
});

describe('firstStep', () => {
  it('should send a try when no earlier call of its key exists', () => {
    expect(firstStep(pending({ outcomeUnknownSince: null }))).toBe('send');
  });

  it('should look the try up first when an earlier call has no known outcome', () => {
    expect(firstStep(pending())).toBe('look-up');
  });

  it('should look the try up, never send it, when a callback already reported it succeeded', () => {
    expect(firstStep(pending({ outcomeUnknownSince: null, reportedSucceeded: true }))).toBe('look-up');
  });

  it('should abandon a never-sent charge when its invoice is settled or canceled', () => {
    expect(firstStep(pending({ outcomeUnknownSince: null, invoiceClosed: true }))).toBe('abandon');
  });

  it('should look up an unknown charge even when its invoice is closed', () => {
    expect(firstStep(pending({ invoiceClosed: true }))).toBe('look-up');
  });
});

describe('afterFound', () => {
  it('should take a found movement as the lost answer when it succeeded or is pending', () => {
    const result = { processorUri: '/dummy/debits/TX1-1', status: 'pending' as const };

    expect(afterFound(pending(), result, policy)).toEqual({ kind: 'succeeded', result });
  });

  it('should take a found failed movement as a decline and move to the next attempt', () => {
    const settlement = afterFound(pending(), { processorUri: 'pi_1', status: 'failed' }, policy);

    expect(settlement).toMatchObject({ kind: 'next-attempt', nextAttemptAt: new Date(now.getTime() + 60_000) });
  });
});

describe('afterNothingFound', () => {
  it('should replay the key when the call may still be on its way and the processor keeps the key', () => {
    expect(afterNothingFound(pending(), traits, now, policy)).toBe('send');
  });

  it('should replay the key when the look-up lag has passed and retries are left', () => {
    expect(afterNothingFound(pending({ keyLastSentAt: ago(61_000) }), traits, now, policy)).toBe('send');
  });

  it('should move to the next attempt only when nothing happened for sure and the retries are spent', () => {
    const spent = pending({ transientFailures: 3, keyLastSentAt: ago(60_000) });

    expect(afterNothingFound(spent, traits, now, policy)).toEqual({
      kind: 'next-attempt',
      failure: null,
      nextAttemptAt: new Date(now.getTime() + 60_000),
    });
  });

  it('should wait out the look-up lag, not move on, when the retries are spent but the call was recent', () => {
    const spent = pending({ transientFailures: 3, keyLastSentAt: ago(20_000) });

    expect(afterNothingFound(spent, traits, now, policy)).toEqual({
      kind: 'retry-soon',
      failure: null,
      backoffMs: 40_000,
    });
  });

  it('should only wait, never replay, when the processor may have forgotten the key and the call was recent', () => {
    const forgotten = pending({ keyFirstSentAt: ago(25 * 3_600_000), keyLastSentAt: ago(5_000) });

    expect(afterNothingFound(forgotten, traits, now, policy)).toEqual({
      kind: 'retry-soon',
      failure: null,
      backoffMs: 55_000,
    });
  });

  it('should send again past the key retention once nothing happened for sure', () => {
    const forgotten = pending({ keyFirstSentAt: ago(25 * 3_600_000), keyLastSentAt: ago(120_000) });

    expect(afterNothingFound(forgotten, traits, now, policy)).toBe('send');
  });

  it('should abandon a charge of a closed invoice once nothing happened for sure', () => {
    const closed = pending({ invoiceClosed: true, keyLastSentAt: ago(60_000) });

    expect(afterNothingFound(closed, traits, now, policy)).toEqual({ kind: 'abandoned' });
  });

  it('should keep waiting, never send, when a callback reported success the look-up cannot see yet', () => {
    const reported = pending({ reportedSucceeded: true, transientFailures: 3, keyLastSentAt: ago(600_000) });

    expect(afterNothingFound(reported, traits, now, policy)).toMatchObject({ kind: 'retry-soon', failure: null });
  });

  it('should fail the try when nothing happened for sure and the dunning schedule is spent', () => {
    const last = pending({ attempt: 2, transientFailures: 3, keyLastSentAt: ago(60_000) });

    expect(afterNothingFound(last, traits, now, policy)).toEqual({ kind: 'failed', failure: null });
  });
});
