import { Global, Module } from '@nestjs/common';
import { CustomerClock } from './customer-clock';

@Global()
@Module({
  providers: [CustomerClock],
  exports: [CustomerClock],
})
export class TimeModule {}
