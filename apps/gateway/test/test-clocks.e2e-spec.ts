import { GatewayHarness, TestCompany } from './support/gateway-harness';

describe('test clocks (e2e)', () => {
  let gateway: GatewayHarness;
  let company: TestCompany;
  let other: TestCompany;

  beforeAll(async () => {
    gateway = await GatewayHarness.start('test_clocks');
    company = await gateway.registerCompany();
    other = await gateway.registerCompany();
  });
  afterAll(() => gateway.stop());

  const create = (body: object, auth = company.auth) =>
    gateway.http().post('/v1/test_clocks').set('Authorization', auth).type('form').send(body);

  it('should create a ready clock at the given time, converted to UTC', async () => {
    const response = await create({ frozen_time: '2013-08-17T08:00:00+08:00', name: 'month end' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      guid: expect.stringMatching(/^TC/),
      name: 'month end',
      frozen_time: '2013-08-17T00:00:00+00:00',
      status: 'ready',
      company_guid: company.guid,
      deleted: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
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
    const response = await create({ frozen_time: frozenTime });
    expect(response.status).toBe(400);
    expect(response.body.error_class).toBe('ValidationError');
  });

  it('should retrieve, list and delete with ownership enforced', async () => {
    const clock = (await create({ frozen_time: '2020-01-01T00:00:00Z' })).body;
    expect((await gateway.http().get(`/v1/test_clocks/${clock.guid}`).set('Authorization', company.auth)).body).toEqual(
      clock,
    );
    expect((await gateway.http().get(`/v1/test_clocks/${clock.guid}`).set('Authorization', other.auth)).status).toBe(
      403,
    );
    expect((await gateway.http().get('/v1/test_clocks/TCnone').set('Authorization', company.auth)).status).toBe(404);

    const listed = await gateway.http().get('/v1/test_clocks').query({ limit: 1 }).set('Authorization', company.auth);
    expect(listed.body).toMatchObject({ offset: 0, limit: 1, items: [{ guid: clock.guid }] });

    const deleted = await gateway.http().delete(`/v1/test_clocks/${clock.guid}`).set('Authorization', company.auth);
    expect(deleted.body.deleted).toBe(true);
    expect(
      (await gateway.http().delete(`/v1/test_clocks/${clock.guid}`).set('Authorization', company.auth)).status,
    ).toBe(400);
    const attach = await gateway
      .http()
      .post('/v1/customers')
      .set('Authorization', company.auth)
      .send({ test_clock_guid: clock.guid });
    expect(attach.status).toBe(400);
  });
});
