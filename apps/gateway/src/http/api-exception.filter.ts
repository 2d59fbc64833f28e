import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toApiError } from './exception-to-api-error';
import { loggableUrl } from './request-log';

/** Every error response, from any layer, has Billy's JSON body. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const apiError = toApiError(exception);
    if (apiError) {
      void reply.status(apiError.status).send(apiError.toBody());
      return;
    }
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    this.logger.error({
      msg: 'Unhandled error',
      req: { id: request.id, method: request.method, url: loggableUrl(request.url) },
      err: exception,
    });
    void reply.status(500).send({ error_class: 'InternalServerError', error_message: 'Internal server error' });
  }
}
