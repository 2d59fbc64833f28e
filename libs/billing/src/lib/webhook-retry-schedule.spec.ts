import { WEBHOOK_RETRY_DELAYS_MS, webhookRetryDelayMs } from './webhook-retry-schedule';

const THREE_DAYS_MS = 3 * 86_400_000;

describe('webhookRetryDelayMs', () => {
  it('should wait 30 s, then no less each time, when POSTs keep failing', () => {
    expect(webhookRetryDelayMs(1)).toBe(30_000);
    for (let failed = 2; failed <= WEBHOOK_RETRY_DELAYS_MS.length; failed++) {
      expect(webhookRetryDelayMs(failed)).toBeGreaterThanOrEqual(webhookRetryDelayMs(failed - 1) as number);
    }
  });

  it('should keep retrying for at least three days when every POST fails', () => {
    const total = WEBHOOK_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);

    expect(total).toBeGreaterThanOrEqual(THREE_DAYS_MS);
  });

  it('should return null when the schedule is spent', () => {
    expect(webhookRetryDelayMs(WEBHOOK_RETRY_DELAYS_MS.length + 1)).toBeNull();
  });

  it('should throw when the count of failed POSTs is not a positive integer', () => {
    expect(() => webhookRetryDelayMs(0)).toThrow(RangeError);
    expect(() => webhookRetryDelayMs(1.5)).toThrow(RangeError);
  });
});
