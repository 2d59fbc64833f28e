import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, PageParams, toPage } from '../http/pagination';
import { TransactionsService } from './transactions.service';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('transactions')
@Controller('v1/transactions')
export class TransactionsController {
  constructor(private readonly transactions: TransactionsService) {}

  @Get()
  @ApiPage('Transaction')
  @ApiOperation({ summary: 'List the transactions of all your invoices, newest first' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse(await this.transactions.list({ kind: 'company', companyGuid: company.guid }, page), page);
  }

  @Get(':guid')
  @ApiReturns('Transaction')
  @ApiOperation({ summary: 'Retrieve a transaction with its failures' })
  retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return this.transactions.find(guid, company);
  }
}
