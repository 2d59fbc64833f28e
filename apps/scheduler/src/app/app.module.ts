import { DynamicModule, Module } from '@nestjs/common';
import type { BillyConfig } from '@billy/config';
import { CoreModule, SettlementQueueProvider } from '@billy/platform';

@Module({})
export class AppModule {
  static register(config: BillyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, 'scheduler')],
      providers: [SettlementQueueProvider],
    };
  }
}
