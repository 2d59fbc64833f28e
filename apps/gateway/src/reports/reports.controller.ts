import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';
import { ApiDayRange, DayRangeParams, exportRange, reportRange } from './report.params';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('v1')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('reports/summary')
  @ApiReturns('ReportSummary')
  @ApiOperation({
    operationId: 'retrieveReportSummary',
    summary: 'MRR per currency, subscriptions by status and the failed payments of the last 7 days',
  })
  summary(@CurrentCompany() company: Company) {
    return this.reports.summary(company.guid);
  }

  @Get('reports/revenue')
  @ApiDayRange('default 29 days before `to`; at most 366 days in all')
  @ApiReturns('RevenueReport')
  @ApiOperation({ operationId: 'retrieveRevenueReport', summary: 'Money settled and refunded per day and currency' })
  revenue(@Params() params: DayRangeParams, @CurrentCompany() company: Company) {
    return this.reports.revenue(company.guid, reportRange(params, new Date()));
  }

  @Get('exports/invoices.csv')
  @ApiDayRange('default the first invoice')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One line per invoice created in the range, oldest first, with a header line',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiOperation({ operationId: 'exportInvoices', summary: 'Your invoices as CSV, streamed' })
  exportInvoices(@Params() params: DayRangeParams, @CurrentCompany() company: Company) {
    return new StreamableFile(this.reports.invoiceCsv(company.guid, exportRange(params)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="invoices.csv"',
    });
  }
}
