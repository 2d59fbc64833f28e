import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { BillyConfig } from '@billy/config';
import { AppModule } from './app.module';

/** Builds the payment-worker as an application context: it serves no HTTP, only queues. */
export async function createApp(config: BillyConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}
