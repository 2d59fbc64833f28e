import { Queue } from 'bullmq';
import type { WebhookDeliveryTry } from '@billy/billing';
import { DeliverWebhookJob, JOB, WEBHOOK_DELIVERY_JOB_OPTIONS, webhookDeliveryJobId } from './jobs';
import { QUEUE } from './queue-names';
import { QueueSettings, releaseQueueSettings } from './queue-settings';

/** The producer side of the webhook queue: one bulk add per batch of due deliveries. */
export class WebhookQueue {
  readonly queue: Queue<DeliverWebhookJob>;

  constructor(private readonly settings: QueueSettings) {
    this.queue = new Queue<DeliverWebhookJob>(QUEUE.webhooks, settings);
  }

  async enqueue(deliveries: readonly WebhookDeliveryTry[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((delivery) => {
        const data = { deliveryGuid: delivery.guid, attemptCount: delivery.attemptCount };
        return {
          name: JOB.deliverWebhook,
          data,
          opts: { ...WEBHOOK_DELIVERY_JOB_OPTIONS, jobId: webhookDeliveryJobId(data) },
        };
      }),
    );
  }

  async close(): Promise<void> {
    try {
      await this.queue.close();
    } finally {
      await releaseQueueSettings(this.settings);
    }
  }
}
