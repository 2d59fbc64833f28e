import { Client } from 'pg';
import {
  AppProcess,
  answersOk,
  createTestEnvironment,
  freePort,
  PGBOUNCER_URL_VARIABLE,
  TestEnvironment,
} from '@billy/testing';

// Run by the PgBouncer suite (jest.pgbouncer.config.cjs), whose setup starts PgBouncer in transaction mode.
describe('the gateway through PgBouncer in transaction mode', () => {
  let environment: TestEnvironment;
  let name: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('pgbouncer');
    name = new URL(environment.config.database.url).pathname.slice(1);
  });

  afterAll(async () => {
    await environment.cleanup();
  });

  const startGateway = async (on = environment) => {
    const port = await freePort();
    const gateway = new AppProcess('gateway', {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: on.config.database.url,
      DATABASE_MIGRATION_URL: on.config.database.migrationUrl,
      BILLY_QUEUE_PREFIX: on.config.redis.queuePrefix,
    });
    return { gateway, port };
  };

  /** The pooler's clients of this file's database, from its admin console. */
  const poolerClients = async (): Promise<number> => {
    const admin = new URL(process.env[PGBOUNCER_URL_VARIABLE] as string);
    admin.pathname = '/pgbouncer';
    const adminConsole = new Client({ connectionString: admin.toString() });
    await adminConsole.connect();
    try {
      const { rows } = await adminConsole.query<{ database: string }>('SHOW CLIENTS');
      return rows.filter((row) => row.database === name).length;
    } finally {
      await adminConsole.end();
    }
  };

  it('should migrate directly, serve through the pooler, and keep its connections there', async () => {
    const { gateway, port } = await startGateway();
    try {
      await gateway.waitUntil(() => answersOk(`http://127.0.0.1:${port}/ready`), 'answer /ready');
      const signup = await fetch(`http://127.0.0.1:${port}/v1/companies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ processor_key: 'dummy-key' }),
      });

      expect(signup.status).toBe(200);
      expect(environment.config.database.url).not.toBe(environment.config.database.migrationUrl);
      expect(await poolerClients()).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
    }
  }, 90_000);

  it('should refuse to start when the pooler leaves its sessions outside UTC', async () => {
    // A database of its own: the pooler keeps server sessions open, and only new ones read the default.
    const elsewhere = await createTestEnvironment('pgbouncer_zone');
    const direct = new Client({ connectionString: elsewhere.config.database.migrationUrl });
    await direct.connect();
    const database = new URL(elsewhere.config.database.url).pathname.slice(1);
    await direct.query(`ALTER DATABASE "${database}" SET TimeZone = 'America/New_York'`);
    await direct.end();
    const { gateway } = await startGateway(elsewhere);
    try {
      await expect(gateway.waitUntil(() => Promise.resolve(false), 'exit')).rejects.toThrow(
        /exited during start \(code 1\)[\s\S]*time zone America\/New_York[\s\S]*ALTER DATABASE <name> SET TimeZone = 'UTC'/,
      );
    } finally {
      await gateway.stop();
      await elsewhere.cleanup();
    }
  }, 90_000);
});
