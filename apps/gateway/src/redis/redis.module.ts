import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';

/** One Redis client for the gateway's own checks; BullMQ queues open their own. */
@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [BILLY_CONFIG],
      // No offline queue: a health check must fail fast when Redis is down, not wait.
      useFactory: (config: BillyConfig) =>
        new Redis(config.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }),
    },
  ],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
