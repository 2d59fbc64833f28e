import type { INestApplicationContext, Type } from '@nestjs/common';
import { Job, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { createTestEnvironment, Factories, TestEnvironment } from '@billy/testing';
import {
  JOB,
  QUEUE,
  queueSettings,
  SETTLEMENT_JOB_OPTIONS,
  SettlementQueue,
  SettleTransactionsJob,
} from '@billy/queues';
import { TransactionTry } from '@billy/billing';
import { createApp } from '../../src/app/create-app';
import { sweepDueTransactions } from './sweep';

// Small enough that dunning and a dead worker's lease play out within a test.
const TEST_ENV = { BILLY_RETRY_DELAYS: '1s,1s', BILLY_CLAIM_LEASE_MS: '1000' };

/** A payment worker in this process, on a database and queue prefix of its own. */
export class WorkerHarness {
  private constructor(
    readonly environment: TestEnvironment,
    readonly settlementQueue: SettlementQueue,
    private readonly queueEvents: QueueEvents,
    private app: INestApplicationContext | null,
  ) {}

  static async start(label: string, env: NodeJS.ProcessEnv = {}): Promise<WorkerHarness> {
    const environment = await createTestEnvironment(label, { ...TEST_ENV, ...env });
    const settings = queueSettings(environment.config.redis);
    const queueEvents = new QueueEvents(QUEUE.settlement, settings);
    await queueEvents.waitUntilReady();
    const app = await createApp(environment.config);
    return new WorkerHarness(environment, new SettlementQueue(settings), queueEvents, app);
  }

  /** A provider of the running worker, for tests that drive the settlement steps one by one. */
  get<T>(type: Type<T>): T {
    if (!this.app) throw new Error('The worker is stopped');
    return this.app.get(type);
  }

  get factories(): Factories {
    return this.environment.factories;
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.environment.query<T>(sql, params);
  }

  enqueue(...transactions: TransactionTry[]): Promise<void> {
    return this.settlementQueue.enqueue(transactions);
  }

  /** Queues every due transaction again, as the scheduler's sweep does on each tick. */
  sweep(): Promise<void> {
    return sweepDueTransactions(
      this.get(DataSource).manager,
      this.settlementQueue,
      this.environment.config.worker.claimLeaseMs,
    );
  }

  /** Adds a settle job under its own id (a copy the queue cannot deduplicate) and waits for its outcome. */
  async runCopy(job: SettleTransactionsJob, jobId: string): Promise<string> {
    const added = await this.settlementQueue.queue.add(JOB.settleTransactions, job, {
      ...SETTLEMENT_JOB_OPTIONS,
      jobId,
    });
    // A settle job's result is its outcome line.
    return (added as Job<SettleTransactionsJob, string>).waitUntilFinished(this.queueEvents, 15_000);
  }

  /** Closes the worker as SIGTERM would: running jobs finish, no new ones start. */
  async stopWorker(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    await this.queueEvents.close();
    await this.settlementQueue.queue.obliterate({ force: true });
    await this.settlementQueue.close();
    await this.environment.cleanup();
  }
}
