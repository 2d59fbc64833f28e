// Prints the OpenAPI document as docs/openapi.json keeps it (`npm run openapi`): the controllers are read without
// being started, so no database or Redis is needed, and with no BILLY_PUBLIC_URL the server is relative.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '@billy/config';
import { AppModule } from '../../app.module';
import { buildOpenApiDocument } from './openapi';

async function printOpenApi(): Promise<void> {
  const config = loadConfig({});
  const app = await NestFactory.create(AppModule.register(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app, config), null, 2)}\n`);
  await app.close();
}

void printOpenApi();
