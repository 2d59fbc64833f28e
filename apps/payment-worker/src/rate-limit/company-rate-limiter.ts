import type { OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';

export interface CompanyRateLimiterOptions {
  redisUrl: string;
  /** Namespaces the counters, as the queue prefix namespaces the queues. */
  keyPrefix: string;
  ratePerSecond: number;
}

// A fixed one-second window per company, opened by its first call. Grants as
// many of the ARGV[2] calls wanted as the window has left, and when it has
// none, the milliseconds until it closes: {granted, waitMs}.
const TAKE_PERMITS = `
  local limit = tonumber(ARGV[1])
  local used = tonumber(redis.call('GET', KEYS[1]) or '0')
  local granted = math.min(tonumber(ARGV[2]), limit - used)
  if granted > 0 then
    redis.call('INCRBY', KEYS[1], granted)
    if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], 1000) end
    return {granted, 0}
  end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], 1000) return {0, 1000} end
  return {0, math.max(ttl, 1)}`;

// Spreads the waiters of one window so they do not all retry at the same instant.
const MAX_JITTER_MS = 25;

/**
 * Keeps processor calls of each company under the processor's rate limit,
 * across every worker process, with a counter in Redis.
 */
export class CompanyRateLimiter implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(private readonly options: CompanyRateLimiterOptions) {
    this.redis = new Redis(options.redisUrl);
  }

  /**
   * Yields how many more of `wanted` calls the company may make now, as the
   * windows allow, until all were granted: waits rather than fails when over the limit.
   */
  async *permits(companyGuid: string, wanted: number): AsyncGenerator<number> {
    const key = `${this.options.keyPrefix}:${companyGuid}`;
    let left = wanted;
    while (left > 0) {
      const [granted, waitMs] = (await this.redis.eval(TAKE_PERMITS, 1, key, this.options.ratePerSecond, left)) as [
        number,
        number,
      ];
      if (granted > 0) {
        left -= granted;
        yield granted;
      } else {
        await sleep(waitMs + Math.random() * MAX_JITTER_MS);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}
