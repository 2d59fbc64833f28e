import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { BillyConfig } from '@billy/config';
import { CoreModule } from '@billy/platform';
import { QUEUE, queueSettings, SettleTransactionsJob } from '@billy/queues';
import { createTestEnvironment, Factories, TestEnvironment } from '@billy/testing';
import { TickModule } from '../../src/tick/tick.module';

/** A scheduler's tick work without its repeatable trigger, so a test decides when ticks run. */
@Module({})
class TickContextModule {
  static register(config: BillyConfig): DynamicModule {
    return { module: TickContextModule, imports: [CoreModule.register(config, 'scheduler'), TickModule] };
  }
}

/**
 * A database and queue prefix of its own, scheduler instances on them, and the
 * queues to check what they hold.
 */
export class SchedulerHarness {
  readonly settlementQueue: Queue<SettleTransactionsJob>;
  readonly schedulerQueue: Queue;
  private readonly contexts: INestApplicationContext[] = [];

  // Both queues are opened up front: a Queue writes its meta key after opening,
  // which would survive an obliterate issued right after.
  private constructor(readonly environment: TestEnvironment) {
    this.settlementQueue = new Queue(QUEUE.settlement, this.queueSettings());
    this.schedulerQueue = new Queue(QUEUE.scheduler, this.queueSettings());
  }

  static async start(label: string, env: NodeJS.ProcessEnv = {}): Promise<SchedulerHarness> {
    return new SchedulerHarness(await createTestEnvironment(label, env));
  }

  get config(): BillyConfig {
    return this.environment.config;
  }

  get factories(): Factories {
    return this.environment.factories;
  }

  /** One more scheduler instance (its own pool and queue clients), closed by stop(). */
  async instance(): Promise<INestApplicationContext> {
    const context = await NestFactory.createApplicationContext(TickContextModule.register(this.config), {
      logger: false,
    });
    this.contexts.push(context);
    return context;
  }

  /** Registers an app started elsewhere (e.g. by createApp) so stop() closes it. */
  track(context: INestApplicationContext): void {
    this.contexts.push(context);
  }

  private queueSettings() {
    return queueSettings(this.config.redis);
  }

  /** Closes every instance, as SIGTERM would (Nest runs the same shutdown hooks). */
  async closeInstances(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((context) => context.close()));
  }

  async stop(): Promise<void> {
    await this.closeInstances();
    for (const queue of [this.settlementQueue, this.schedulerQueue]) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await this.environment.cleanup();
  }
}
