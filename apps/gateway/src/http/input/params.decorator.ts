import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validationError } from '../api-error';

/** Deeper than any real parameter (`items[0].name` is 3 levels); the validators recurse, so depth is bounded first. */
const MAX_DEPTH = 8;

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
  const params = { ...(request.query as object), ...body };
  assertStorable(params);
  return params;
});

/**
 * Rejects what no parameter may hold, before any validator sees it: values
 * nested deeper than MAX_DEPTH, and the NUL character, which PostgreSQL text
 * cannot store.
 */
function assertStorable(params: object): void {
  const pending: { value: unknown; depth: number }[] = [{ value: params, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw validationError('Parameters must not contain the NUL character');
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) throw validationError(`Parameters must not be nested more than ${MAX_DEPTH} levels deep`);
      for (const entry of Object.values(value)) pending.push({ value: entry, depth: depth + 1 });
    }
  }
}
