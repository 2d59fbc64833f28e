import { Injectable, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JOB, QUEUE } from '@billy/queues';
import { JobHandler, JobProcessor } from './job-handler.decorators';
import { JobHandlerRegistry } from './job-handler-registry';

@Injectable()
@JobProcessor(QUEUE.settlement)
class SettleProcessor {
  @JobHandler(JOB.settleTransactions)
  settle() {
    return Promise.resolve({ outcome: 'done' });
  }
}

@Injectable()
@JobProcessor(QUEUE.settlement)
class SecondSettleProcessor {
  @JobHandler(JOB.settleTransactions)
  settleAgain() {
    return Promise.resolve({ outcome: 'done' });
  }
}

@Injectable()
@JobProcessor(QUEUE.scheduler)
class SchedulerProcessor {
  @JobHandler(JOB.settleTransactions)
  settle() {
    return Promise.resolve({ outcome: 'wrong queue' });
  }
}

async function registryWith(...processors: Type[]): Promise<JobHandlerRegistry> {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobHandlerRegistry, ...processors],
  }).compile();
  return module.get(JobHandlerRegistry);
}

describe('JobHandlerRegistry', () => {
  it('should return the decorated method when exactly one processor of the queue handles the job', async () => {
    const registry = await registryWith(SettleProcessor, SchedulerProcessor);

    const handlers = registry.handlersFor(QUEUE.settlement, [JOB.settleTransactions]);

    await expect(handlers.get(JOB.settleTransactions)?.({} as never)).resolves.toEqual({ outcome: 'done' });
  });

  it('should throw naming the job when no processor of the queue handles it', async () => {
    const registry = await registryWith(SchedulerProcessor);

    expect(() => registry.handlersFor(QUEUE.settlement, [JOB.settleTransactions])).toThrow(
      '"settle-transactions" has 0 handlers',
    );
  });

  it('should throw when two processors handle the same job', async () => {
    const registry = await registryWith(SettleProcessor, SecondSettleProcessor);

    expect(() => registry.handlersFor(QUEUE.settlement, [JOB.settleTransactions])).toThrow(
      '"settle-transactions" has 2 handlers',
    );
  });
});
