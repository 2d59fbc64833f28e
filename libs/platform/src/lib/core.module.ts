import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { BillyConfig } from '@billy/config';
import { SecretBox } from '@billy/crypto';
import { databaseOptions } from '@billy/persistence';
import { BILLY_CONFIG } from './config.token';
import { OPS_OPTIONS, OpsOptions, OpsServer } from './ops/ops-server';
import { createRootLogger } from './root-logger';
import { ROOT_LOGGER } from './root-logger.token';
import { secretBoxOf } from './secret-box-of';

/**
 * What every Billy process shares: the validated config, JSON logs, the
 * PostgreSQL connection and the SecretBox of BILLY_SECRET_KEY (and of
 * BILLY_SECRET_KEY_PREVIOUS), and the operations port (BILLY_OPS_PORT). Processor clients come from ProcessorsModule
 * (@billy/payment-processor), loaded only by the apps that call processors.
 */
@Global()
@Module({})
export class CoreModule {
  /** readyNeedsRedis: false for an app that serves without Redis, so that a Redis blip leaves it ready. */
  static register(config: BillyConfig, component: string, { readyNeedsRedis = true } = {}): DynamicModule {
    const logger = createRootLogger(config, component);
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot({
          // No pino-http middleware: the gateway logs each request from a Fastify hook
          // (http/request-log.ts). Run through @fastify/middie, the middleware cost a
          // third of a GET's throughput even with request lines switched off.
          forRoutes: [],
          pinoHttp: { logger },
        }),
        TypeOrmModule.forRoot(databaseOptions(config.database)),
      ],
      providers: [
        { provide: BILLY_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: SecretBox, useValue: secretBoxOf(config) },
        { provide: OPS_OPTIONS, useValue: { app: component, readyNeedsRedis } satisfies OpsOptions },
        OpsServer,
      ],
      exports: [BILLY_CONFIG, ROOT_LOGGER, SecretBox],
    };
  }
}
