import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { claimWebhookDelivery, recordWebhookAttempt, sealedAt, webhookDeliveryOwner } from '@billy/persistence';
import { SecretBox } from '@billy/crypto';
import { BILLY_CONFIG } from '@billy/platform';
import type { DeliverWebhookJob } from '@billy/queues';
import type { JobOutcome } from '@billy/platform';
import { countWebhookDelivery } from '../metrics/worker-metrics';
import { webhookBody } from './webhook-body';
import { WebhookSender } from './webhook-sender';
import { WebhookSlots } from './webhook-slots';

// A deferred delivery looks for a slot again after this, doubling up to the cap: a
// slot frees within a POST's timeout, and a long queue polls Redis, not PostgreSQL.
const FIRST_DEFERRAL_MS = 250;
const MAX_DEFERRAL_MS = 5_000;

/**
 * One POST of a webhook delivery: a slot of its endpoint and company, claim,
 * POST, record (DESIGN.md "Events and webhooks"). Without a free slot the job
 * waits in the queue, holding no worker and counting no attempt.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly sender: WebhookSender,
    private readonly slots: WebhookSlots,
  ) {}

  async deliver(job: DeliverWebhookJob): Promise<JobOutcome<DeliverWebhookJob>> {
    const outcome = await this.tryToDeliver(job);
    countWebhookDelivery(outcome.outcome);
    return outcome;
  }

  private async tryToDeliver(job: DeliverWebhookJob): Promise<JobOutcome<DeliverWebhookJob>> {
    const owner = job.deferred ?? (await webhookDeliveryOwner(this.dataSource.manager, job.deliveryGuid));
    if (!owner) return { outcome: 'skipped' };
    const slot = await this.slots.take(owner);
    if (!slot) {
      const times = (job.deferred?.times ?? 0) + 1;
      const delayMs = Math.min(FIRST_DEFERRAL_MS * 2 ** (times - 1), MAX_DEFERRAL_MS) * (0.75 + Math.random() / 2);
      const deferred = { endpointGuid: owner.endpointGuid, companyGuid: owner.companyGuid, times };
      return { outcome: 'deferred', retryAt: new Date(Date.now() + delayMs), dataLeft: { ...job, deferred } };
    }
    try {
      return await this.claimAndPost(job);
    } finally {
      await this.slots.giveBack(owner, slot);
    }
  }

  private async claimAndPost(job: DeliverWebhookJob): Promise<JobOutcome> {
    const due = { guid: job.deliveryGuid, attemptCount: job.attemptCount };
    const delivery = await claimWebhookDelivery(this.dataSource.manager, due, this.config.worker.claimLeaseMs);
    // Over, not due yet, or held by another worker: the sweep queues it again when it is due.
    if (!delivery) return { outcome: 'skipped' };

    const result = await this.sender.post({
      url: delivery.url,
      body: await webhookBody(this.dataSource.manager, delivery.eventGuid),
      secret: this.secretBox.open(delivery.secretSealed, sealedAt('webhookSecret', delivery.endpointGuid)),
      eventGuid: delivery.eventGuid,
    });
    const recorded = await recordWebhookAttempt(this.dataSource, delivery, result);
    return { outcome: recorded?.status ?? 'superseded' };
  }
}
