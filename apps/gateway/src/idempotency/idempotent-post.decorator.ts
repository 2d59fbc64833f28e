import { applyDecorators, Post, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * `@Post` with `Idempotency-Key` support: use it for every POST route. The
 * interceptor is bound per route, not globally, because any interceptor makes
 * Nest wrap the handler in RxJS and async-context bindings: about a tenth of
 * the CPU of a GET, which has no use for it.
 */
export const IdempotentPost = (path?: string) => applyDecorators(Post(path), UseInterceptors(IdempotencyInterceptor));
