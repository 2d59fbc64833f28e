import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Billy } from './billy-client';
import { BillyConnectionError, BillyError } from './billy-error';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang-up' | 'cut-body';

/** A stand-in for the network: answers each request with the next scripted answer, and records it. */
async function scriptedServer(answers: Answer[]) {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const answer = answers.shift() ?? { status: 500, body: { error_class: 'Exhausted', error_message: 'no script' } };
      if (answer === 'hang-up') {
        request.socket.destroy();
        return;
      }
      if (answer === 'cut-body') {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        response.write('{"guid":');
        setTimeout(() => request.socket.destroy(), 10);
        return;
      }
      response.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/`;
  const billy = new Billy({ apiKey: 'key_123', baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  return { billy, baseUrl, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const customer = { guid: 'CU1', processor_uri: null };
const serverError = { status: 500, body: { error_class: 'InternalError', error_message: 'boom' } };

describe('Billy client transport', () => {
  let close: () => Promise<unknown>;
  afterEach(() => close());

  it('should send Basic auth, JSON and a random Idempotency-Key on a POST', async () => {
    const server = await scriptedServer([{ status: 200, body: customer }]);
    close = server.close;

    const created = await server.billy.customers.create({ processor_uri: 'cus_1' });

    expect(created).toEqual(customer);
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/customers', body: '{"processor_uri":"cus_1"}' });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('key_123:').toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should retry a POST after a 5xx, a hang-up and a key in progress, with the same Idempotency-Key', async () => {
    const inProgress = { status: 409, body: { error_class: 'IdempotencyKeyInProgress', error_message: 'wait' } };
    const server = await scriptedServer([serverError, 'hang-up', inProgress, { status: 200, body: customer }]);
    close = server.close;

    const created = await new Billy({
      apiKey: 'k',
      baseUrl: server.baseUrl,
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    }).customers.create({}, { idempotencyKey: 'signup-42' });

    expect(created).toEqual(customer);
    expect(server.seen.map((request) => request.headers['idempotency-key'])).toEqual([
      'signup-42',
      'signup-42',
      'signup-42',
      'signup-42',
    ]);
  });

  it('should not retry a refusal, and throw it as a BillyError with its class, status and request id', async () => {
    const refused = {
      status: 400,
      body: { error_class: 'ValidationError', error_message: 'amount: must be an integer' },
      headers: { 'X-Request-Id': 'req-7' },
    };
    const server = await scriptedServer([refused]);
    close = server.close;

    const failure = server.billy.invoices.refund('IV1', { amount: 1 });

    await expect(failure).rejects.toBeInstanceOf(BillyError);
    await expect(failure).rejects.toMatchObject({
      status: 400,
      errorClass: 'ValidationError',
      message: 'amount: must be an integer',
      requestId: 'req-7',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('should not retry a PUT after a 5xx, which the server does not deduplicate', async () => {
    const server = await scriptedServer([serverError, { status: 200, body: {} }]);
    close = server.close;

    await expect(server.billy.subscriptions.update('SU1', { amount: 900 })).rejects.toMatchObject({ status: 500 });

    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].headers['idempotency-key']).toBeUndefined();
  });

  it('should not retry a sign-up that may have happened: the server keeps no key for it', async () => {
    const server = await scriptedServer(['hang-up', { status: 200, body: {} }]);
    close = server.close;

    await expect(server.billy.companies.create({ processor_key: 'k' })).rejects.toBeInstanceOf(BillyConnectionError);

    expect(server.seen).toHaveLength(1);
  });

  it('should retry any call refused by the rate limiter, and a GET after a hang-up', async () => {
    const limited = { status: 429, body: { error_class: 'RateLimitError', error_message: 'slow' } };
    const server = await scriptedServer([
      limited,
      { status: 200, body: {} },
      'hang-up',
      { status: 200, body: customer },
    ]);
    close = server.close;

    await server.billy.subscriptions.update('SU1', { amount: 900 });
    expect(await server.billy.customers.retrieve('CU1')).toEqual(customer);

    expect(server.seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'PUT /v1/subscriptions/SU1',
      'PUT /v1/subscriptions/SU1',
      'GET /v1/customers/CU1',
      'GET /v1/customers/CU1',
    ]);
  });

  it('should give up after the retries with the last error', async () => {
    const server = await scriptedServer([serverError, serverError, serverError, { status: 200, body: {} }]);
    close = server.close;

    await expect(server.billy.customers.retrieve('CU1')).rejects.toMatchObject({ errorClass: 'InternalError' });

    expect(server.seen).toHaveLength(3);
  });

  it('should answer one page when awaited and every item, page after page, when iterated', async () => {
    const page = (guids: string[], limit: number) => ({
      status: 200,
      body: { items: guids.map((guid) => ({ guid })), offset: 0, limit },
    });
    const server = await scriptedServer([page(['IV9'], 1), page(['IV5', 'IV4'], 2), page(['IV3'], 2)]);
    close = server.close;

    const first = await server.billy.invoices.list({ limit: 1 });
    const all: string[] = [];
    for await (const invoice of server.billy.customers.invoices('CU1', { limit: 2 })) all.push(invoice.guid);

    expect(first.items).toEqual([{ guid: 'IV9' }]);
    expect(all).toEqual(['IV5', 'IV4', 'IV3']);
    expect(server.seen.map(({ url }) => url)).toEqual([
      '/v1/invoices?limit=1',
      '/v1/customers/CU1/invoices?limit=2',
      '/v1/customers/CU1/invoices?limit=2&starting_after=IV4',
    ]);
  });

  it('should retry a GET whose answer was cut off while its body arrived', async () => {
    const server = await scriptedServer(['cut-body', { status: 200, body: customer }]);
    close = server.close;

    expect(await server.billy.customers.retrieve('CU1')).toEqual(customer);
    expect(server.seen).toHaveLength(2);
  });

  it('should wait as long as a Retry-After given as an HTTP date asks', async () => {
    const at = new Date(Date.now() + 1_500).toUTCString();
    const limited = {
      status: 429,
      body: { error_class: 'RateLimitError', error_message: 'slow' },
      headers: { 'Retry-After': at },
    };
    const server = await scriptedServer([limited, { status: 200, body: customer }]);
    close = server.close;
    const started = Date.now();

    await server.billy.customers.retrieve('CU1');

    // The date has whole seconds: the wait is at least what is left of them.
    expect(Date.now() - started).toBeGreaterThanOrEqual(Date.parse(at) - started - 50);
  });

  it('should stop retrying when the call is aborted', async () => {
    const limited = {
      status: 429,
      body: { error_class: 'RateLimitError', error_message: 'slow' },
      headers: { 'Retry-After': '30' },
    };
    const server = await scriptedServer([limited, { status: 200, body: customer }]);
    close = server.close;
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('stopped by the caller')), 50);

    await expect(server.billy.customers.retrieve('CU1', { signal: abort.signal })).rejects.toThrow(
      'stopped by the caller',
    );
    expect(server.seen).toHaveLength(1);
  });

  it('should ask for no page beyond the items toArray wants', async () => {
    const page = { status: 200, body: { items: [{ guid: 'PL2' }, { guid: 'PL1' }], offset: 0, limit: 2 } };
    const server = await scriptedServer([page, page]);
    close = server.close;

    expect(await server.billy.plans.list({ limit: 2 }).toArray(2)).toEqual([{ guid: 'PL2' }, { guid: 'PL1' }]);
    expect(await server.billy.plans.list().toArray(0)).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it('should refuse a call without the GUID its path needs, before sending anything', async () => {
    const server = await scriptedServer([]);
    close = server.close;

    await expect(server.billy.customers.invoices(undefined as unknown as string)).rejects.toThrow(TypeError);
    await expect(server.billy.customers.retrieve('')).rejects.toThrow(TypeError);
    expect(server.seen).toHaveLength(0);
  });
});
