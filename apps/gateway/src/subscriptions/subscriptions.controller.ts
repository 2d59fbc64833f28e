import { Controller, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { listResponse, listUnder, PageParams, toPage } from '../http/pagination';
import { ListInvoicesParams } from '../invoices/invoice.params';
import { InvoicesService } from '../invoices/invoices.service';
import { TransactionsService } from '../transactions/transactions.service';
import { CreateSubscriptionParams } from './subscription.params';
import { SubscriptionsService } from './subscriptions.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';

@ApiTags('subscriptions')
@ApiBasicAuth()
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly invoices: InvoicesService,
    private readonly transactions: TransactionsService,
  ) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateSubscriptionParams)
  @ApiOperation({ summary: 'Subscribe a customer to a plan; without started_at the first invoice is yielded now' })
  create(@Params() params: CreateSubscriptionParams, @CurrentCompany() company: Company) {
    return this.subscriptions.create(params, company);
  }

  @Get()
  @ApiOperation({ summary: 'List subscriptions to your plans, newest first' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse(await this.subscriptions.list({ kind: 'company', companyGuid: company.guid }, page), page);
  }

  @Get(':guid')
  @ApiOperation({ summary: 'Retrieve a subscription' })
  retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.subscriptions.find(guid, company);
  }

  @IdempotentPost(':guid/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a subscription: no invoice is yielded after this' })
  cancel(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.subscriptions.cancel(guid, company);
  }

  @Get(':guid/invoices')
  @ApiOperation({ summary: "The subscription's invoices, latest scheduled first" })
  invoicesOf(@Param('guid') guid: string, @Params() params: ListInvoicesParams, @CurrentCompany() company: Company) {
    return listUnder(this.subscriptions.findEntity(guid, company), params, (ownerGuid, page) =>
      this.invoices.list({ kind: 'subscription', subscriptionGuid: ownerGuid, externalId: params.external_id }, page),
    );
  }

  @Get(':guid/transactions')
  @ApiOperation({ summary: "The transactions of the subscription's invoices, newest first" })
  transactionsOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.subscriptions.findEntity(guid, company), params, (ownerGuid, page) =>
      this.transactions.list({ kind: 'subscription', subscriptionGuid: ownerGuid }, page),
    );
  }
}
