import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BillyConfig } from '@billy/config';
import { createGateway } from '../../src/create-gateway';
import { basicAuth, type TestCompany } from './gateway-harness';

export interface FetchedJson<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A gateway listening on a port of 127.0.0.1, reached over real connections: for tests that send many requests
 * at once or depend on the peer's address. Several may share one test environment, as gateway processes share Redis.
 */
export class ListeningGateway {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly baseUrl: string,
  ) {}

  static async start(config: BillyConfig): Promise<ListeningGateway> {
    const app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new ListeningGateway(app, `http://127.0.0.1:${port}`);
  }

  async send<T = unknown>(
    method: string,
    path: string,
    { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<FetchedJson<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
    return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : text) as T };
  }

  /** POST /v1/companies with a dummy processor key. */
  signUp(headers: Record<string, string> = {}, body: Record<string, unknown> = {}) {
    return this.send<{ guid: string; api_key: string }>('POST', '/v1/companies', {
      headers,
      body: { processor_key: 'dummy-key', ...body },
    });
  }

  async registerCompany(): Promise<TestCompany> {
    const { status, body } = await this.signUp();
    if (status !== 200) throw new Error(`POST /v1/companies failed: ${status} ${JSON.stringify(body)}`);
    return { guid: body.guid, apiKey: body.api_key, auth: basicAuth(body.api_key) };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
