import { Logger } from '@nestjs/common';
import type { RedisClient } from '@billy/queues';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A store outage is logged at most this often, so a long one does not flood the log. */
const WARN_INTERVAL_MS = 10_000;

/**
 * At most `points` requests per key in each window of `durationSeconds`, counted in Redis so that every
 * gateway process and host shares the count. If Redis fails, requests still go on, counted by this process
 * alone: a billing API should not stop taking requests because its limiter's store is away.
 */
export class RequestLimiter {
  private readonly logger = new Logger(RequestLimiter.name);
  private readonly shared: RateLimiterRedis;
  private readonly local: RateLimiterMemory;
  private lastWarnedAt = -Infinity;

  constructor(redis: RedisClient, keyPrefix: string, points: number, durationSeconds: number) {
    this.shared = new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds });
    this.local = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
  }

  /** Counts one request for `key`: null if it may go on, else the whole seconds until the key may try again. */
  async retryAfterSeconds(key: string): Promise<number | null> {
    try {
      await this.shared.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return secondsBeforeNext(rejection);
      this.warnOfOutage(rejection as Error);
      return this.local.consume(key).then(
        () => null,
        (limited: RateLimiterRes) => secondsBeforeNext(limited),
      );
    }
  }

  private warnOfOutage(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarnedAt < WARN_INTERVAL_MS) return;
    this.lastWarnedAt = now;
    this.logger.warn(`Rate limits are counted by this process alone while Redis fails: ${error.message}`);
  }
}

// Retry-After is whole seconds; rounding down would invite a retry that is refused again.
function secondsBeforeNext(limited: RateLimiterRes): number {
  return Math.max(1, Math.ceil(limited.msBeforeNext / 1000));
}
