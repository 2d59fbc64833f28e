import { Global, Module } from '@nestjs/common';
import { IdempotencyKeys } from './idempotency-keys';

/** Global: each controller module instantiates the IdempotencyInterceptor of its POST routes. */
@Global()
@Module({ providers: [IdempotencyKeys], exports: [IdempotencyKeys] })
export class IdempotencyModule {}
