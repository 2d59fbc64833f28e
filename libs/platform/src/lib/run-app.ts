import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { BillyConfig, ConfigError, loadConfig } from '@billy/config';
import { assertUtcSessions, isMigrated, migrateDatabase } from '@billy/persistence';
import { resealAtStart } from './reseal-at-start';

const MIGRATION_POLL_MS = 2_000;

/**
 * The start of every Billy process: validate the environment, create and
 * migrate the database (unless BILLY_MIGRATE_AT_START=false), reseal secrets
 * under the current key, then start the app. Migrating is safe from every
 * process at once (an advisory lock serialises it), so no app waits for another.
 *
 * Every app's bundle also runs two one-off commands, for orchestrators that
 * migrate in a step of their own (deploy/kubernetes): `main.js migrate` applies
 * the migrations and exits; `main.js migrate --wait` exits once another
 * process has applied them all (an init container's wait).
 */
export function runApp(start: (config: BillyConfig) => Promise<INestApplicationContext>): void {
  const [command, flag] = process.argv.slice(2);
  const run = command === 'migrate' ? (flag === '--wait' ? waitForMigrations : migrateOnly) : () => boot(start);
  run().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}

async function boot(start: (config: BillyConfig) => Promise<INestApplicationContext>): Promise<void> {
  const config = loadConfig();
  if (config.secrets.isDevelopmentDefault) {
    console.warn(
      'BILLY_SECRET_KEY is not set: secrets are sealed with a public development default. ' +
        'Set it (openssl rand -base64 48) before real use; with NODE_ENV=production Billy refuses to start without it.',
    );
  }
  if (config.database.migrateAtStart) await migrateDatabase(config.database);
  await assertUtcSessions(config.database);
  await resealAtStart(config);
  const app = await start(config);
  app.enableShutdownHooks();
}

async function migrateOnly(): Promise<void> {
  const applied = await migrateDatabase(loadConfig().database);
  console.log(applied.length === 0 ? 'Database is up to date' : `Applied: ${applied.join(', ')}`);
}

async function waitForMigrations(): Promise<void> {
  const { database } = loadConfig();
  for (let round = 0; ; round += 1) {
    const migrated = await isMigrated(database).catch((error: Error) => {
      if (round % 5 === 0) console.log(`Waiting for the database: ${error.message}`);
      return false;
    });
    if (migrated) return console.log('Database is up to date');
    if (round % 5 === 0) console.log('Waiting for the migrations to be applied');
    await sleep(MIGRATION_POLL_MS);
  }
}
