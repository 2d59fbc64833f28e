import { FakeStripeServer } from '@billy/testing';
import type { IssuedCompanyJson } from './api-json';
import type { BillingApi } from './billing-fixtures';
import { basicAuth, TestCompany } from './gateway-harness';
import { okBody } from './json-response';

/** The secret key the fake Stripe accepts. */
export const FAKE_STRIPE_KEY = 'sk_test_billy_e2e';

/**
 * A local fake Stripe for the test file, listening before the gateway starts: call this
 * before `useGateway` and pass it `{ env }`, which carries BILLY_STRIPE_API_URL by then.
 * `fake.requests` is what the gateway (or a worker step) sent to Stripe.
 */
export function useFakeStripe(): { fake: FakeStripeServer; env: NodeJS.ProcessEnv } {
  const fake = new FakeStripeServer(FAKE_STRIPE_KEY);
  // Filled in before the gateway starts: useGateway reads it in its beforeAll, declared after this one.
  const env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    env.BILLY_STRIPE_API_URL = (await fake.start()).url;
  });
  afterAll(() => fake.stop());
  return { fake, env };
}

/** A company created through the API with `processor=stripe`, on the fake Stripe of `useFakeStripe`. */
export async function registerStripeCompany(
  api: BillingApi,
  options: { webhookSecret?: string } = {},
): Promise<TestCompany> {
  const body = { processor: 'stripe', processor_key: FAKE_STRIPE_KEY, processor_webhook_secret: options.webhookSecret };
  const created = await api.post<IssuedCompanyJson>('/v1/companies', undefined, body);
  const { guid, api_key } = okBody(created, 'POST /v1/companies');
  return { guid, apiKey: api_key, auth: basicAuth(api_key) };
}
