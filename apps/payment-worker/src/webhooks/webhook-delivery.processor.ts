import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobOutcome, JobProcessor } from '@billy/platform';
import { DeliverWebhookJob, JOB, QUEUE } from '@billy/queues';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** Binds the deliver-webhook job to the delivery service. */
@Injectable()
@JobProcessor(QUEUE.webhooks)
export class WebhookDeliveryProcessor {
  constructor(private readonly deliveries: WebhookDeliveryService) {}

  @JobHandler(JOB.deliverWebhook)
  deliver(job: Job<DeliverWebhookJob>): Promise<JobOutcome<DeliverWebhookJob>> {
    return this.deliveries.deliver(job.data);
  }
}
