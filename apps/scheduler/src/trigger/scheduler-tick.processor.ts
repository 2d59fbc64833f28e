import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { JOB, QUEUE, queueSettings } from '@billy/queues';
import { SchedulerTickService } from '../tick/scheduler-tick.service';

/** Consumes the scheduler queue: each tick job runs one SchedulerTickService tick. */
@Injectable()
export class SchedulerTickProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerTickProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly tick: SchedulerTickService,
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
  ) {}

  // Started only once the whole app is up, so no tick runs against a half-built context.
  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUE.scheduler, (job) => this.process(job), {
      ...queueSettings(this.config.redis.url, this.config.redis.queuePrefix),
      // One tick at a time in this process. Other schedulers may tick at the same
      // time: the yield, sweep and step are safe to run concurrently.
      concurrency: 1,
    });
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'Scheduler worker error'));
  }

  // Waits for the running tick to finish, before the database and queues close.
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  private async process(job: Job): Promise<void> {
    if (job.name !== JOB.schedulerTick) throw new Error(`The scheduler queue has no handler for job "${job.name}"`);
    try {
      await this.tick.run();
    } catch (error) {
      this.logger.error({ err: error, jobId: job.id }, 'Scheduler tick failed');
      throw error;
    }
  }
}
