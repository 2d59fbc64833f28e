import type { AddressInfo } from 'node:net';
import { createTestEnvironment } from '@billy/testing';
import { createGateway } from '../../apps/gateway/src/create-gateway';
import type { QueryFn } from './model';

export interface LocalGateway {
  baseUrl: string;
  query: QueryFn;
  stop(): Promise<void>;
}

/**
 * A gateway in this process on a private schema and queue prefix, listening on
 * a free port of 127.0.0.1. No scheduler or payment worker runs, so nothing
 * but the requests themselves writes to the database.
 */
export async function startLocalGateway(label = 'fuzz', env: NodeJS.ProcessEnv = {}): Promise<LocalGateway> {
  const environment = await createTestEnvironment(label, env);
  try {
    const app = await createGateway(environment.config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      query: (sql, params) => environment.query(sql, params),
      async stop() {
        try {
          await app.close();
        } finally {
          // Drops the schema and every Redis key the set-up queued under the run's prefix.
          await environment.cleanup();
        }
      },
    };
  } catch (error) {
    await environment.cleanup();
    throw error;
  }
}
