import { randomBytes } from 'node:crypto';
import { loadConfig } from '@billy/config';
import { pollUntil } from '@billy/testing';
import { CompanyRateLimiter } from '../src/rate-limit/company-rate-limiter';
import { WorkerHarness } from './support/worker-harness';

/** Milliseconds from the start until each of `count` calls of `companyGuid` was granted. */
async function grantTimes(limiter: CompanyRateLimiter, companyGuid: string, count: number): Promise<number[]> {
  const started = Date.now();
  const times: number[] = [];
  for await (const granted of limiter.permits(companyGuid, count)) {
    times.push(...Array.from({ length: granted }, () => Date.now() - started));
  }
  return times;
}

describe('CompanyRateLimiter', () => {
  let limiter: CompanyRateLimiter;

  beforeAll(() => {
    limiter = new CompanyRateLimiter({
      redisUrl: loadConfig().redis.url,
      keyPrefix: `test-rate-${randomBytes(4).toString('hex')}`,
      ratePerSecond: 5,
    });
  });

  afterAll(async () => {
    await limiter.onApplicationShutdown();
  });

  it('should hold calls beyond the rate until a later second when one company makes too many', async () => {
    const times = await grantTimes(limiter, 'CPbusy', 12);

    expect(times).toHaveLength(12);
    expect(times.filter((ms) => ms < 900)).toHaveLength(5);
    expect(times.filter((ms) => ms < 1900)).toHaveLength(10);
    expect(times[11]).toBeGreaterThanOrEqual(1900);
  });

  it('should share one window between callers of the same company', async () => {
    const [first, second] = await Promise.all([grantTimes(limiter, 'CPshared', 4), grantTimes(limiter, 'CPshared', 4)]);

    expect([...first, ...second].filter((ms) => ms < 900)).toHaveLength(5);
  });

  it('should not hold a company back when another company used up its own rate', async () => {
    await grantTimes(limiter, 'CPgreedy', 5);

    const times = await grantTimes(limiter, 'CPquiet', 5);

    expect(Math.max(...times)).toBeLessThan(500);
  });
});

describe('payment worker rate limit', () => {
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await WorkerHarness.start('rate_limit', { BILLY_PROCESSOR_RATE_PER_SECOND: '4' });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should spread processor calls of one company over seconds when more are due than its rate allows', async () => {
    const customerGuid = await harness.factories.customer(await harness.factories.company());
    const charges = await Promise.all(Array.from({ length: 9 }, () => harness.factories.charge(customerGuid)));

    await harness.enqueue(...charges.map((charge) => ({ guid: charge.transactionGuid, attempt: 1, failureCount: 0 })));
    const [spread] = await pollUntil(
      () =>
        harness.query<{ calls: number; seconds: number }>(
          `SELECT count(*)::int AS calls, extract(epoch FROM max(created_at) - min(created_at))::float AS seconds
           FROM dummy_ledger`,
        ),
      ([row]) => row.calls === 9,
    );

    // 9 calls at 4 per second need three windows.
    expect(spread.seconds).toBeGreaterThanOrEqual(1.9);
  });
});
