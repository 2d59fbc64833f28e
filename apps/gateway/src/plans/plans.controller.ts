import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/domain';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { listResponse, PageParams, toPage } from '../http/pagination';
import { presentPlan } from './plan.presenter';
import { CreatePlanParams } from './plan.params';
import { PlansService } from './plans.service';

@ApiTags('plans')
@ApiBasicAuth()
@Controller('v1/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @HttpCode(200)
  @ApiParams(CreatePlanParams)
  @ApiOperation({ summary: 'Create a plan' })
  async create(@Params() params: CreatePlanParams, @CurrentCompany() company: Company) {
    return presentPlan(await this.plans.create(params, company));
  }

  @Get()
  @ApiOperation({ summary: 'List your plans, newest first (deleted ones included)' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse((await this.plans.list(page, company)).map(presentPlan), page);
  }

  @Get(':guid')
  @ApiOperation({ summary: 'Retrieve a plan' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentPlan(await this.plans.find(guid, company));
  }

  @Delete(':guid')
  @ApiOperation({ summary: 'Delete a plan (soft); existing subscriptions keep billing' })
  async delete(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentPlan(await this.plans.delete(guid, company));
  }
}
