import { Injectable } from '@nestjs/common';
import { Customer, TestClock } from '@billy/persistence';
import { Db } from '../database/db';

/**
 * "Now" as a customer sees it: the frozen time of its test clock, if it has
 * one, else the real clock (extensions.md, "Test clocks").
 */
@Injectable()
export class CustomerClock {
  constructor(private readonly db: Db) {}

  async now(customer: Pick<Customer, 'testClockGuid'>): Promise<Date> {
    if (!customer.testClockGuid) return new Date();
    const clock = await this.db.repository(TestClock).findOneByOrFail({ guid: customer.testClockGuid });
    return clock.frozenTime;
  }
}
