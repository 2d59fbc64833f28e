import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import { transientBackoffMs } from '@billy/billing';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { JOB, QUEUE, queueSettings, SETTLEMENT_BATCH_SIZE } from '@billy/queues';
import type { JobName, JobOutcome } from './job-handler.decorators';
import { JobHandlerFn, JobHandlerRegistry } from './job-handler-registry';

// Every job the settlement queue carries; start-up fails unless each has a handler.
const SETTLEMENT_JOBS: readonly JobName[] = [JOB.settleTransactions];

// BullMQ's default lock; a shorter claim lease shortens it, so a dead worker's
// jobs come back no later than the database would let them be claimed again.
const MAX_LOCK_MS = 30_000;

// Running a stalled job again is always safe (the claim guards the money), so
// stalling must never fail a job: a failed job id would block the sweep's re-add.
const MAX_STALLED_COUNT = 1_000;

// A job that keeps throwing (database or Redis down) is retried with backoff
// this many times before it fails for good.
const MAX_JOB_STARTS = 25;

/**
 * Enough jobs to keep every processor-call slot busy, plus one claiming or
 * recording while the others call: the slots, not the job count, bound the calls.
 */
function jobsAtOnce(callSlots: number): number {
  return Math.ceil(callSlots / SETTLEMENT_BATCH_SIZE) + 1;
}

/** Consumes the settlement queue: one BullMQ Worker per process, closed gracefully on shutdown. */
@Injectable()
export class SettlementWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SettlementWorker.name);
  private worker: Worker | null = null;

  constructor(
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
    private readonly registry: JobHandlerRegistry,
  ) {}

  // Started only once the whole app is initialised, so no job meets a half-built context.
  onApplicationBootstrap(): void {
    const handlers = this.registry.handlersFor(QUEUE.settlement, SETTLEMENT_JOBS);
    const lockMs = Math.min(this.config.worker.claimLeaseMs, MAX_LOCK_MS);
    this.worker = new Worker(QUEUE.settlement, (job, token) => this.run(handlers, job, token), {
      ...queueSettings(this.config.redis.url, this.config.redis.queuePrefix),
      concurrency: jobsAtOnce(this.config.worker.concurrency),
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: MAX_STALLED_COUNT,
    });
    // Without a listener an 'error' event (e.g. Redis went away) would crash the process.
    this.worker.on('error', (error) => this.logger.error({ msg: 'Settlement worker error', err: error }));
    this.logger.log({
      msg: 'Settlement worker started',
      queue: QUEUE.settlement,
      concurrency: this.worker.concurrency,
    });
  }

  /** Takes no new jobs and waits for the running ones, before the database pool closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async run(handlers: Map<JobName, JobHandlerFn>, job: Job, token?: string): Promise<string> {
    const started = performance.now();
    const ids = { jobId: job.id, jobName: job.name };
    const ended = ({ outcome, retryAt }: JobOutcome) =>
      this.logger.log({
        msg: 'Job ended',
        ...ids,
        outcome,
        retryAt,
        durationMs: Math.round(performance.now() - started),
      });
    this.logger.log({ msg: 'Job started', ...ids });

    const handler = handlers.get(job.name as JobName);
    if (!handler) {
      ended({ outcome: 'unknown-job' });
      throw new Error(`No handler for job "${job.name}"`);
    }
    let result: JobOutcome;
    try {
      result = await handler(job);
    } catch (error) {
      this.logger.error({ msg: 'Job failed', ...ids, err: error });
      if (job.attemptsStarted >= MAX_JOB_STARTS) {
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
