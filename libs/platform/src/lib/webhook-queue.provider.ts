import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { queueSettings, WebhookQueue } from '@billy/queues';
import { BILLY_CONFIG } from './config.token';

/** The webhook queue as an injectable, closed with the application. */
@Injectable()
export class WebhookQueueProvider extends WebhookQueue implements OnApplicationShutdown {
  constructor(@Inject(BILLY_CONFIG) config: BillyConfig) {
    super(queueSettings(config.redis));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
