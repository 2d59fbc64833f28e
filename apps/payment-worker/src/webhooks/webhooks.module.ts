import { Module } from '@nestjs/common';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookSender } from './webhook-sender';

/** Everything a deliver-webhook job uses; its worker sits in the AppModule, so it drains first on shutdown. */
@Module({
  providers: [WebhookSender, WebhookDeliveryService, WebhookDeliveryProcessor],
})
export class WebhooksModule {}
