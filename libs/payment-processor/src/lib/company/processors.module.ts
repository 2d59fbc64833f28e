import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BillyConfig } from '@billy/config';
import { SecretBox } from '@billy/crypto';
import { BILLY_CONFIG } from '@billy/platform';
import { PostgresDummyLedger } from '../dummy/postgres-dummy-ledger';
import { CompanyProcessors } from './company-processors';

/**
 * The processor clients of companies, for the apps that call processors (the
 * gateway and the payment worker); the scheduler never loads the Stripe SDK.
 */
@Global()
@Module({
  providers: [
    {
      provide: CompanyProcessors,
      inject: [BILLY_CONFIG, DataSource, SecretBox],
      useFactory: (config: BillyConfig, dataSource: DataSource, secretBox: SecretBox) =>
        new CompanyProcessors({
          secretBox,
          dummyLedger: new PostgresDummyLedger(dataSource),
          settings: config.processors,
        }),
    },
  ],
  exports: [CompanyProcessors],
})
export class ProcessorsModule {}
