import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { QUEUE, QueueSettings, queueSettings, releaseQueueSettings } from '@billy/queues';

const STATES = ['wait', 'active', 'delayed', 'prioritized', 'failed'] as const;

/**
 * Queue depth by state and the age of the oldest job waiting for a worker, per queue, read from Redis when
 * Prometheus scrapes the scheduler (each replica reports the same figures). A growing age means the
 * workers are behind: add workers, or look at the processor's latency.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit, OnApplicationShutdown {
  private opened?: { settings: QueueSettings; queues: Queue[] };

  constructor(@Inject(BILLY_CONFIG) private readonly config: BillyConfig) {}

  onModuleInit(): void {
    // Only an app that serves metrics reads them: no Redis connections otherwise.
    if (this.config.ops.port === null) return;
    const queues = (): Queue[] => {
      if (!this.opened) {
        const settings = queueSettings(this.config.redis);
        this.opened = { settings, queues: Object.values(QUEUE).map((name) => new Queue(name, settings)) };
      }
      return this.opened.queues;
    };
    new Gauge({
      name: 'billy_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      async collect() {
        for (const queue of queues()) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'billy_queue_oldest_waiting_seconds',
      help:
        'Per queue, how long ago the oldest job waiting for a worker was added (after its first delay); ' +
        'a job a worker handed back (moveToDelayed) counts from its first add. 0 when none waits',
      labelNames: ['queue'] as const,
      async collect() {
        for (const queue of queues()) {
          const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
          const readySince = oldest ? oldest.timestamp + (oldest.opts.delay ?? 0) : Date.now();
          this.set({ queue: queue.name }, Math.max(0, Date.now() - readySince) / 1000);
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.opened) return;
    await Promise.all(this.opened.queues.map((queue) => queue.close()));
    await releaseQueueSettings(this.opened.settings);
  }
}
