import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { dueWebhookDeliveries, DueWebhookDeliveryScanOptions } from '@billy/persistence';
import { BILLY_CONFIG, WebhookQueueProvider } from '@billy/platform';

/**
 * Queues the webhook deliveries whose next POST is due: retries after a
 * failed POST, and whatever a crash, a lost job or an expired claim left
 * behind. The database is the truth; a job still stored makes the add a no-op.
 */
@Injectable()
export class WebhookSweepService {
  private readonly options: DueWebhookDeliveryScanOptions;

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhookQueue: WebhookQueueProvider,
    @Inject(BILLY_CONFIG) config: BillyConfig,
  ) {
    this.options = { batchSize: config.scheduler.batchSize, claimLeaseMs: config.worker.claimLeaseMs };
  }

  /** Returns how many deliveries were (re-)queued. */
  async sweep(): Promise<number> {
    const due = await dueWebhookDeliveries(this.dataSource.manager, this.options);
    await this.webhookQueue.enqueue(due);
    return due.length;
  }
}
