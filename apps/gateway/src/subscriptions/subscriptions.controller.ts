import { Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, listUnder, PageParams, toPage } from '../http/pagination';
import { ApiInvoiceStatusFilter, ListInvoicesParams } from '../invoices/invoice.params';
import { InvoicesService } from '../invoices/invoices.service';
import { TransactionsService } from '../transactions/transactions.service';
import {
  CancelSubscriptionParams,
  CreateSubscriptionParams,
  ApiPriceChangeQuery,
  ApiStatusFilter,
  ListSubscriptionsParams,
  PriceChangeParams,
  UpdateSubscriptionParams,
} from './subscription.params';
import { SubscriptionCancelsService } from './subscription-cancels.service';
import { SubscriptionChangesService } from './subscription-changes.service';
import { SubscriptionsService } from './subscriptions.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly changes: SubscriptionChangesService,
    private readonly cancels: SubscriptionCancelsService,
    private readonly invoices: InvoicesService,
    private readonly transactions: TransactionsService,
  ) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateSubscriptionParams)
  @ApiReturns('Subscription')
  @ApiOperation({ summary: 'Subscribe a customer to a plan; without started_at the first invoice is yielded now' })
  create(@Params() params: CreateSubscriptionParams, @CurrentCompany() company: Company) {
    return this.subscriptions.create(params, company);
  }

  @Get()
  @ApiPage('Subscription')
  @ApiOperation({ summary: 'List subscriptions to your plans, newest first, of one status if given' })
  @ApiStatusFilter()
  async list(@Params() params: ListSubscriptionsParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    const scope = { kind: 'company', companyGuid: company.guid } as const;
    return listResponse(await this.subscriptions.list(scope, page, params.status), page);
  }

  @Get(':guid')
  @ApiReturns('Subscription')
  @ApiOperation({ summary: 'Retrieve a subscription' })
  retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.subscriptions.find(guid, company);
  }

  @Put(':guid')
  @ApiParams(UpdateSubscriptionParams)
  @ApiReturns('Subscription')
  @ApiOperation({
    summary: 'Change the funding instrument, plan or amount (prorated), the scheduled cancel or the trial end',
  })
  update(@Param('guid') guid: string, @Params() params: UpdateSubscriptionParams, @CurrentCompany() company: Company) {
    return this.changes.update(guid, params, company);
  }

  @IdempotentPost(':guid/cancel')
  @HttpCode(200)
  @ApiParams(CancelSubscriptionParams)
  @ApiReturns('Subscription')
  @ApiOperation({ summary: 'Cancel a subscription now (optionally refunding) or at the end of its period' })
  cancel(@Param('guid') guid: string, @Params() params: CancelSubscriptionParams, @CurrentCompany() company: Company) {
    return this.cancels.cancel(guid, params, company);
  }

  @IdempotentPost(':guid/pause')
  @HttpCode(200)
  @ApiReturns('Subscription')
  @ApiOperation({ summary: 'Pause an active or past-due subscription: periods due meanwhile are not billed' })
  pause(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.changes.pause(guid, company);
  }

  @IdempotentPost(':guid/resume')
  @HttpCode(200)
  @ApiReturns('Subscription')
  @ApiOperation({ summary: 'Resume a paused subscription at its next period due from now' })
  resume(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.changes.resume(guid, company);
  }

  @Get(':guid/upcoming_invoice')
  @ApiPriceChangeQuery()
  @ApiReturns('UpcomingInvoice')
  @ApiOperation({
    operationId: 'retrieveUpcomingInvoice',
    summary: 'The invoice the next period will yield, after the price change given if any; nothing is written',
  })
  upcomingInvoice(
    @Param('guid') guid: string,
    @Params() params: PriceChangeParams,
    @CurrentCompany() company: Company,
  ) {
    return this.changes.upcomingInvoice(guid, params, company);
  }

  @Get(':guid/invoices')
  @ApiPage('Invoice')
  @ApiInvoiceStatusFilter()
  @ApiOperation({ summary: "The subscription's invoices, latest scheduled first" })
  invoicesOf(@Param('guid') guid: string, @Params() params: ListInvoicesParams, @CurrentCompany() company: Company) {
    return listUnder(this.subscriptions.findEntity(guid, company), params, (ownerGuid, page) =>
      this.invoices.list(
        { kind: 'subscription', subscriptionGuid: ownerGuid, externalId: params.external_id, status: params.status },
        page,
      ),
    );
  }

  @Get(':guid/transactions')
  @ApiPage('Transaction')
  @ApiOperation({ summary: "The transactions of the subscription's invoices, newest first" })
  transactionsOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.subscriptions.findEntity(guid, company), params, (ownerGuid, page) =>
      this.transactions.list({ kind: 'subscription', subscriptionGuid: ownerGuid }, page),
    );
  }
}
