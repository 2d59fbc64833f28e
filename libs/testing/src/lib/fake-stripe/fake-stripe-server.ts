import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeStripeApi, FakeStripeParams } from './fake-stripe-api';
import { FakeResponse, stripeError } from './fake-stripe-responses';

export interface FakeStripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: FakeStripeParams;
}

/** Where the fake listens, as the Stripe SDK's `host`, `port` and `protocol` options and as one URL. */
export interface FakeStripeAddress {
  host: string;
  port: number;
  protocol: 'http';
  /** For BILLY_STRIPE_API_URL. */
  url: string;
}

interface SavedResult {
  /** Method, path and body: a key may be replayed only for the same request. */
  request: string;
  response: FakeResponse;
}

/**
 * A local stand-in for api.stripe.com that speaks just enough of the v1 API for StripeProcessor:
 * bearer auth, form bodies, and Stripe's idempotency. The result of a POST that started running is
 * saved under its Idempotency-Key, 500s included, and replayed for that key without running again;
 * a 429 (refused before running) is not saved. The key reused with other parameters is a 400, and
 * sent again while its first request still runs a 409.
 */
export class FakeStripeServer {
  readonly api = new FakeStripeApi();
  readonly requests: FakeStripeRequest[] = [];
  /** How long each request runs before it is answered: lets a client time out, or a retry overlap it. */
  latencyMs = 0;
  private readonly saved = new Map<string, SavedResult>();
  private readonly running = new Set<string>();
  private readonly server: Server = createServer((req, res) => {
    void this.handle(req).then((response) => {
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      res.end(JSON.stringify(response.body));
    });
  });

  constructor(private readonly apiKey: string) {}

  async start(): Promise<FakeStripeAddress> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return { host: '127.0.0.1', port, protocol: 'http', url: `http://127.0.0.1:${port}` };
  }

  async stop(): Promise<void> {
    // The SDK keeps sockets alive; drop them or close() would wait for them.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: IncomingMessage): Promise<FakeResponse> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(method === 'GET' ? url.search : body));
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method, path: url.pathname, idempotencyKey, params });

    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    }
    const run = () => this.run(method, url.pathname, params);
    return idempotencyKey && method === 'POST'
      ? this.runOnce(idempotencyKey, `${method} ${url.pathname} ${body}`, run)
      : run();
  }

  private async run(method: string, path: string, params: FakeStripeParams): Promise<FakeResponse> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    return this.api.route(method, path, params);
  }

  private async runOnce(key: string, request: string, run: () => Promise<FakeResponse>): Promise<FakeResponse> {
    const saved = this.saved.get(key);
    if (saved && saved.request !== request) {
      return stripeError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with: '${key}'`,
      });
    }
    if (saved) return saved.response;
    if (this.running.has(key)) {
      return stripeError(409, {
        type: 'invalid_request_error',
        code: 'idempotency_key_in_use',
        message: `There is currently another in-progress request using this Idempotent Key: '${key}'`,
      });
    }
    this.running.add(key);
    try {
      const response = await run();
      if (response.status !== 429) this.saved.set(key, { request, response });
      return response;
    } finally {
      this.running.delete(key);
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
