import type { HealthCheckResult } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@billy/platform';
import type { ServerInfoController } from '../src/server-info/server-info.controller';
import type { ErrorJson, PlanJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { asJson } from './support/json-response';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

/** What these tests read of the OpenAPI document. */
interface OpenApiJson {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean }[];
        requestBody?: { content: Record<string, { schema: { $ref: string } }> };
      }
    >
  >;
  components: {
    schemas: Record<string, { required?: string[]; properties: Record<string, Record<string, unknown>> }>;
  };
}

describe('transport (e2e)', () => {
  const t = useGateway('transport', { env: { BILLY_ALLOWED_ORIGINS: 'http://localhost:5050' } });
  const http = () => t.gateway.http();
  const postPlan = () => http().post('/v1/plans').set('Authorization', t.company.auth);

  it('should answer malformed JSON with a 400 JSON error body', async () => {
    const response = await postPlan().set('Content-Type', 'application/json').send('{"plan_type": "debit",');
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody());
  });

  it('should answer a JSON array body with 400', async () => {
    const response = asJson<ErrorJson>(await postPlan().send([1, 2]));
    expect(response.status).toBe(400);
    expect(response.body.error_class).toBe('ValidationError');
  });

  it('should answer an unsupported content type with a 4xx JSON error body', async () => {
    const response = asJson<ErrorJson>(
      await postPlan().set('Content-Type', 'application/xml').send('<plan_type>debit</plan_type>'),
    );
    expect(response.status).toBe(415);
    expect(response.body.error_class).toBe('UnsupportedMediaType');
  });

  it('should answer a body over 1 MiB with 413', async () => {
    const response = await t.api.post<ErrorJson>(
      '/v1/plans',
      t.company.auth,
      { plan_type: 'x'.repeat(1_100_000) },
      'json',
    );
    expect(response.status).toBe(413);
    expect(response.body.error_class).toBe('PayloadTooLarge');
  });

  it('should answer a huge string within the limit with 400, not 500', async () => {
    const response = await t.api.post('/v1/customers', t.company.auth, { processor_uri: '€'.repeat(100_000) }, 'json');
    expect(response.status).toBe(400);
  });

  it('should read parameters from the query string too', async () => {
    const response = asJson<PlanJson>(await postPlan().query({ plan_type: 'debit', frequency: 'daily', amount: 75 }));
    expect(response.status).toBe(200);
    expect(response.body.amount).toBe(75);
  });

  it('should answer unknown paths with a 404 JSON error body', async () => {
    const response = await t.api.get<ErrorJson>('/v1/nothing-here', t.company.auth);
    expect(response.status).toBe(404);
    expect(response.body.error_class).toBe('NotFound');
  });

  it('should send CORS headers only to an exactly matching origin, errors included', async () => {
    const allowed = await http().get('/v1/plans').set('Origin', 'http://localhost:5050');
    expect(allowed.status).toBe(401);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5050');
    const prefix = await http().get('/v1/plans').set('Origin', 'http://localhost:5050.evil.example');
    expect(prefix.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should answer the server info without auth', async () => {
    const response = await t.api.get<ReturnType<ServerInfoController['info']>>('/');
    expect(response.status).toBe(200);
    expect(response.body.server).toBe('Billy - The recurring payment server');
  });

  it('should report liveness and readiness of PostgreSQL and Redis', async () => {
    expect((await t.api.get('/health')).status).toBe(200);
    const ready = await t.api.get<HealthCheckResult>('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('should serve the OpenAPI document with every resource', async () => {
    const response = await t.api.get<OpenApiJson>('/docs-json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/v1/companies', '/v1/customers', '/v1/plans/{guid}', '/v1/test_clocks']),
    );
    expect(response.body.components.schemas.CreatePlanParams.required).toEqual(
      expect.arrayContaining(['plan_type', 'frequency', 'amount']),
    );
    const { schemas } = response.body.components;
    expect(Object.keys(schemas.UpdateSubscriptionParams.properties)).toEqual(
      expect.arrayContaining(['plan_guid', 'amount', 'proration_behavior', 'cancel_at_period_end', 'trial_end']),
    );
    expect(Object.keys(schemas.CancelSubscriptionParams.properties)).toEqual([
      'at_period_end',
      'prorated_refund',
      'refund_amount',
    ]);
    expect(schemas.CreatePlanParams.properties.trial_days).toMatchObject({ minimum: 0, maximum: 730 });
    for (const path of ['/v1/subscriptions', '/v1/customers/{guid}/subscriptions', '/v1/plans/{guid}/subscriptions']) {
      expect(response.body.paths[path].get.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'status', in: 'query' })]),
      );
    }
  });

  it('should document coupons, the upcoming invoice, currency and coupon_guid when the OpenAPI document is served', async () => {
    const { paths, components } = (await t.api.get<OpenApiJson>('/docs-json')).body;
    expect(Object.keys(paths['/v1/coupons'])).toEqual(expect.arrayContaining(['post', 'get']));
    expect(Object.keys(paths['/v1/coupons/{guid}'])).toEqual(expect.arrayContaining(['get', 'delete']));
    const upcoming = paths['/v1/subscriptions/{guid}/upcoming_invoice'].get.parameters ?? [];
    const query = upcoming.filter((parameter) => parameter.in === 'query');
    expect(query.map(({ name, required }) => ({ name, required }))).toEqual(
      ['plan_guid', 'amount', 'proration_behavior'].map((name) => ({ name, required: false })),
    );
    // Each body property is on the schema that the endpoint's form and JSON bodies both refer to.
    const bodyProperties = (path: string, method: string) => {
      const content = paths[path][method].requestBody?.content ?? {};
      const refs = ['application/x-www-form-urlencoded', 'application/json'].map((type) => content[type]?.schema.$ref);
      expect(refs[0]).toBe(refs[1]);
      return Object.keys(components.schemas[String(refs[0]).replace('#/components/schemas/', '')].properties);
    };
    expect(bodyProperties('/v1/plans', 'post')).toContain('currency');
    expect(bodyProperties('/v1/invoices', 'post')).toEqual(expect.arrayContaining(['currency', 'coupon_guid']));
    expect(bodyProperties('/v1/subscriptions', 'post')).toContain('coupon_guid');
    expect(bodyProperties('/v1/subscriptions/{guid}', 'put')).toContain('coupon_guid');
    expect(bodyProperties('/v1/coupons', 'post')).toEqual(
      expect.arrayContaining(['percent_off', 'amount_off', 'currency', 'duration', 'duration_in_periods']),
    );
  });

  it('should echo a caller-supplied request id', async () => {
    const response = await http().get('/health').set('X-Request-Id', 'req-123');
    expect(response.headers['x-request-id']).toBe('req-123');
  });

  it('should log one line per answered request with its id, method, URL, status and duration', async () => {
    const root = t.gateway.app.get<Logger>(ROOT_LOGGER);
    const level = root.level;
    root.level = 'info';
    const info = jest.spyOn(root, 'info').mockImplementation(() => undefined);
    try {
      await http().get('/v1/customers/CUnone').set('X-Request-Id', 'req-log-1');

      expect(info).toHaveBeenCalledWith(
        {
          req: { id: 'req-log-1', method: 'GET', url: '/v1/customers/CUnone' },
          res: { statusCode: 401 },
          responseTime: match.any(Number),
        },
        'request completed',
      );
    } finally {
      info.mockRestore();
      root.level = level;
    }
  });
});
