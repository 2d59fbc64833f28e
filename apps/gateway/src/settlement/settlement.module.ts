import { Global, Module } from '@nestjs/common';
import { SettlementQueueProvider } from '@billy/platform';
import { SettlementDispatcher } from './settlement-dispatcher';

@Global()
@Module({
  providers: [SettlementQueueProvider, SettlementDispatcher],
  exports: [SettlementDispatcher],
})
export class SettlementModule {}
