import { BillingApi } from './billing-fixtures';
import { GatewayHarness, TestCompany } from './gateway-harness';

/** What a test file works with. `useGateway` fills it in before the file's tests: read it in hooks and tests only. */
export interface GatewayFixture {
  gateway: GatewayHarness;
  api: BillingApi;
  /** The company under test. */
  company: TestCompany;
  /** Another company, for the checks across companies. */
  other: TestCompany;
}

/** Gives the test file a gateway on a database of its own, with two companies, and stops it after the file. */
export function useGateway(label: string, options: { env?: NodeJS.ProcessEnv } = {}): GatewayFixture {
  const fixture = {} as GatewayFixture;
  beforeAll(async () => {
    const gateway = await GatewayHarness.start(label, options.env);
    const company = await gateway.registerCompany();
    const other = await gateway.registerCompany();
    Object.assign(fixture, { gateway, api: new BillingApi(gateway), company, other });
  }, 30_000);
  afterAll(() => fixture.gateway.stop());
  return fixture;
}
