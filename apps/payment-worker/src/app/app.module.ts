import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { BillyConfig } from '@billy/config';
import { ProcessorsModule } from '@billy/payment-processor';
import { CoreModule } from '@billy/platform';
import { JobHandlerRegistry } from '../jobs/job-handler-registry';
import { SettlementWorker } from '../jobs/settlement-worker';
import { SettlementModule } from '../settlement/settlement.module';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { WebhooksModule } from '../webhooks/webhooks.module';

@Module({})
export class AppModule {
  static register(config: BillyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, 'payment-worker'),
        ProcessorsModule,
        DiscoveryModule,
        SettlementModule,
        WebhooksModule,
      ],
      providers: [JobHandlerRegistry, SettlementWorker, WebhookDeliveryWorker],
    };
  }
}
