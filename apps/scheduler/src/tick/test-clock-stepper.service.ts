import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { stepAdvancingTestClocks, TestClockSteps } from '@billy/persistence';

/** Moves the test clocks a tick works on one due event at a time (DESIGN.md "Test clocks"). */
@Injectable()
export class TestClockStepperService {
  constructor(private readonly dataSource: DataSource) {}

  step(testClockGuids: readonly string[]): Promise<TestClockSteps> {
    return stepAdvancingTestClocks(this.dataSource.manager, testClockGuids);
  }
}
