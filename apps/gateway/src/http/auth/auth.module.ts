import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyLookup } from './api-key-lookup';

/** The API-key check of every route, and the lookup whose cache key rotation must clear. */
@Global()
@Module({
  providers: [ApiKeyLookup, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeyLookup],
})
export class AuthModule {}
