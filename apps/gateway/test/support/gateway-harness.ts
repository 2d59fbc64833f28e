import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestEnvironment, TestEnvironment } from '@billy/testing';
import { createGateway } from '../../src/create-gateway';
import type { IssuedCompanyJson } from './api-json';
import { asJson, okBody } from './json-response';

export interface TestCompany {
  guid: string;
  apiKey: string;
  /** The Authorization header value for this company. */
  auth: string;
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

/** A gateway on a database of its own, with helpers to register companies. */
export class GatewayHarness {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly environment: TestEnvironment,
  ) {}

  static async start(label: string, env: NodeJS.ProcessEnv = {}): Promise<GatewayHarness> {
    const environment = await createTestEnvironment(label, env);
    const app = await createGateway(environment.config);
    return new GatewayHarness(app, environment);
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async registerCompany(): Promise<TestCompany> {
    const response = await this.http().post('/v1/companies').type('form').send({ processor_key: 'dummy-key' });
    const { guid, api_key } = okBody(asJson<IssuedCompanyJson>(response), 'POST /v1/companies');
    return { guid, apiKey: api_key, auth: basicAuth(api_key) };
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.environment.cleanup();
  }
}
