import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { CompanyProcessors, databaseOptions, PostgresDummyLedger, SecretBox } from '@billy/domain';
import { BILLY_CONFIG } from './config.token';

/**
 * What every Billy process shares: the validated config, JSON logs, the
 * PostgreSQL connection, the SecretBox of BILLY_SECRET_KEY and the processor
 * clients of companies.
 */
@Global()
@Module({})
export class CoreModule {
  static register(config: BillyConfig, component: string): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            base: { component },
            // The gateway has already chosen the request id (its http/request-id.ts).
            genReqId: (request) => (request.headers['x-request-id'] as string | undefined) ?? randomUUID(),
            // One short line per request: headers are neither useful nor cheap to serialise.
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
          },
        }),
        TypeOrmModule.forRoot(databaseOptions(config.database)),
      ],
      providers: [
        { provide: BILLY_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.secrets.secretKey) },
        {
          provide: CompanyProcessors,
          inject: [DataSource, SecretBox],
          useFactory: (dataSource: DataSource, secretBox: SecretBox) =>
            new CompanyProcessors({
              secretBox,
              dummyLedger: new PostgresDummyLedger(dataSource),
              dummyLatencyMs: config.processors.dummyLatencyMs,
            }),
        },
      ],
      exports: [BILLY_CONFIG, SecretBox, CompanyProcessors],
    };
  }
}
