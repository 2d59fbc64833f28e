import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/auth/public.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('server')
@Controller()
export class ServerInfoController {
  @Public()
  @Get()
  @ApiReturns('ServerInfo')
  @ApiOperation({ operationId: 'getServerInfo', summary: 'Server name and version (no auth)' })
  info() {
    return {
      server: 'Billy - The recurring payment server',
      powered_by: 'Billy TypeScript',
      version: process.env.npm_package_version ?? '0.1.0',
      revision: process.env.BILLY_REVISION ?? null,
      // Billy exposed the newest transaction time of every company here without
      // auth; we keep the field for old clients but no longer leak it.
      last_transaction_created_at: null,
    };
  }
}
