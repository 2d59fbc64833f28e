import { Inject, Injectable } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import type { RedisClient } from '@billy/queues';
import { REDIS_CLIENT } from '../redis/redis.module';
import { RequestLimiter } from './request-limiter';

const SECOND = 1;
const HOUR = 3_600;

/** The gateway's two request limits (BILLY_RATE_LIMIT_PER_SECOND, BILLY_SIGNUP_RATE_PER_HOUR); null when off. */
@Injectable()
export class RateLimits {
  /** Keyed by the API key's hash, never the key itself. */
  readonly perApiKey: RequestLimiter | null;
  /** Keyed by the client's address. */
  readonly signups: RequestLimiter | null;

  constructor(@Inject(REDIS_CLIENT) redis: RedisClient, @Inject(BILLY_CONFIG) config: BillyConfig) {
    const { perKeyPerSecond, signupsPerClientPerHour } = config.rateLimits;
    // Under the queue prefix, so that gateways sharing a prefix share the counts.
    const prefix = `${config.redis.queuePrefix}:rate-limit`;
    this.perApiKey = perKeyPerSecond > 0 ? new RequestLimiter(redis, `${prefix}:key`, perKeyPerSecond, SECOND) : null;
    this.signups =
      signupsPerClientPerHour > 0 ? new RequestLimiter(redis, `${prefix}:signup`, signupsPerClientPerHour, HOUR) : null;
  }
}
