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

  /**
   * Pass the manager of a transaction that holds the row being changed: read after the lock,
   * the time is the clock's latest, so the scheduler cannot have billed a later moment meanwhile.
   */
  async now(customer: Pick<Customer, 'testClockGuid'>, manager: EntityManager = this.db.manager): Promise<Date> {
    if (!customer.testClockGuid) return new Date();
    const clock = await manager.getRepository(TestClock).findOneByOrFail({ guid: customer.testClockGuid });
    return clock.frozenTime;
  }
}
