import type { OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';

export interface CompanyRateLimiterOptions {
  redisUrl: string;
  /** Namespaces the counters, as the queue prefix namespaces the queues. */
  keyPrefix: string;
  ratePerSecond: number;
}

// A fixed one-second window per company, opened by its first call. Returns 0
// when the call may go, else the milliseconds until the window closes.
const TAKE_PERMIT = `
  local used = redis.call('INCR', KEYS[1])
  if used == 1 then redis.call('PEXPIRE', KEYS[1], 1000) end
  if used <= tonumber(ARGV[1]) then return 0 end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], 1000) return 1000 end
  return math.max(ttl, 1)`;

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

  /** Resolves once the company may make one more call; waits rather than fails when over the limit. */
  async acquire(companyGuid: string): Promise<void> {
    const key = `${this.options.keyPrefix}:${companyGuid}`;
    for (;;) {
      const waitMs = Number(await this.redis.eval(TAKE_PERMIT, 1, key, this.options.ratePerSecond));
      if (waitMs === 0) return;
      await sleep(waitMs + Math.random() * MAX_JITTER_MS);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}
