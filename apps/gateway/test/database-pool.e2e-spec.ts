import { DataSource } from 'typeorm';
import { errorBody } from './support/billing-fixtures';
import { useGateway } from './support/use-gateway';

const ACQUIRE_TIMEOUT_MS = 300;
// The gateway's pool (databaseOptions' default).
const POOL_SIZE = 10;

describe('an exhausted database pool (e2e)', () => {
  const t = useGateway('database_pool', { env: { BILLY_DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) } });

  it('should answer 503 ServiceUnavailableError soon, not hang, when every pooled connection is busy', async () => {
    const dataSource = t.gateway.app.get(DataSource);
    const busy = Array.from({ length: POOL_SIZE }, () => dataSource.query('SELECT pg_sleep(3)'));
    const started = Date.now();

    const response = await t.api.get('/v1/customers', t.company.auth);
    const elapsedMs = Date.now() - started;
    await Promise.all(busy);

    expect(response.status).toBe(503);
    expect(response.body).toEqual(errorBody('ServiceUnavailableError'));
    // Well before the busy connections free up, three seconds in.
    expect(elapsedMs).toBeLessThan(2_500);
    expect((await t.api.get('/v1/customers', t.company.auth)).status).toBe(200);
  });
});
