import type { TestClockJson } from './support/api-json';
import { ENCODINGS, Encoding, errorBody } from './support/billing-fixtures';
import { useGateway } from './support/use-gateway';

describe('test clock advance (e2e)', () => {
  const t = useGateway('test_clock_advance');

  const advance = (guid: string, body: Record<string, unknown>, encoding: Encoding = 'json', auth = t.company.auth) =>
    t.api.post<TestClockJson>(`/v1/test_clocks/${guid}/advance`, auth, body, encoding);
  const clockRow = async (guid: string) =>
    (
      await t.gateway.environment.query<{ status: string; frozen_time: Date; advance_to: Date | null }>(
        'SELECT status, frozen_time, advance_to FROM test_clocks WHERE guid = $1',
        [guid],
      )
    )[0];

  it.each(ENCODINGS)(
    'should start advancing and keep frozen_time until done when frozen_time is later (%s)',
    async (encoding) => {
      const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
      const response = await advance(clock.guid, { frozen_time: '2013-09-16T08:00:00+08:00' }, encoding);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        guid: clock.guid,
        status: 'advancing',
        frozen_time: '2013-08-16T00:00:00+00:00',
        company_guid: t.company.guid,
      });
      const row = await clockRow(clock.guid);
      expect(row.status).toBe('advancing');
      expect(row.advance_to?.toISOString()).toBe('2013-09-16T00:00:00.000Z');
      expect((await t.api.get<TestClockJson>(`/v1/test_clocks/${clock.guid}`, t.company.auth)).body.status).toBe(
        'advancing',
      );
    },
  );

  it.each([
    ['an earlier time', '2013-08-15T23:59:59Z'],
    ['the same time', '2013-08-16T00:00:00Z'],
    ['the same time in another zone', '2013-08-16T08:00:00+08:00'],
  ])('should answer 400 and stay ready when frozen_time is %s', async (_, frozenTime) => {
    const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
    const response = await advance(clock.guid, { frozen_time: frozenTime });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('ValidationError'));
    expect(await clockRow(clock.guid)).toMatchObject({ status: 'ready', advance_to: null });
  });

  it('should answer 400 and keep the first target when a second advance comes while advancing', async () => {
    const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
    expect((await advance(clock.guid, { frozen_time: '2013-10-01T00:00:00Z' })).status).toBe(200);
    for (const frozenTime of ['2013-12-01T00:00:00Z', '2013-09-01T00:00:00Z']) {
      const again = await advance(clock.guid, { frozen_time: frozenTime }, 'form');
      expect(again.status).toBe(400);
      expect(again.body).toEqual(errorBody('InvalidOperationError'));
    }
    expect((await clockRow(clock.guid)).advance_to?.toISOString()).toBe('2013-10-01T00:00:00.000Z');
  });

  it('should answer 400 when the clock is deleted', async () => {
    const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
    expect((await t.api.delete(`/v1/test_clocks/${clock.guid}`, t.company.auth)).status).toBe(200);
    const response = await advance(clock.guid, { frozen_time: '2014-01-01T00:00:00Z' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody());
    expect((await clockRow(clock.guid)).status).toBe('ready');
  });

  it.each([
    ['no frozen_time', {}],
    ['an empty frozen_time', { frozen_time: '' }],
    ['an unparseable frozen_time', { frozen_time: 'tomorrow' }],
    ['an impossible date', { frozen_time: '2014-02-30T00:00:00Z' }],
    ['a number', { frozen_time: 1_400_000_000 }],
    ['a list', { frozen_time: ['2014-01-01T00:00:00Z'] }],
    ['a huge string', { frozen_time: '2014-01-01T00:00:00Z' + ' '.repeat(100_000) + 'x' }],
  ])('should answer 400 with a JSON error and stay ready when given %s', async (_, body) => {
    const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
    const response = await advance(clock.guid, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('ValidationError'));
    expect((await clockRow(clock.guid)).status).toBe('ready');
  });

  it("should answer 403, 404 or 401 when the clock is another company's, unknown, or no key is given", async () => {
    const clock = await t.api.testClock(t.company, '2013-08-16T00:00:00Z');
    const body = { frozen_time: '2014-01-01T00:00:00Z' };
    const foreign = await advance(clock.guid, body, 'json', t.other.auth);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual(errorBody('PermissionDenied'));
    expect((await advance('TCnothing', body)).status).toBe(404);
    expect((await t.api.post(`/v1/test_clocks/${clock.guid}/advance`, undefined, body)).status).toBe(401);
    expect((await clockRow(clock.guid)).status).toBe('ready');
  });
});
