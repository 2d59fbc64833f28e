import { Module } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookSender, WEBHOOK_TIMEOUT_MS } from './webhook-sender';
import { WebhookSlots } from './webhook-slots';

/** POSTs in flight at once, across all workers: per endpoint, and per company over all its endpoints. */
export const WEBHOOK_SLOTS_PER_ENDPOINT = 2;
export const WEBHOOK_SLOTS_PER_COMPANY = 5;

/** Everything a deliver-webhook job uses; its worker sits in the AppModule, so it drains first on shutdown. */
@Module({
  providers: [
    WebhookSender,
    WebhookDeliveryService,
    WebhookDeliveryProcessor,
    {
      provide: WebhookSlots,
      inject: [BILLY_CONFIG],
      useFactory: (config: BillyConfig) =>
        new WebhookSlots({
          redis: config.redis,
          keyPrefix: `${config.redis.queuePrefix}:webhook-slots`,
          perEndpoint: WEBHOOK_SLOTS_PER_ENDPOINT,
          perCompany: WEBHOOK_SLOTS_PER_COMPANY,
          // The POST's timeout, and time to render the body and record the attempt.
          leaseMs: 3 * WEBHOOK_TIMEOUT_MS,
        }),
    },
  ],
})
export class WebhooksModule {}
