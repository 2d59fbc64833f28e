import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@billy/config';
import { pollUntil } from '@billy/testing';
import { CompanyRateLimiter } from '../src/rate-limit/company-rate-limiter';
import { WorkerHarness } from './support/worker-harness';

const wants = (...entries: [string, number][]) => new Map(entries);

describe('CompanyRateLimiter', () => {
  let limiter: CompanyRateLimiter;

  beforeAll(() => {
    limiter = new CompanyRateLimiter({
      redis: loadConfig().redis,
      keyPrefix: `test-rate-${randomBytes(4).toString('hex')}`,
      ratePerSecond: 5,
    });
  });

  afterAll(async () => {
    await limiter.onApplicationShutdown();
  });

  it('should grant the rate and name the next window for the rest when one company wants more than its rate', async () => {
    const started = Date.now();
    const first = (await limiter.take(wants(['CPbusy', 12]))).get('CPbusy');

    expect(first?.granted).toBe(5);
    expect(first?.retryInMs).toBeGreaterThan(0);
    expect(first?.retryInMs).toBeLessThanOrEqual(1_025);

    await sleep(first?.retryInMs ?? 0);
    const next = (await limiter.take(wants(['CPbusy', 7]))).get('CPbusy');
    expect(next?.granted).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('should send later refusals to later windows when several callers of one company are refused', async () => {
    await limiter.take(wants(['CPqueue', 5]));

    const second = (await limiter.take(wants(['CPqueue', 5]))).get('CPqueue');
    const third = (await limiter.take(wants(['CPqueue', 5]))).get('CPqueue');

    expect(second?.granted).toBe(0);
    expect(third?.granted).toBe(0);
    // The five refused first take the next window; these five come back one window after.
    expect((third?.retryInMs ?? 0) - (second?.retryInMs ?? 0)).toBeGreaterThan(950);
  });

  it('should share one window between callers of the same company', async () => {
    const answers = await Promise.all([limiter.take(wants(['CPshared', 4])), limiter.take(wants(['CPshared', 4]))]);

    expect(answers.map((answer) => answer.get('CPshared')?.granted ?? 0).reduce((a, b) => a + b)).toBe(5);
  });

  it('should grant a company its calls at once when another company in the same request used up its own rate', async () => {
    await limiter.take(wants(['CPgreedy', 5]));

    const answer = await limiter.take(wants(['CPgreedy', 3], ['CPquiet', 5]));

    expect(answer.get('CPgreedy')).toMatchObject({ granted: 0 });
    expect(answer.get('CPquiet')).toEqual({ granted: 5, retryInMs: 0 });
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
