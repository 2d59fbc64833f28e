import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient, type RedisClient } from '@billy/queues';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';

/** The gateway's own Redis client (health, rate limits): a server's or a cluster's. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** One Redis client for the gateway's own checks; BullMQ queues open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [BILLY_CONFIG],
      // No offline queue: a health check must fail fast when Redis is down, not wait.
      useFactory: (config: BillyConfig): RedisClient =>
        createRedisClient(config.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
