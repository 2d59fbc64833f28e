import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { BillyConfig } from '@billy/config';
import { ProcessorsModule } from '@billy/payment-processor';
import { CoreModule } from '@billy/platform';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { CompaniesModule } from './companies/companies.module';
import { CouponsModule } from './coupons/coupons.module';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InvoicesModule } from './invoices/invoices.module';
import { SettlementModule } from './settlement/settlement.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { TransactionsModule } from './transactions/transactions.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { AuthModule } from './http/auth/auth.module';
import { createValidationPipe } from './http/input/validation.pipe';
import { PlansModule } from './plans/plans.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { RedisModule } from './redis/redis.module';
import { ReportsModule } from './reports/reports.module';
import { ServerInfoController } from './server-info/server-info.controller';
import { TestClocksModule } from './test-clocks/test-clocks.module';
import { TimeModule } from './time/time.module';
import { WebhookEndpointsModule } from './webhook-endpoints/webhook-endpoints.module';

@Module({})
export class AppModule {
  static register(config: BillyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Without Redis the gateway still serves: rate limits count in-process and the sweep queues what it
        // could not, so a Redis blip must not take every gateway out of its Service at once.
        CoreModule.register(config, 'gateway', { readyNeedsRedis: false }),
        ProcessorsModule,
        DatabaseModule,
        AuthModule,
        IdempotencyModule,
        AuditModule,
        RedisModule,
        RateLimitsModule,
        TimeModule,
        SettlementModule,
        ApiKeysModule,
        CompaniesModule,
        CallbacksModule,
        CustomersModule,
        PlansModule,
        ReportsModule,
        CouponsModule,
        TestClocksModule,
        SubscriptionsModule,
        InvoicesModule,
        TransactionsModule,
        EventsModule,
        WebhookEndpointsModule,
        HealthModule,
      ],
      controllers: [ServerInfoController],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
