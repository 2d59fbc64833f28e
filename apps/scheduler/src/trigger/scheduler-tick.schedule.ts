import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { JOB, QUEUE, queueSettings, SCHEDULER_TICK_JOB_OPTIONS } from '@billy/queues';

/**
 * WARNING: a persistent Redis key. Renaming it leaves the old schedule
 * producing ticks beside the new one until it is removed.
 */
export const SCHEDULER_TICK_ID = JOB.schedulerTick;

/** Registers the repeatable tick. Upserting under one id lets restarts and replicas share a single schedule. */
@Injectable()
export class SchedulerTickSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private queue?: Queue;

  constructor(@Inject(BILLY_CONFIG) private readonly config: BillyConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue = new Queue(QUEUE.scheduler, queueSettings(this.config.redis.url, this.config.redis.queuePrefix));
    await this.queue.upsertJobScheduler(
      SCHEDULER_TICK_ID,
      { every: this.config.scheduler.tickMs },
      { name: JOB.schedulerTick, opts: SCHEDULER_TICK_JOB_OPTIONS },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue?.close();
  }
}
