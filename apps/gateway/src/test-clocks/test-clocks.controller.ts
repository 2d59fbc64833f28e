import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { presentTestClock } from '@billy/api-shapes';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, PageParams, toPage } from '../http/pagination';
import { AdvanceTestClockParams, CreateTestClockParams } from './test-clock.params';
import { TestClocksService } from './test-clocks.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('test clocks')
@Controller('v1/test_clocks')
export class TestClocksController {
  constructor(private readonly clocks: TestClocksService) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateTestClockParams)
  @ApiReturns('TestClock')
  @ApiOperation({ summary: 'Create a test clock frozen at `frozen_time`' })
  async create(@Params() params: CreateTestClockParams, @CurrentCompany() company: Company) {
    return presentTestClock(await this.clocks.create(params, company));
  }

  @Get()
  @ApiPage('TestClock')
  @ApiOperation({ summary: 'List your test clocks, newest first' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse((await this.clocks.list(page, company)).map(presentTestClock), page);
  }

  @Get(':guid')
  @ApiReturns('TestClock')
  @ApiOperation({ summary: 'Retrieve a test clock' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentTestClock(await this.clocks.find(guid, company));
  }

  @IdempotentPost(':guid/advance')
  @HttpCode(200)
  @ApiParams(AdvanceTestClockParams)
  @ApiReturns('TestClock')
  @ApiOperation({ summary: 'Move the clock forward; it is `ready` again once everything due by then is done' })
  async advance(
    @Param('guid') guid: string,
    @Params() params: AdvanceTestClockParams,
    @CurrentCompany() company: Company,
  ) {
    return presentTestClock(await this.clocks.advance(guid, params, company));
  }

  @Delete(':guid')
  @ApiReturns('TestClock')
  @ApiOperation({ summary: 'Delete a test clock (soft)' })
  async delete(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentTestClock(await this.clocks.delete(guid, company));
  }
}
