import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { presentAuditLogEntry } from '@billy/api-shapes';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, PageParams, toPage } from '../http/pagination';
import { AuditLogService } from './audit-log.service';

@ApiTags('audit log')
@Controller('v1/audit_log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiPage('AuditLogEntry')
  @ApiOperation({ summary: 'Your authenticated writes (POST, PUT, DELETE) and their outcome, newest first' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse((await this.auditLog.list(page, company.guid)).map(presentAuditLogEntry), page);
  }
}
