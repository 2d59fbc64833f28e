import { DynamicModule, Injectable, Module } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { Test, TestingModule } from '@nestjs/testing';
import { Job, QueueEvents } from 'bullmq';
import { BILLY_CONFIG, JobHandler, JobOutcome, JobProcessor, WorkersModule } from '@billy/platform';
import { JOB, QUEUE, queueSettings, settlementJobId, SettlementQueue, SettleTransactionsJob } from '@billy/queues';
import { createTestEnvironment, TestEnvironment } from '@billy/testing';

/** A handler whose first run of each job misbehaves as the transaction guid says, then succeeds. */
@Injectable()
@JobProcessor(QUEUE.settlement)
class ScriptedProcessor {
  readonly runs = new Map<string, number[]>();

  @JobHandler(JOB.settleTransactions)
  settle(job: Job<SettleTransactionsJob>): Promise<JobOutcome<SettleTransactionsJob>> {
    const guids = job.data.tries.map((due) => due.guid);
    const runs = [...(this.runs.get(guids[0]) ?? []), Date.now()];
    this.runs.set(guids[0], runs);
    if (runs.length > 1) return Promise.resolve({ outcome: `done ${guids.join(',')}` });
    if (guids[0] === 'TXthrows') return Promise.reject(new Error('database unavailable'));
    // Everything but the first try is done; the first is left for later.
    return Promise.resolve({
      outcome: 'postponed',
      retryAt: new Date(Date.now() + 300),
      dataLeft: { tries: job.data.tries.slice(0, 1) },
    });
  }
}

/** BILLY_CONFIG for every module, as CoreModule provides it in the apps. */
@Module({})
class ConfigModule {}
const configModule = (config: BillyConfig): DynamicModule => ({
  module: ConfigModule,
  global: true,
  providers: [{ provide: BILLY_CONFIG, useValue: config }],
  exports: [BILLY_CONFIG],
});

describe('QueueWorkerHost on the settlement queue', () => {
  let environment: TestEnvironment;
  let module: TestingModule;
  let queue: SettlementQueue;
  let queueEvents: QueueEvents;

  beforeAll(async () => {
    environment = await createTestEnvironment('settlement_worker');
    const settings = queueSettings(environment.config.redis);
    queue = new SettlementQueue(settings);
    queueEvents = new QueueEvents(QUEUE.settlement, settings);
    await queueEvents.waitUntilReady();
    module = await Test.createTestingModule({
      imports: [configModule(environment.config), WorkersModule.forQueues([QUEUE.settlement])],
      providers: [ScriptedProcessor],
    }).compile();
    await module.init();
  });

  afterAll(async () => {
    await module.close();
    await queueEvents.close();
    await queue.queue.obliterate({ force: true });
    await queue.close();
    await environment.cleanup();
  });

  const run = async (...transactionGuids: string[]) => {
    const tries = transactionGuids.map((guid) => ({ guid, attempt: 1, failureCount: 0 }));
    await queue.enqueue(tries);
    const job = await queue.queue.getJob(settlementJobId({ tries }));
    return (job as Job<SettleTransactionsJob, string>).waitUntilFinished(queueEvents, 10_000);
  };

  it('should run the same job again after a backoff when its handler throws', async () => {
    const outcome = await run('TXthrows');

    expect(outcome).toBe('done TXthrows');
    expect(module.get(ScriptedProcessor).runs.get('TXthrows')).toHaveLength(2);
  });

  it('should run the same job again no earlier than asked, with what is left, when its handler postpones part of it', async () => {
    const outcome = await run('TXpostpones', 'TXdone');

    const [first, second] = module.get(ScriptedProcessor).runs.get('TXpostpones') as number[];
    // The second run gets only what the first left.
    expect(outcome).toBe('done TXpostpones');
    expect(second - first).toBeGreaterThanOrEqual(300);
  });
});
