import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { BillyConfig } from '@billy/config';
import { ROOT_LOGGER } from '@billy/platform';
import { AppModule } from './app.module';
import { installAuditLog } from './audit/audit-log.hook';
import { AuditLogService } from './audit/audit-log.service';
import { installCors } from './http/cors';
import { BODY_LIMIT_BYTES } from './http/body-limit';
import { installRefusedBodyDrain } from './http/drain-refused-body';
import { answerClientError, answerFrameworkError } from './http/framework-errors';
import { installRequestId } from './http/request-id';
import { installHttpMetrics } from './http/http-metrics';
import { installQueueBoard } from './ops/install-queue-board';
import { installRequestLog } from './http/request-log';
import { installOpenApi } from './http/openapi/openapi';
import { installConsole } from './console/install-console';
import { installSecurityHeaders } from './http/security-headers';
import { installRateLimits } from './rate-limits/rate-limit.hook';
import { RateLimits } from './rate-limits/rate-limits';

/** Builds the gateway, ready to listen; main.ts and the e2e tests share it. */
export async function createGateway(config: BillyConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Billy ignores trailing slashes and empty path segments (billy.md §2.1).
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-For is believed only from these peers; from anyone else it could spoof the sign-up limit's address.
    trustProxy: config.http.trustedProxies.length > 0 ? config.http.trustedProxies : false,
    // A client that trickles its request in holds a connection; this bounds how long.
    requestTimeout: config.http.requestTimeoutMs,
    // Follow a caller's request id across services, or make one.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Errors raised before routing get Billy's JSON error body too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    bufferLogs: true,
    // Processor callbacks are verified against the exact bytes that were signed.
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  installRequestId(fastify);
  installRefusedBodyDrain(fastify);
  installRequestLog(fastify, app.get(ROOT_LOGGER));
  installHttpMetrics(fastify);
  installCors(fastify, config.http.allowedOrigins);
  await installSecurityHeaders(app);
  installRateLimits(fastify, app.get(RateLimits));
  installAuditLog(fastify, app.get(AuditLogService));
  installOpenApi(app, config);
  await installConsole(app, app.get(ROOT_LOGGER));
  await installQueueBoard(app, config);
  app.enableShutdownHooks();
  await app.init();
  await fastify.ready();
  return app;
}
