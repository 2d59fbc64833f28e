import { DynamicModule, Module } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { ProcessorsModule } from '@billy/payment-processor';
import { CoreModule, WorkersModule } from '@billy/platform';
import { QUEUE } from '@billy/queues';
import { SettlementModule } from '../settlement/settlement.module';
import { WebhooksModule } from '../webhooks/webhooks.module';

@Module({})
export class AppModule {
  static register(config: BillyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, 'payment-worker'),
        ProcessorsModule,
        SettlementModule,
        WebhooksModule,
        // BILLY_WORKER_QUEUES: webhook delivery can scale apart from charging.
        WorkersModule.forQueues(config.worker.queues.map((queue) => QUEUE[queue])),
      ],
    };
  }
}
