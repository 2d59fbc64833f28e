import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { presentCoupon } from '@billy/api-shapes';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, PageParams, toPage } from '../http/pagination';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { CreateCouponParams } from './coupon.params';
import { CouponsService } from './coupons.service';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('coupons')
@Controller('v1/coupons')
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateCouponParams)
  @ApiReturns('Coupon')
  @ApiOperation({ summary: 'Create a coupon: a percent or an amount off period invoices, for a duration' })
  async create(@Params() params: CreateCouponParams, @CurrentCompany() company: Company) {
    return presentCoupon(await this.coupons.create(params, company));
  }

  @Get()
  @ApiPage('Coupon')
  @ApiOperation({ summary: 'List your coupons, newest first (deleted ones included)' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse((await this.coupons.list(page, company)).map(presentCoupon), page);
  }

  @Get(':guid')
  @ApiReturns('Coupon')
  @ApiOperation({ summary: 'Retrieve a coupon' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentCoupon(await this.coupons.find(guid, company));
  }

  @Delete(':guid')
  @ApiReturns('Coupon')
  @ApiOperation({ summary: 'Delete a coupon (soft): no new redemptions; discounts already given go on' })
  async delete(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentCoupon(await this.coupons.delete(guid, company));
  }
}
