import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { claimWebhookDelivery, recordWebhookAttempt } from '@billy/persistence';
import { SecretBox } from '@billy/crypto';
import { BILLY_CONFIG } from '@billy/platform';
import type { DeliverWebhookJob } from '@billy/queues';
import type { JobOutcome } from '@billy/platform';
import { webhookBody } from './webhook-body';
import { WebhookSender } from './webhook-sender';

/** One POST of a webhook delivery: claim, POST, record (DESIGN.md "Events and webhooks"). */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly sender: WebhookSender,
  ) {}

  async deliver(job: DeliverWebhookJob): Promise<JobOutcome> {
    const due = { guid: job.deliveryGuid, attemptCount: job.attemptCount };
    const delivery = await claimWebhookDelivery(this.dataSource.manager, due, this.config.worker.claimLeaseMs);
    // Over, not due yet, or held by another worker: the sweep queues it again when it is due.
    if (!delivery) return { outcome: 'skipped' };

    const result = await this.sender.post({
      url: delivery.url,
      body: await webhookBody(this.dataSource.manager, delivery.eventGuid),
      secret: this.secretBox.open(delivery.secretSealed),
      eventGuid: delivery.eventGuid,
    });
    const recorded = await recordWebhookAttempt(this.dataSource, delivery, result);
    return { outcome: recorded?.status ?? 'superseded' };
  }
}
