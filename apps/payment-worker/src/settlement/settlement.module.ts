import { Module } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG, SettlementQueueProvider } from '@billy/platform';
import { CompanyRateLimiter } from '../rate-limit/company-rate-limiter';
import { SettlementProcessor } from './settlement.processor';
import { SettlementRetries } from './settlement-retries';
import { SettlementService } from './settlement.service';

/**
 * Everything a settle job uses. Kept below the AppModule so that on shutdown
 * the worker drains first and only then are the queue and Redis closed.
 */
@Module({
  providers: [
    SettlementQueueProvider,
    SettlementRetries,
    SettlementService,
    SettlementProcessor,
    {
      provide: CompanyRateLimiter,
      inject: [BILLY_CONFIG],
      useFactory: (config: BillyConfig) =>
        new CompanyRateLimiter({
          redis: config.redis,
          keyPrefix: `${config.redis.queuePrefix}:processor-rate`,
          ratePerSecond: config.processors.ratePerSecond,
        }),
    },
  ],
})
export class SettlementModule {}
