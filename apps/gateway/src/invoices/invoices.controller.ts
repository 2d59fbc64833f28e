import { Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, listUnder, PageParams, toPage } from '../http/pagination';
import { TransactionsService } from '../transactions/transactions.service';
import {
  ApiInvoiceStatusFilter,
  CreateInvoiceParams,
  ListInvoicesParams,
  RefundInvoiceParams,
  UpdateInvoiceParams,
} from './invoice.params';
import { InvoiceChargesService } from './invoice-charges.service';
import { InvoicesService } from './invoices.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('invoices')
@Controller('v1/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly charges: InvoiceChargesService,
    private readonly transactions: TransactionsService,
  ) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateInvoiceParams)
  @ApiReturns('Invoice')
  @ApiOperation({ summary: 'Invoice a customer once, with optional items and adjustments' })
  create(@Params() params: CreateInvoiceParams, @CurrentCompany() company: Company) {
    return this.invoices.create(params, company);
  }

  @Get()
  @ApiPage('Invoice')
  @ApiInvoiceStatusFilter()
  @ApiOperation({ summary: 'List your invoices, newest first' })
  async list(@Params() params: ListInvoicesParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    const scope = {
      kind: 'company' as const,
      companyGuid: company.guid,
      externalId: params.external_id,
      status: params.status,
    };
    return listResponse(await this.invoices.list(scope, page), page);
  }

  @Get(':guid')
  @ApiReturns('Invoice')
  @ApiOperation({ summary: 'Retrieve an invoice' })
  retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.invoices.find(guid, company);
  }

  @Put(':guid')
  @ApiParams(UpdateInvoiceParams)
  @ApiReturns('Invoice')
  @ApiOperation({ summary: 'Set a new funding instrument and charge it' })
  update(@Param('guid') guid: string, @Params() params: UpdateInvoiceParams, @CurrentCompany() company: Company) {
    return this.charges.updateFundingInstrument(guid, params, company);
  }

  @IdempotentPost(':guid/cancel')
  @HttpCode(200)
  @ApiReturns('Invoice')
  @ApiOperation({ summary: 'Cancel an unsettled invoice and its pending charge' })
  cancel(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.charges.cancel(guid, company);
  }

  @IdempotentPost(':guid/refund')
  @HttpCode(200)
  @ApiParams(RefundInvoiceParams)
  @ApiReturns('Invoice')
  @ApiOperation({ summary: 'Refund part or all of a settled invoice' })
  refund(@Param('guid') guid: string, @Params() params: RefundInvoiceParams, @CurrentCompany() company: Company) {
    return this.charges.refund(guid, params, company);
  }

  @Get(':guid/transactions')
  @ApiPage('Transaction')
  @ApiOperation({ summary: "The invoice's transactions, newest first" })
  transactionsOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.invoices.findEntity(guid, company), params, (ownerGuid, page) =>
      this.transactions.list({ kind: 'invoice', invoiceGuid: ownerGuid }, page),
    );
  }
}
