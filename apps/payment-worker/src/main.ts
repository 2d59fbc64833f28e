import 'reflect-metadata';
import { ConfigError, loadConfig } from '@billy/config';
import { ensureDatabase, migrate } from '@billy/domain';
import { createApp } from './app/create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  // Migrating is safe from every process (an advisory lock serialises it), so
  // no app depends on another having started first.
  await ensureDatabase(config.database.url);
  await migrate(config.database);
  const app = await createApp(config);
  app.enableShutdownHooks();
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
