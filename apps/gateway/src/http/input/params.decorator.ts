import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validationError } from '../api-error';

/**
 * Request parameters as Billy reads them: the union of the query string and the
 * body, form-encoded or JSON (billy.md §2.1, extensions.md "Transport").
 */
export const Params = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationError('The request body must be an object of parameters');
  }
  return { ...(request.query as object), ...body };
});
