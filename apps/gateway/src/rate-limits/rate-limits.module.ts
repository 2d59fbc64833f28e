import { Module } from '@nestjs/common';
import { RateLimits } from './rate-limits';

/** The request limits that createGateway installs as a Fastify hook. */
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitsModule {}
