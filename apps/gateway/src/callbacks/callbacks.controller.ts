import { Controller, HttpCode, Param, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../http/auth/public.decorator';
import { CallbacksService } from './callbacks.service';
import { IdempotentPost } from '../idempotency/idempotent-post.decorator';

/** Processor → Billy status events; the secret callback key in the path is the credential. */
@ApiExcludeController()
@Public()
@Controller('v1/companies/:companyGuid/callbacks/:callbackKey')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @IdempotentPost()
  @HttpCode(200)
  receive(
    @Param('companyGuid') companyGuid: string,
    @Param('callbackKey') callbackKey: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ) {
    return this.callbacks.receive(companyGuid, callbackKey, {
      rawBody: request.rawBody?.toString('utf8') ?? '',
      headers: request.headers,
    });
  }
}
