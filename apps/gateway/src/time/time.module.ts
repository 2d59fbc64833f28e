import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TestClock } from '@billy/domain';
import { CustomerClock } from './customer-clock';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TestClock])],
  providers: [CustomerClock],
  exports: [CustomerClock],
})
export class TimeModule {}
