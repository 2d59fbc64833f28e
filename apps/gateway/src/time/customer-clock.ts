import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Customer, TestClock } from '@billy/persistence';
import { Db } from '../database/db';

/**
 * "Now" as a customer sees it: the frozen time of its test clock, if it has
 * one, else the real clock (extensions.md, "Test clocks").
 */
@Injectable()
export class CustomerClock {
  constructor(private readonly db: Db) {}

  /** "Now" for a request that only reads, or that bills nothing at the clock's time. */
  async now(customer: Pick<Customer, 'testClockGuid'>): Promise<Date> {
    if (!customer.testClockGuid) return new Date();
    const clock = await this.db.repository(TestClock).findOneByOrFail({ guid: customer.testClockGuid });
    return clock.frozenTime;
  }

  /**
   * "Now" for a change that bills at it, inside the change's database transaction: the clock
   * row is held FOR SHARE until commit, and the scheduler locks a clock before it plans a
   * step, so the clock cannot step past what the change bills (DESIGN.md "Test clocks").
   */
  async nowHolding(customer: Pick<Customer, 'testClockGuid'>, manager: EntityManager): Promise<Date> {
    if (!customer.testClockGuid) return new Date();
    const clock = await manager.findOneOrFail(TestClock, {
      where: { guid: customer.testClockGuid },
      lock: { mode: 'pessimistic_read' },
    });
    return clock.frozenTime;
  }
}
