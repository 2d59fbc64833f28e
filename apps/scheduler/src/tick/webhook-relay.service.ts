import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { relayEvents } from '@billy/persistence';
import { BILLY_CONFIG, enqueueCommitted, WebhookQueueProvider } from '@billy/platform';

export interface RelayTotals {
  events: number;
  deliveries: number;
}

/**
 * Turns the events the outbox triggers wrote into webhook deliveries, one
 * committed batch at a time, and queues them after each commit
 * (DESIGN.md "Events and webhooks").
 */
@Injectable()
export class WebhookRelayService {
  private readonly logger = new Logger(WebhookRelayService.name);
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhookQueue: WebhookQueueProvider,
    @Inject(BILLY_CONFIG) config: BillyConfig,
  ) {
    this.batchSize = config.scheduler.batchSize;
  }

  async relay(): Promise<RelayTotals> {
    const totals: RelayTotals = { events: 0, deliveries: 0 };
    for (;;) {
      const relayed = await this.dataSource.transaction((manager) => relayEvents(manager, this.batchSize));
      totals.events += relayed.events;
      totals.deliveries += relayed.deliveries.length;
      await enqueueCommitted(this.logger, 'webhook deliveries', () => this.webhookQueue.enqueue(relayed.deliveries));
      if (relayed.events < this.batchSize) return totals;
    }
  }
}
