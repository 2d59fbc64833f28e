import { Module } from '@nestjs/common';
import { TestClocksController } from './test-clocks.controller';
import { TestClocksService } from './test-clocks.service';

@Module({
  controllers: [TestClocksController],
  providers: [TestClocksService],
})
export class TestClocksModule {}
