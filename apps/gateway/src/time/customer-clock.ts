import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Customer, TestClock } from '@billy/domain';

/**
 * "Now" as a customer sees it: the frozen time of its test clock, if it has
 * one, else the real clock (extensions.md, "Test clocks").
 */
@Injectable()
export class CustomerClock {
  constructor(@InjectRepository(TestClock) private readonly testClocks: Repository<TestClock>) {}

  async now(customer: Pick<Customer, 'testClockGuid'>): Promise<Date> {
    if (!customer.testClockGuid) return new Date();
    const clock = await this.testClocks.findOneByOrFail({ guid: customer.testClockGuid });
    return clock.frozenTime;
  }
}
