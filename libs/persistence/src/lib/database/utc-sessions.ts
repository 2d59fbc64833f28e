import { Client } from 'pg';
import { DatabaseSettings, sessionOptions } from './database-options';

// The names PostgreSQL accepts for UTC itself, not a zone that happens to sit at +00:00 today.
const UTC_NAMES = new Set(['utc', 'etc/utc', 'uct', 'etc/uct', 'universal', 'etc/universal', 'zulu', 'etc/zulu']);

/**
 * Fails unless a session opened as the apps open theirs computes in UTC (billy.md §4). The apps ask for UTC
 * when they connect, but a transaction pooler such as PgBouncer drops that request; then the database's own
 * default must be UTC (`ALTER DATABASE … SET TimeZone = 'UTC'`).
 */
export async function assertUtcSessions(settings: DatabaseSettings): Promise<void> {
  const client = new Client({ connectionString: settings.url, options: sessionOptions(settings) });
  await client.connect();
  try {
    const { rows } = await client.query<{ zone: string }>(`SELECT current_setting('TimeZone') AS zone`);
    const zone = rows[0].zone;
    if (!UTC_NAMES.has(zone.toLowerCase())) {
      throw new Error(
        `Database sessions run in time zone ${zone}, and Billy computes billing periods in UTC. A pooler in ` +
          `between drops the connection's own TimeZone setting: run ALTER DATABASE <name> SET TimeZone = 'UTC'.`,
      );
    }
  } finally {
    await client.end();
  }
}
