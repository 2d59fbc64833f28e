import { Controller, Get, HttpCode, Inject, Param, Put, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { BillyConfig } from '@billy/config';
import type { Company } from '@billy/persistence';
import { BILLY_CONFIG } from '@billy/platform';
import { presentCompany } from '@billy/api-shapes';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { Public } from '../http/auth/public.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { CompaniesService } from './companies.service';
import { CreateCompanyParams, RotateKeyParams, UpdateCompanyParams } from './company.params';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { SIGNUP_TOKEN_HEADER, SignupTokenGuard } from './signup-token.guard';
import { ApiReturns, schemaRef } from '../http/openapi/api-returns.decorator';

const ERROR = schemaRef('ApiError');

@ApiTags('companies')
@Controller('v1/companies')
export class CompaniesController {
  constructor(
    private readonly companies: CompaniesService,
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
  ) {}

  @Public()
  @UseGuards(SignupTokenGuard)
  @ApiHeader({
    name: SIGNUP_TOKEN_HEADER,
    required: false,
    description: 'Required when the server sets BILLY_SIGNUP_TOKEN',
  })
  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateCompanyParams)
  @ApiReturns('IssuedCompany')
  @ApiOperation({ summary: 'Register a company; the response holds its API key, shown only once' })
  @ApiResponse({ status: 401, description: 'Sign-up is closed and the token is missing or wrong', schema: ERROR })
  @ApiResponse({ status: 429, description: 'Too many sign-ups from this address', schema: ERROR })
  async create(@Params() params: CreateCompanyParams, @Req() request: FastifyRequest) {
    // Behind a proxy the request's own host may not be the one the processor can reach.
    const baseUrl = this.config.http.publicUrl ?? `${request.protocol}://${request.host}`;
    const { company, apiKey, callbackUrl } = await this.companies.create(params, baseUrl);
    return presentCompany(company, { apiKey, callbackUrl });
  }

  @Get(':guid')
  @ApiReturns('Company')
  @ApiOperation({ summary: 'Retrieve your own company' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() caller: Company) {
    return presentCompany(await this.companies.findSelf(guid, caller));
  }

  @Put(':guid')
  @ApiParams(UpdateCompanyParams)
  @ApiReturns('Company')
  @ApiOperation({ summary: 'Replace your processor key or webhook signing secret; neither is ever shown' })
  async update(@Param('guid') guid: string, @Params() params: UpdateCompanyParams, @CurrentCompany() caller: Company) {
    return presentCompany(await this.companies.update(guid, params, caller));
  }

  @IdempotentPost(':guid/rotate_key')
  @HttpCode(200)
  @ApiParams(RotateKeyParams)
  @ApiReturns('IssuedCompany')
  @ApiOperation({
    operationId: 'rotateCompanyKey',
    summary: 'Issue a new primary API key; the old one stops working at once, or after `expires_in_seconds`',
  })
  async rotateKey(@Param('guid') guid: string, @Params() params: RotateKeyParams, @CurrentCompany() caller: Company) {
    const { company, apiKey } = await this.companies.rotateKey(guid, caller, params.expires_in_seconds ?? 0);
    return presentCompany(company, { apiKey });
  }
}
