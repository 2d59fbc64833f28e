import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TestClock } from '@billy/domain';
import { TestClocksController } from './test-clocks.controller';
import { TestClocksService } from './test-clocks.service';

@Module({
  imports: [TypeOrmModule.forFeature([TestClock])],
  controllers: [TestClocksController],
  providers: [TestClocksService],
})
export class TestClocksModule {}
