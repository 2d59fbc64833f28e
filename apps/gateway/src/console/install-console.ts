import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';

/** Where `nx run console:build` writes the console, from the repository root (or the image's /app). */
export const CONSOLE_DIR = resolve('dist/apps/console');

/**
 * The console (apps/console) at /console: its built files, and its index.html for every other path below it,
 * so that a deep link opens the page it names. Without a build there is no console, and the API runs on.
 */
export async function installConsole(app: NestFastifyApplication, logger: Logger, dir = CONSOLE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    logger.warn({ dir }, 'No console build: run `npx nx run console:build` to serve /console');
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, { root: dir, prefix: '/console/', wildcard: false, index: false });
  const page = (_request: unknown, reply: { sendFile: (file: string) => unknown }) => reply.sendFile('index.html');
  fastify.get('/console', page);
  fastify.get('/console/*', page);
}
