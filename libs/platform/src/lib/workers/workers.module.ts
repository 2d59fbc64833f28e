import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { QueueName } from '@billy/queues';
import { JobHandlerRegistry } from './job-handler-registry';
import { CONSUMED_QUEUES, QueueWorkerHost } from './queue-worker-host';

/** Consumes the given queues with the app's @JobProcessor classes. */
@Module({})
export class WorkersModule {
  static forQueues(queues: readonly QueueName[]): DynamicModule {
    return {
      module: WorkersModule,
      imports: [DiscoveryModule],
      providers: [{ provide: CONSUMED_QUEUES, useValue: queues }, JobHandlerRegistry, QueueWorkerHost],
    };
  }
}
