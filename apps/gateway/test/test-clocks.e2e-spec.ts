import type { ErrorJson, TestClockJson } from './support/api-json';
import { match } from './support/match';
import { useGateway } from './support/use-gateway';

describe('test clocks (e2e)', () => {
  const t = useGateway('test_clocks');

  const create = <T = TestClockJson>(body: Record<string, unknown>) =>
    t.api.post<T>('/v1/test_clocks', t.company.auth, body);

  it('should create a ready clock at the given time, converted to UTC', async () => {
    const response = await create({ frozen_time: '2013-08-17T08:00:00+08:00', name: 'month end' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: match.stringMatching(/^TC/),
      name: 'month end',
      frozen_time: '2013-08-17T00:00:00+00:00',
      status: 'ready',
      company_guid: t.company.guid,
      deleted: false,
      created_at: match.any(String),
      updated_at: match.any(String),
    });
  });

  it('should keep milliseconds and read zones written without a colon', async () => {
    expect((await create({ frozen_time: '2014-02-08T08:22:10.629Z' })).body.frozen_time).toBe(
      '2014-02-08T08:22:10.629000+00:00',
    );
    expect((await create({ frozen_time: '2013-08-17 08:00:00+0800' })).body.frozen_time).toBe(
      '2013-08-17T00:00:00+00:00',
    );
    expect((await create({ frozen_time: '2013-8-7' })).body.frozen_time).toBe('2013-08-07T00:00:00+00:00');
  });

  it.each([
    [''],
    ['BAD_DATETIME'],
    ['2013-13-01T00:00:00Z'],
    ['2013-02-30T00:00:00Z'],
    ['2013-08-17T00:00:00Z junk'],
    ['2013'],
  ])('should answer 400 when frozen_time is %p', async (frozenTime) => {
    const response = await create<ErrorJson>({ frozen_time: frozenTime });
    expect(response.status).toBe(400);
    expect(response.body.error_class).toBe('ValidationError');
  });

  it('should retrieve, list and delete with ownership enforced', async () => {
    const clock = (await create({ frozen_time: '2020-01-01T00:00:00Z' })).body;
    const path = `/v1/test_clocks/${clock.guid}`;
    expect((await t.api.get(path, t.company.auth)).body).toEqual(clock);
    expect((await t.api.get(path, t.other.auth)).status).toBe(403);
    expect((await t.api.get('/v1/test_clocks/TCnone', t.company.auth)).status).toBe(404);

    const listed = await t.api.list<TestClockJson>('/v1/test_clocks', t.company.auth, { limit: 1 });
    expect(listed.body).toMatchObject({ offset: 0, limit: 1, items: [{ guid: clock.guid }] });

    const deleted = await t.api.delete<TestClockJson>(path, t.company.auth);
    expect(deleted.body.deleted).toBe(true);
    expect((await t.api.delete(path, t.company.auth)).status).toBe(400);
    const attach = await t.api.post('/v1/customers', t.company.auth, { test_clock_guid: clock.guid }, 'json');
    expect(attach.status).toBe(400);
  });
});
