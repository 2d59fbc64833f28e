import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeStripeApi, FormParams } from './fake-stripe-api';
import { FakeResponse, stripeError } from './fake-stripe-responses';

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: FormParams;
}

/**
 * A local stand-in for api.stripe.com that speaks just enough of the v1 API for StripeProcessor:
 * bearer auth, form bodies, and Stripe's idempotency (a repeated Idempotency-Key replays the
 * stored response and runs nothing again).
 */
export class FakeStripeServer {
  readonly api = new FakeStripeApi();
  readonly requests: RecordedRequest[] = [];
  private readonly replays = new Map<string, FakeResponse>();
  private readonly server: Server = createServer((req, res) => {
    void this.handle(req).then((response) => {
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      res.end(JSON.stringify(response.body));
    });
  });

  constructor(private readonly apiKey: string) {}

  async start(): Promise<{ host: string; port: number; protocol: 'http' }> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return { host: '127.0.0.1', port: (this.server.address() as AddressInfo).port, protocol: 'http' };
  }

  async stop(): Promise<void> {
    // The SDK keeps sockets alive; drop them or close() would wait for them.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: IncomingMessage): Promise<FakeResponse> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? url.search : body));
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey, params });

    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    }
    const replay = idempotencyKey && this.replays.get(idempotencyKey);
    if (replay) return replay;
    const response = this.api.route(req.method ?? 'GET', url.pathname, params);
    // Like Stripe, keep the outcome of a request that ran, but not of one refused before running.
    if (idempotencyKey && req.method === 'POST' && response.status !== 429 && response.status < 500) {
      this.replays.set(idempotencyKey, response);
    }
    return response;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
