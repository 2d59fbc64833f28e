import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { JOB, QUEUE, queueSettings } from '@billy/queues';
import { JobHandlerFn, JobHandlerRegistry } from '../jobs/job-handler-registry';

/**
 * Consumes the webhook queue with its own BullMQ Worker, apart from
 * settlement, so slow endpoints never hold up payments.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private worker: Worker | null = null;

  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    private readonly registry: JobHandlerRegistry,
  ) {}

  // Started once the whole app is initialised, so no job meets a half-built context.
  onApplicationBootstrap(): void {
    const deliver = this.registry.handlersFor(QUEUE.webhooks, [JOB.deliverWebhook]).get(JOB.deliverWebhook);
    this.worker = new Worker(QUEUE.webhooks, (job) => this.run(deliver as JobHandlerFn, job), {
      ...queueSettings(this.config.redis.url, this.config.redis.queuePrefix),
      concurrency: this.config.worker.concurrency,
    });
    // Without a listener an 'error' event (e.g. Redis went away) would crash the process.
    this.worker.on('error', (error) => this.logger.error({ msg: 'Webhook worker error', err: error }));
    this.logger.log({ msg: 'Webhook worker started', queue: QUEUE.webhooks, concurrency: this.worker.concurrency });
  }

  /** Takes no new jobs and waits for the POSTs under way, before the database pool closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async run(deliver: JobHandlerFn, job: Job): Promise<string> {
    const started = performance.now();
    const ids = { jobId: job.id, ...job.data };
    try {
      const { outcome } = await deliver(job);
      this.logger.log({
        msg: 'Webhook job ended',
        ...ids,
        outcome,
        durationMs: Math.round(performance.now() - started),
      });
      return outcome;
    } catch (error) {
      // The job fails and is removed; the row stays due (or claimed until its lease ends) and the sweep queues it again.
      this.logger.error({ msg: 'Webhook job failed', ...ids, err: error });
      throw error;
    }
  }
}
