import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Company, newGuid, TestClock } from '@billy/domain';
import { invalidOperation } from '../http/api-error';
import { findOwnedOrFail } from '../http/ownership';
import { Page } from '../http/pagination';
import { CreateTestClockParams } from './test-clock.params';

@Injectable()
export class TestClocksService {
  constructor(@InjectRepository(TestClock) private readonly clocks: Repository<TestClock>) {}

  create(params: CreateTestClockParams, company: Company): Promise<TestClock> {
    return this.clocks.save(
      this.clocks.create({
        guid: newGuid('testClock'),
        companyGuid: company.guid,
        name: params.name ?? null,
        frozenTime: params.frozen_time,
        status: 'ready',
      }),
    );
  }

  find(guid: string, company: Company): Promise<TestClock> {
    return findOwnedOrFail(this.clocks, 'testClock', guid, company);
  }

  list(page: Page, company: Company): Promise<TestClock[]> {
    return this.clocks.find({
      where: { companyGuid: company.guid },
      order: { createdAt: 'DESC', guid: 'DESC' },
      skip: page.offset,
      take: page.limit,
    });
  }

  /** Soft delete: the clock stops moving; its customers stay frozen at its time. */
  async delete(guid: string, company: Company): Promise<TestClock> {
    const clock = await this.find(guid, company);
    const marked = await this.clocks.update({ guid, deleted: false }, { deleted: true });
    if (marked.affected === 0) throw invalidOperation(`The test clock ${guid} is already deleted`);
    return this.clocks.findOneByOrFail({ guid: clock.guid });
  }
}
