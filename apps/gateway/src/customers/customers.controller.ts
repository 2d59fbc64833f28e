import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { presentCustomer } from '@billy/api-shapes';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, listUnder, PageParams, toPage } from '../http/pagination';
import { ApiInvoiceStatusFilter, ListInvoicesParams } from '../invoices/invoice.params';
import { InvoicesService } from '../invoices/invoices.service';
import { ApiStatusFilter, ListSubscriptionsParams } from '../subscriptions/subscription.params';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { TransactionsService } from '../transactions/transactions.service';
import { CreateCustomerParams, ListCustomersParams } from './customer.params';
import { CustomersService } from './customers.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly subscriptions: SubscriptionsService,
    private readonly invoices: InvoicesService,
    private readonly transactions: TransactionsService,
  ) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateCustomerParams)
  @ApiReturns('Customer')
  @ApiOperation({ summary: 'Create a customer' })
  async create(@Params() params: CreateCustomerParams, @CurrentCompany() company: Company) {
    return presentCustomer(await this.customers.create(params, company));
  }

  @Get()
  @ApiPage('Customer')
  @ApiQuery({ name: 'processor_uri', type: String, required: false, description: 'Only this processor URI' })
  @ApiOperation({ summary: 'List your customers, newest first (deleted ones included)' })
  async list(@Params() params: ListCustomersParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse((await this.customers.list(params, page, company)).map(presentCustomer), page);
  }

  @Get(':guid')
  @ApiReturns('Customer')
  @ApiOperation({ summary: 'Retrieve a customer' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentCustomer(await this.customers.find(guid, company));
  }

  @Delete(':guid')
  @ApiReturns('Customer')
  @ApiOperation({ summary: 'Delete a customer (soft); its subscriptions are canceled' })
  async delete(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentCustomer(await this.customers.delete(guid, company));
  }

  @Get(':guid/subscriptions')
  @ApiPage('Subscription')
  @ApiOperation({ summary: "The customer's subscriptions, newest first, of one status if given" })
  @ApiStatusFilter()
  subscriptionsOf(
    @Param('guid') guid: string,
    @Params() params: ListSubscriptionsParams,
    @CurrentCompany() company: Company,
  ) {
    return listUnder(this.customers.find(guid, company), params, (ownerGuid, page) =>
      this.subscriptions.list({ kind: 'customer', customerGuid: ownerGuid }, page, params.status),
    );
  }

  @Get(':guid/invoices')
  @ApiPage('Invoice')
  @ApiInvoiceStatusFilter()
  @ApiOperation({ summary: "The customer's one-off (customer) invoices, newest first" })
  invoicesOf(@Param('guid') guid: string, @Params() params: ListInvoicesParams, @CurrentCompany() company: Company) {
    return listUnder(this.customers.find(guid, company), params, (ownerGuid, page) =>
      this.invoices.list(
        { kind: 'customer', customerGuid: ownerGuid, externalId: params.external_id, status: params.status },
        page,
      ),
    );
  }

  @Get(':guid/transactions')
  @ApiPage('Transaction')
  @ApiOperation({ summary: "The transactions of the customer's one-off invoices, newest first" })
  transactionsOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.customers.find(guid, company), params, (ownerGuid, page) =>
      this.transactions.list({ kind: 'customer', customerGuid: ownerGuid }, page),
    );
  }
}
