import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import { transientBackoffMs } from '@billy/billing';
import type { BillyConfig } from '@billy/config';
import { JobName, QUEUE_JOBS, QueueName, QueueSettings, queueSettings, releaseQueueSettings } from '@billy/queues';
import { BILLY_CONFIG } from '../config.token';
import type { JobOutcome } from './job-handler.decorators';
import { JobHandlerFn, JobHandlerRegistry } from './job-handler-registry';
import { QUEUE_WORKER_CONFIG, QueueWorkerConfig } from './queue-worker-config.constant';

/** A consuming Worker and the connection it was given, closed after it. */
interface RunningWorker {
  worker: Worker;
  settings: QueueSettings;
}

/** The queues this process consumes (WorkersModule.forQueues). */
export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

/**
 * One BullMQ Worker per consumed queue, each tuned by QUEUE_WORKER_CONFIG and
 * running the queue's @JobHandler methods: it logs each job's start and end,
 * runs a postponed job again at its `retryAt`, and retries a job that throws
 * with backoff until its queue's maxJobStarts.
 */
@Injectable()
export class QueueWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkerHost.name);
  private readonly workers: RunningWorker[] = [];

  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    @Inject(CONSUMED_QUEUES) private readonly queues: readonly QueueName[],
    private readonly registry: JobHandlerRegistry,
  ) {}

  // Started only once the whole app is initialised, so no job meets a half-built
  // context; every queue's handlers are found first, so a missing one stops start-up.
  onApplicationBootstrap(): void {
    const handlers = this.queues.map((queue) => this.registry.handlersFor(queue, QUEUE_JOBS[queue]));
    this.queues.forEach((queue, index) => this.workers.push(this.start(queue, handlers[index])));
  }

  /** Takes no new jobs and waits for the running ones, before queues and the database pool close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.workers.map(async ({ worker, settings }) => {
        try {
          await worker.close();
        } finally {
          await releaseQueueSettings(settings);
        }
      }),
    );
  }

  private start(queue: QueueName, handlers: Map<JobName, JobHandlerFn>): RunningWorker {
    const tuning = QUEUE_WORKER_CONFIG[queue];
    const lockMs = tuning.lockDurationMs(this.config);
    const settings = queueSettings(this.config.redis);
    const worker = new Worker(queue, (job, token) => this.run(tuning, handlers, job, token), {
      ...settings,
      concurrency: tuning.concurrency(this.config),
      maxStalledCount: tuning.maxStalledCount,
      ...(lockMs === null ? {} : { lockDuration: lockMs, stalledInterval: lockMs }),
    });
    // Without a listener an 'error' event (e.g. Redis went away) would crash the process.
    worker.on('error', (error) => this.logger.error({ msg: 'Queue worker error', queue, err: error }));
    this.logger.log({ msg: 'Queue worker started', queue, concurrency: worker.concurrency });
    return { worker, settings };
  }

  private async run(
    tuning: QueueWorkerConfig,
    handlers: Map<JobName, JobHandlerFn>,
    job: Job,
    token?: string,
  ): Promise<string> {
    const started = performance.now();
    const ids = { queue: job.queueName, jobId: job.id, jobName: job.name };
    const log = (fields: object) => this.logger[tuning.jobLogLevel](fields);
    const ended = ({ outcome, retryAt }: JobOutcome<unknown>) =>
      log({ msg: 'Job ended', ...ids, outcome, retryAt, durationMs: Math.round(performance.now() - started) });
    log({ msg: 'Job started', ...ids });
    const handler = handlers.get(job.name as JobName);
    if (!handler) {
      ended({ outcome: 'unknown-job' });
      throw new Error(`Queue "${job.queueName}" has no handler for job "${job.name}"`);
    }
    let result: JobOutcome<unknown>;
    try {
      result = await handler(job);
    } catch (error) {
      this.logger.error({ msg: 'Job failed', ...ids, err: error });
      if (job.attemptsStarted >= tuning.maxJobStarts) {
        ended({ outcome: 'failed' });
        throw error;
      }
      result = { outcome: 'error', retryAt: new Date(Date.now() + transientBackoffMs(job.attemptsStarted)) };
    }
    ended(result);
    if (!result.retryAt) return result.outcome;
    // The same job runs again later: adding a new one would be a no-op while this one is stored.
    if (result.dataLeft) await job.updateData(result.dataLeft);
    await job.moveToDelayed(result.retryAt.getTime(), token);
    throw new DelayedError();
  }
}
