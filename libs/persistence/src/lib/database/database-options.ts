import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../migrations';

export interface DatabaseSettings {
  url: string;
  /** A private schema (tests); null means the database's default `public`. */
  schema: string | null;
  poolSize?: number;
  /** How long a query waits for a free pooled connection before it fails; unset: for ever. */
  acquireTimeoutMs?: number;
}

/** The `options` startup parameter of every connection (a transaction pooler drops it: see assertUtcSessions). */
export function sessionOptions(settings: DatabaseSettings): string {
  // search_path makes raw SQL land in the schema too; UTC makes date arithmetic match billy.md §4.
  const options = ['-c TimeZone=UTC'];
  if (settings.schema) options.push(`-c search_path=${settings.schema}`);
  return options.join(' ');
}

export function databaseOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema ?? undefined,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    extra: {
      options: sessionOptions(settings),
      max: settings.poolSize ?? 10,
      // pg's own default waits for ever: an exhausted pool would hang every request.
      connectionTimeoutMillis: settings.acquireTimeoutMs ?? 0,
    },
  };
}
