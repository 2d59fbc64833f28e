import { Injectable } from '@nestjs/common';
import { dueAt } from '@billy/billing';
import { Company, TestClock } from '@billy/persistence';
import { CompanyProcessors } from '@billy/payment-processor';
import { newGuid } from '@billy/crypto';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { findOwnedOrFail } from '../http/ownership';
import { Page, findPage, newestOf } from '../http/pagination';
import { assertWithinQuota, QUOTAS } from '../database/assert-within-quota';
import { assertTestMode } from './assert-test-mode';
import { AdvanceTestClockParams, CreateTestClockParams } from './test-clock.params';

/** Each advance is stepped through every due event, so one step of centuries would occupy the scheduler. */
const MAX_ADVANCE_YEARS = 10;

@Injectable()
export class TestClocksService {
  constructor(
    private readonly db: Db,
    private readonly processors: CompanyProcessors,
  ) {}

  private get clocks() {
    return this.db.repository(TestClock);
  }

  create(params: CreateTestClockParams, company: Company): Promise<TestClock> {
    assertTestMode(this.processors.forCompany(company));
    return this.db.transaction(async (manager) => {
      await assertWithinQuota(manager, QUOTAS.testClocks, company.guid);
      return manager.save(
        manager.create(TestClock, {
          guid: newGuid('testClock'),
          companyGuid: company.guid,
          name: params.name ?? null,
          frozenTime: params.frozen_time,
          status: 'ready',
        }),
      );
    });
  }

  find(guid: string, company: Company): Promise<TestClock> {
    return findOwnedOrFail(this.clocks, 'testClock', guid, company);
  }

  list(page: Page, company: Company): Promise<TestClock[]> {
    return findPage(this.clocks, newestOf('company_guid', company.guid), page);
  }

  /**
   * Starts moving the clock to `frozen_time`; the scheduler steps it there one
   * due event at a time and sets it `ready` when all is done (extensions.md).
   */
  async advance(guid: string, params: AdvanceTestClockParams, company: Company): Promise<TestClock> {
    const clock = await this.find(guid, company);
    if (clock.deleted) throw invalidOperation(`The test clock ${guid} is deleted`);
    // The key may have become live since the clock was made.
    assertTestMode(this.processors.forCompany(company));
    if (clock.status !== 'ready') throw invalidOperation(`The test clock ${guid} is still advancing`);
    if (params.frozen_time <= clock.frozenTime) {
      throw validationError("frozen_time: must be later than the clock's current frozen_time");
    }
    if (params.frozen_time > dueAt(clock.frozenTime, 'yearly', MAX_ADVANCE_YEARS, 1)) {
      throw validationError(`frozen_time: a test clock advances at most ${MAX_ADVANCE_YEARS} years at once`);
    }
    // Conditional on what we read, so two concurrent advances cannot both start.
    const started = await this.clocks.update(
      { guid, status: 'ready', frozenTime: clock.frozenTime },
      { status: 'advancing', advanceTo: params.frozen_time },
    );
    if (started.affected === 0) throw invalidOperation(`The test clock ${guid} is already advancing`);
    return this.clocks.findOneByOrFail({ guid });
  }

  /** Soft delete: the clock stops moving; its customers stay frozen at its time. */
  async delete(guid: string, company: Company): Promise<TestClock> {
    const clock = await this.find(guid, company);
    const marked = await this.clocks.update({ guid, deleted: false }, { deleted: true });
    if (marked.affected === 0) throw invalidOperation(`The test clock ${guid} is already deleted`);
    return this.clocks.findOneByOrFail({ guid: clock.guid });
  }
}
