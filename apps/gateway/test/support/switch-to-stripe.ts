import { CompanyProcessors } from '@billy/payment-processor';
import { ApiKeyLookup } from '../../src/http/auth/api-key-lookup';
import type { GatewayHarness, TestCompany } from './gateway-harness';

/**
 * Makes a registered company a Stripe company, as if it had been created with
 * `processor=stripe`, without asking Stripe to check its key. The rules that need
 * no network (the minimum amount, statement text) then apply to it. Create its
 * customers first: creating one asks the company's processor. A `sk_live_` key makes it a live company.
 */
export async function switchToStripe(
  gateway: GatewayHarness,
  company: TestCompany,
  secretKey = 'sk_test_billy_e2e',
): Promise<void> {
  const sealed = gateway.app.get(CompanyProcessors).seal(secretKey, 'processorKey', company.guid);
  await gateway.environment.query(
    `UPDATE companies SET processor = 'stripe', processor_key_sealed = $1 WHERE guid = $2`,
    [sealed, company.guid],
  );
  // The gateway keeps the companies of recent API keys for a few seconds.
  gateway.app.get(ApiKeyLookup).forget(company.guid);
}
