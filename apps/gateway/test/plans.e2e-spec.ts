import type { PlanJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('plans (e2e)', () => {
  const t = useGateway('plans');

  const valid = { plan_type: 'debit', frequency: 'monthly', amount: '1000' };
  const postForm = (body: Record<string, unknown>) => t.api.post<PlanJson>('/v1/plans', t.company.auth, body);
  const postJson = (body: Record<string, unknown>) => t.api.post<PlanJson>('/v1/plans', t.company.auth, body, 'json');

  it('should create a plan from a form body', async () => {
    const response = await postForm({ ...valid, interval: '2' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: match.stringMatching(/^PL/),
      plan_type: 'debit',
      frequency: 'monthly',
      amount: 1000,
      currency: 'usd',
      interval: 2,
      trial_days: 0,
      company_guid: t.company.guid,
      deleted: false,
      created_at: match.any(String),
      updated_at: match.any(String),
    });
  });

  it('should create a plan from a JSON body with numbers', async () => {
    const response = await postJson({ plan_type: 'credit', frequency: 'yearly', amount: 5000 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ plan_type: 'credit', frequency: 'yearly', amount: 5000, interval: 1 });
  });

  it('should match enum words case-insensitively, accept signed integers and default an empty interval to 1', async () => {
    const response = await postForm({ plan_type: 'DeBiT', frequency: 'WEEKLY', amount: ' +50 ', interval: '' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ plan_type: 'debit', frequency: 'weekly', amount: 50, interval: 1 });
  });

  it('should accept a large interval such as 123', async () => {
    expect((await postForm({ ...valid, interval: '123' })).body.interval).toBe(123);
  });

  // Every 400 case listed in billy.md §3.3, plus our own limits.
  it.each([
    ['no parameters', {}],
    ['no plan_type', { frequency: 'monthly', amount: '1000' }],
    ['no frequency', { plan_type: 'debit', amount: '1000' }],
    ['no amount', { plan_type: 'debit', frequency: 'monthly' }],
    ['an empty plan_type', { ...valid, plan_type: '' }],
    ['an unknown plan_type', { ...valid, plan_type: 'super_charge' }],
    ['an empty frequency', { ...valid, frequency: '' }],
    ['an unknown frequency', { ...valid, frequency: 'decade' }],
    ['an empty amount', { ...valid, amount: '' }],
    ['a negative amount', { ...valid, amount: '-123' }],
    ['an amount below 50', { ...valid, amount: '49' }],
    ['a zero amount', { ...valid, amount: '0' }],
    ['a decimal amount', { ...valid, amount: '10.5' }],
    ['an exponent amount', { ...valid, amount: '1e3' }],
    ['an amount above 2^53-1', { ...valid, amount: '9007199254740992' }],
    ['a zero interval', { ...valid, interval: '0' }],
    ['a fractional interval', { ...valid, interval: '0.5' }],
    ['a negative interval', { ...valid, interval: '-123' }],
    ['an interval of words', { ...valid, interval: 'often' }],
  ])('should answer 400 when given %s', async (_, body) => {
    const response = await postForm(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('ValidationError'));
  });

  it('should answer 400 for JSON values of the wrong type', async () => {
    for (const body of [
      { ...valid, amount: '1000', plan_type: ['debit'] },
      { ...valid, amount: 10.5 },
      { ...valid, amount: true },
      { ...valid, amount: { value: 1 } },
    ]) {
      const response = await postJson(body);
      expect(response.status).toBe(400);
    }
  });

  it('should write nothing when the input is rejected', async () => {
    const before = await t.gateway.environment.query('SELECT count(*)::int AS n FROM plans');
    await postForm({ ...valid, amount: '49' });
    const after = await t.gateway.environment.query('SELECT count(*)::int AS n FROM plans');
    expect(after).toEqual(before);
  });

  it('should retrieve, list and soft-delete plans with ownership enforced', async () => {
    const created = (await postForm(valid)).body;
    const path = `/v1/plans/${created.guid}`;
    const fetched = await t.api.get(path, t.company.auth);
    expect(fetched.body).toEqual(created);
    expect((await t.api.get(path, t.other.auth)).status).toBe(403);
    expect((await t.api.get('/v1/plans/PLnothing', t.company.auth)).status).toBe(404);

    const listed = await t.api.list<PlanJson>('/v1/plans', t.company.auth);
    expect(listed.body.items[0].guid).toBe(created.guid);
    const otherList = await t.api.list<PlanJson>('/v1/plans', t.other.auth);
    expect(otherList.body.items).toEqual([]);

    expect((await t.api.delete(path, t.other.auth)).status).toBe(403);
    const deleted = await t.api.delete(path, t.company.auth);
    expect(deleted.body).toMatchObject({ deleted: true, updated_at: created.updated_at });
    expect((await t.api.delete(path, t.company.auth)).status).toBe(400);
  });
});
