import { DynamicModule, Module } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { CoreModule, WorkersModule } from '@billy/platform';
import { QUEUE } from '@billy/queues';
import { QueueMetrics } from '../metrics/queue-metrics';
import { TickModule } from '../tick/tick.module';
import { SchedulerTickProcessor } from '../trigger/scheduler-tick.processor';
import { SchedulerTickSchedule } from '../trigger/scheduler-tick.schedule';

@Module({})
export class AppModule {
  static register(config: BillyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, 'scheduler'), TickModule, WorkersModule.forQueues([QUEUE.scheduler])],
      providers: [SchedulerTickSchedule, SchedulerTickProcessor, QueueMetrics],
    };
  }
}
