import { ProcessorError } from '../processor-errors';
import { dummyCallbackBody, parseDummyCallback } from './dummy-callback';

const callback = (body: unknown) => ({ rawBody: JSON.stringify(body), headers: {} });

const valid = { id: 'EV1', transaction_guid: 'TX1', status: 'failed', occurred_at: '2026-03-01T10:00:00Z' };

describe('dummyCallbackBody', () => {
  it('should write the body that parseDummyCallback reads back as the same event', () => {
    const event = {
      eventId: '/dummy/debits/TX1-1-succeeded',
      transactionGuid: 'TX1',
      status: 'succeeded' as const,
      occurredAt: new Date('2026-03-01T10:00:00.250Z'),
    };

    const body = dummyCallbackBody(event);

    expect(JSON.parse(body)).toEqual({
      id: '/dummy/debits/TX1-1-succeeded',
      transaction_guid: 'TX1',
      status: 'succeeded',
      occurred_at: '2026-03-01T10:00:00.250Z',
    });
    expect(parseDummyCallback({ rawBody: body, headers: {} })).toEqual(event);
  });
});

describe('parseDummyCallback', () => {
  it('should return the event when the payload is complete', () => {
    expect(parseDummyCallback(callback(valid))).toEqual({
      eventId: 'EV1',
      transactionGuid: 'TX1',
      status: 'failed',
      occurredAt: new Date('2026-03-01T10:00:00Z'),
    });
  });

  it('should return null when the payload names no transaction', () => {
    expect(parseDummyCallback(callback({ ...valid, transaction_guid: undefined }))).toBeNull();
  });

  it.each([
    ['the body is not JSON', { rawBody: '{oops', headers: {} }],
    ['the body is not an object', callback(['TX1'])],
    ['the id is missing', callback({ ...valid, id: undefined })],
    ['the status is unknown', callback({ ...valid, status: 'paid' })],
    ['occurred_at is not a timestamp', callback({ ...valid, occurred_at: 'yesterday' })],
  ])('should reject the callback as InvalidCallbackPayload when %s', async (_case, request) => {
    // The parser throws; as a rejection, the error's fields can be matched.
    const parsing = Promise.resolve(request).then(parseDummyCallback);

    await expect(parsing).rejects.toBeInstanceOf(ProcessorError);
    await expect(parsing).rejects.toMatchObject({ errorClass: 'InvalidCallbackPayload', kind: 'invalid' });
  });
});
