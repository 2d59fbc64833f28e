import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { presentWebhookEndpoint } from '@billy/api-shapes';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { ApiParams } from '../http/input/params-body.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, listUnder, PageParams, toPage } from '../http/pagination';
import { CreateWebhookEndpointParams } from './webhook-endpoint.params';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('webhook endpoints')
@Controller('v1/webhook_endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @IdempotentPost()
  @HttpCode(200)
  @ApiParams(CreateWebhookEndpointParams)
  @ApiReturns('IssuedWebhookEndpoint')
  @ApiOperation({ summary: 'Register a URL for signed event POSTs; the signing `secret` is shown only here' })
  async create(@Params() params: CreateWebhookEndpointParams, @CurrentCompany() company: Company) {
    const { endpoint, secret } = await this.endpoints.create(params, company);
    return presentWebhookEndpoint(endpoint, secret);
  }

  @Get()
  @ApiPage('WebhookEndpoint')
  @ApiOperation({ summary: 'List your webhook endpoints, newest first (deleted ones included)' })
  async list(@Params() params: PageParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse(
      (await this.endpoints.list(page, company)).map((endpoint) => presentWebhookEndpoint(endpoint)),
      page,
    );
  }

  @Get(':guid')
  @ApiReturns('WebhookEndpoint')
  @ApiOperation({ summary: 'Retrieve a webhook endpoint' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentWebhookEndpoint(await this.endpoints.find(guid, company));
  }

  @Delete(':guid')
  @ApiReturns('WebhookEndpoint')
  @ApiOperation({ summary: 'Delete a webhook endpoint (soft); its pending deliveries are canceled' })
  async delete(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    return presentWebhookEndpoint(await this.endpoints.delete(guid, company));
  }

  @Get(':guid/deliveries')
  @ApiPage('WebhookDelivery')
  @ApiOperation({ summary: "The endpoint's deliveries, newest first, with every POST made" })
  deliveriesOf(@Param('guid') guid: string, @Params() params: PageParams, @CurrentCompany() company: Company) {
    return listUnder(this.endpoints.find(guid, company), params, (endpointGuid, page) =>
      this.endpoints.listDeliveries(endpointGuid, page),
    );
  }
}
