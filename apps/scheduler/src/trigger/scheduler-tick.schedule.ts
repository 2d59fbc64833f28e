import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import {
  JOB,
  QUEUE,
  QueueSettings,
  queueSettings,
  releaseQueueSettings,
  SCHEDULER_TICK_JOB_OPTIONS,
} from '@billy/queues';

/**
 * WARNING: a persistent Redis key. Renaming it leaves the old schedule
 * producing ticks beside the new one until it is removed.
 */
export const SCHEDULER_TICK_ID = JOB.schedulerTick;

// A Redis that restarted without its data has forgotten the schedule; re-upserting
// now and then brings the ticks back without waiting for a scheduler restart.
const REASSERT_EVERY_MS = 15_000;

/** Registers the repeatable tick. Upserting under one id lets restarts and replicas share a single schedule. */
@Injectable()
export class SchedulerTickSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerTickSchedule.name);
  private queue?: Queue;
  private settings?: QueueSettings;
  private reassert?: NodeJS.Timeout;

  constructor(@Inject(BILLY_CONFIG) private readonly config: BillyConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    this.settings = queueSettings(this.config.redis);
    this.queue = new Queue(QUEUE.scheduler, this.settings);
    await this.upsert();
    this.reassert = setInterval(() => {
      this.upsert().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Could not re-register the scheduler tick'),
      );
    }, REASSERT_EVERY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.reassert);
    await this.queue?.close();
    if (this.settings) await releaseQueueSettings(this.settings);
  }

  private async upsert(): Promise<void> {
    await this.queue?.upsertJobScheduler(
      SCHEDULER_TICK_ID,
      { every: this.config.scheduler.tickMs },
      { name: JOB.schedulerTick, opts: SCHEDULER_TICK_JOB_OPTIONS },
    );
  }
}
