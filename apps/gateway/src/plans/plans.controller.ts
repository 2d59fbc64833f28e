import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { presentCustomer, presentPlan } from '@billy/api-shapes';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, listUnder, PageParams, toPage } from '../http/pagination';
import { CreatePlanParams } from './plan.params';
import { PlansService } from './plans.service';
import { CustomersService } from '../customers/customers.service';
import { ApiInvoiceStatusFilter, ListInvoicesParams } from '../invoices/invoice.params';
import { InvoicesService } from '../invoices/invoices.service';
import { ApiStatusFilter, ListSubscriptionsParams } from '../subscriptions/subscription.params';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { TransactionsService } from '../transactions/transactions.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('plans')
@Controller('v1/plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly customers: CustomersService,
    private readonly subscriptions: SubscriptionsService,
    private readonly invoices: InvoicesService,
    private readonly transactions: TransactionsService,
  ) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreatePlanParams)
  @ApiReturns('Plan')
  @ApiOperation({ summary: 'Create a plan' })
  async create(@Params() params: CreatePlanParams, @CurrentCompany() company: Company) {
    return presentPlan(await this.plans.create(params, company));
  }

  @Get()
  @ApiPage('Plan')
  @ApiOperation({ summary: 'List your plans, newest first (deleted ones included)' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse((await this.plans.list(page, company)).map(presentPlan), page);
  }

  @Get(':guid')
  @ApiReturns('Plan')
  @ApiOperation({ summary: 'Retrieve a plan' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentPlan(await this.plans.find(guid, company));
  }

  @Delete(':guid')
  @ApiReturns('Plan')
  @ApiOperation({ summary: 'Delete a plan (soft); existing subscriptions keep billing' })
  async delete(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentPlan(await this.plans.delete(guid, company));
  }

  @Get(':guid/customers')
  @ApiPage('Customer')
  @ApiOperation({ summary: 'Customers subscribed to the plan, once per subscription' })
  customersOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.plans.find(guid, company), params, async (ownerGuid, page) =>
      (await this.customers.listSubscribedTo(ownerGuid, page)).map(presentCustomer),
    );
  }

  @Get(':guid/subscriptions')
  @ApiPage('Subscription')
  @ApiOperation({ summary: "The plan's subscriptions, newest first, of one status if given" })
  @ApiStatusFilter()
  subscriptionsOf(
    @Param('guid') guid: string,
    @Params() params: ListSubscriptionsParams,
    @CurrentCompany() company: Company,
  ) {
    return listUnder(this.plans.find(guid, company), params, (ownerGuid, page) =>
      this.subscriptions.list({ kind: 'plan', planGuid: ownerGuid }, page, params.status),
    );
  }

  @Get(':guid/invoices')
  @ApiPage('Invoice')
  @ApiInvoiceStatusFilter()
  @ApiOperation({ summary: "The invoices of the plan's subscriptions, latest scheduled first" })
  invoicesOf(@Param('guid') guid: string, @Params() params: ListInvoicesParams, @CurrentCompany() company: Company) {
    return listUnder(this.plans.find(guid, company), params, (ownerGuid, page) =>
      this.invoices.list(
        { kind: 'plan', planGuid: ownerGuid, externalId: params.external_id, status: params.status },
        page,
      ),
    );
  }

  @Get(':guid/transactions')
  @ApiPage('Transaction')
  @ApiOperation({ summary: "The transactions of the plan's invoices, newest first" })
  transactionsOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.plans.find(guid, company), params, (ownerGuid, page) =>
      this.transactions.list({ kind: 'plan', planGuid: ownerGuid }, page),
    );
  }
}
