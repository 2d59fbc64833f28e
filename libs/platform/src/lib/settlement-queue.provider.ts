import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { queueSettings, SettlementQueue } from '@billy/queues';
import { BILLY_CONFIG } from './config.token';

/** The settlement queue as an injectable, closed with the application. */
@Injectable()
export class SettlementQueueProvider extends SettlementQueue implements OnApplicationShutdown {
  constructor(@Inject(BILLY_CONFIG) config: BillyConfig) {
    super(queueSettings(config.redis));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
