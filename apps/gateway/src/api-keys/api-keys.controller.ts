import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { presentApiKey } from '@billy/api-shapes';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { FullAccess } from '../http/auth/full-access.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, PageParams, toPage } from '../http/pagination';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { CreateApiKeyParams } from './api-key.params';
import { QUOTAS } from '../database/assert-within-quota';
import { ApiKeysService } from './api-keys.service';
import { ApiReturns, schemaRef } from '../http/openapi/api-returns.decorator';

@ApiTags('api keys')
@FullAccess()
@Controller('v1/api_keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateApiKeyParams)
  @ApiReturns('IssuedApiKey')
  @ApiOperation({
    summary: `Issue another API key (at most ${QUOTAS.apiKeys.max} work at once); \`api_key\` is shown only here`,
  })
  async create(@Params() params: CreateApiKeyParams, @CurrentCompany() company: Company) {
    const { key, apiKey } = await this.keys.create(params, company);
    return presentApiKey(key, apiKey);
  }

  @Get()
  @ApiPage('ApiKey')
  @ApiResponse({ status: 403, description: 'A read API key cannot manage API keys', schema: schemaRef('ApiError') })
  @ApiOperation({ summary: 'List your working API keys, the primary one included, newest first, without the keys' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse(
      (await this.keys.list(page, company)).map((key) => presentApiKey(key)),
      page,
    );
  }

  @Delete(':guid')
  @ApiReturns('ApiKey')
  @ApiOperation({ summary: 'Revoke an API key at once (the primary key is replaced with rotate_key instead)' })
  async revoke(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentApiKey(await this.keys.revoke(guid, company));
  }
}
