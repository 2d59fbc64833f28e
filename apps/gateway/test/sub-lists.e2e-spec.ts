import type { CustomerJson, InvoiceJson, PlanJson, SubscriptionJson, TransactionJson } from './support/api-json';
import { errorBody, guidsOf } from './support/billing-fixtures';
import { useGateway } from './support/use-gateway';

/**
 * The lists under a customer and under a plan (billy.md §2.8): what each holds,
 * in which order, and who may read it.
 */
describe('customer and plan sub-lists (e2e)', () => {
  const t = useGateway('sub_lists');
  // Customer "alice" on a clock at 2020, customer "bob" on a clock at 2015; created in that order.
  let alice: CustomerJson;
  let bob: CustomerJson;
  let plan: PlanJson;
  let otherPlan: PlanJson;
  let aliceOnPlan: SubscriptionJson;
  let bobOnPlan: SubscriptionJson;
  let aliceAgain: SubscriptionJson;
  let aliceOnOtherPlan: SubscriptionJson;
  let aliceInvoices: InvoiceJson[];

  const sub = <T = unknown>(path: string, query: Record<string, string | number> = {}, auth = t.company.auth) =>
    t.api.list<T>(path, auth, query);
  const invoicesOfSubscription = async (guid: string) =>
    (await sub<InvoiceJson>(`/v1/subscriptions/${guid}/invoices`)).body.items;

  beforeAll(async () => {
    const laterClock = await t.api.testClock(t.company, '2020-01-01T00:00:00Z');
    const earlierClock = await t.api.testClock(t.company, '2015-01-01T00:00:00Z');
    alice = await t.api.customer(t.company, { test_clock_guid: laterClock.guid });
    bob = await t.api.customer(t.company, { test_clock_guid: earlierClock.guid });
    plan = await t.api.plan(t.company, { amount: 1000 });
    otherPlan = await t.api.plan(t.company, { amount: 2000 });
    const subscribe = (customerGuid: string, planGuid: string) =>
      t.api.subscription(t.company, {
        customer_guid: customerGuid,
        plan_guid: planGuid,
        funding_instrument_uri: '/cards/ok',
      });
    aliceOnPlan = await subscribe(alice.guid, plan.guid);
    bobOnPlan = await subscribe(bob.guid, plan.guid);
    aliceAgain = await subscribe(alice.guid, plan.guid);
    aliceOnOtherPlan = await subscribe(alice.guid, otherPlan.guid);
    aliceInvoices = [];
    for (const amount of [300, 400]) {
      aliceInvoices.unshift(
        await t.api.invoice(t.company, {
          customer_guid: alice.guid,
          amount,
          funding_instrument_uri: '/cards/ok',
          external_id: `alice-${amount}`,
        }),
      );
    }
    // Noise that must never show up: another company's plan, customer, subscription and invoice.
    const foreignCustomer = await t.api.customer(t.other);
    const foreignPlan = await t.api.plan(t.other);
    await t.api.subscription(t.other, {
      customer_guid: foreignCustomer.guid,
      plan_guid: foreignPlan.guid,
      funding_instrument_uri: '/cards/ok',
    });
    await t.api.invoice(t.other, {
      customer_guid: foreignCustomer.guid,
      amount: 10,
      funding_instrument_uri: '/cards/ok',
    });
  }, 30_000);

  describe('under a customer', () => {
    it("should list the customer's subscriptions, newest first, when asked under the customer", async () => {
      const response = await sub<SubscriptionJson>(`/v1/customers/${alice.guid}/subscriptions`);
      expect(response.status).toBe(200);
      expect(guidsOf(response)).toEqual([aliceOnOtherPlan.guid, aliceAgain.guid, aliceOnPlan.guid]);
      expect(guidsOf(await sub<SubscriptionJson>(`/v1/customers/${bob.guid}/subscriptions`))).toEqual([bobOnPlan.guid]);
    });

    it('should list only customer invoices, not subscription invoices, when asked under the customer', async () => {
      const response = await sub<InvoiceJson>(`/v1/customers/${alice.guid}/invoices`);
      expect(guidsOf(response)).toEqual(aliceInvoices.map((invoice) => invoice.guid));
      expect(response.body.items.every((invoice) => invoice.invoice_type === 'customer')).toBe(true);
      expect((await sub(`/v1/customers/${bob.guid}/invoices`)).body.items).toEqual([]);
    });

    it("should filter the customer's invoices by external_id when one is given", async () => {
      const filtered = await sub<InvoiceJson>(`/v1/customers/${alice.guid}/invoices`, { external_id: 'alice-300' });
      expect(filtered.status).toBe(200);
      expect(guidsOf(filtered)).toEqual([aliceInvoices[1].guid]);
      expect(
        (await sub<InvoiceJson>(`/v1/customers/${alice.guid}/invoices`, { external_id: 'nobody' })).body.items,
      ).toEqual([]);
    });

    it('should list only the transactions of customer invoices, newest first, when asked under the customer', async () => {
      const response = await sub<TransactionJson>(`/v1/customers/${alice.guid}/transactions`);
      expect(response.body.items.map((tx) => tx.invoice_guid)).toEqual(aliceInvoices.map((invoice) => invoice.guid));
      expect((await sub(`/v1/customers/${bob.guid}/transactions`)).body.items).toEqual([]);
    });

    it('should page a sub-list when offset and limit are given', async () => {
      const page = await sub<SubscriptionJson>(`/v1/customers/${alice.guid}/subscriptions`, { offset: 1, limit: 1 });
      expect(page.body).toMatchObject({ offset: 1, limit: 1 });
      expect(guidsOf(page)).toEqual([aliceAgain.guid]);
    });
  });

  describe('under a plan', () => {
    it('should list a customer once per subscription, newest customer first, when asked under the plan', async () => {
      const response = await sub<CustomerJson>(`/v1/plans/${plan.guid}/customers`);
      expect(response.status).toBe(200);
      expect(guidsOf(response)).toEqual([bob.guid, alice.guid, alice.guid]);
      expect(response.body.items[0]).toMatchObject({ guid: bob.guid, company_guid: t.company.guid, deleted: false });
      expect(guidsOf(await sub<CustomerJson>(`/v1/plans/${otherPlan.guid}/customers`))).toEqual([alice.guid]);
      const page = await sub<CustomerJson>(`/v1/plans/${plan.guid}/customers`, { offset: 1, limit: 2 });
      expect(page.body).toMatchObject({ offset: 1, limit: 2 });
      expect(guidsOf(page)).toEqual([alice.guid, alice.guid]);
    });

    it("should list the plan's subscriptions, newest first, when asked under the plan", async () => {
      expect(guidsOf(await sub<SubscriptionJson>(`/v1/plans/${plan.guid}/subscriptions`))).toEqual([
        aliceAgain.guid,
        bobOnPlan.guid,
        aliceOnPlan.guid,
      ]);
    });

    it("should order the plan's invoices by scheduled_at, latest first, when creation order says otherwise", async () => {
      const response = await sub<InvoiceJson>(`/v1/plans/${plan.guid}/invoices`);
      const items = response.body.items;
      expect(items.map((invoice) => invoice.subscription_guid)).toEqual([
        aliceAgain.guid,
        aliceOnPlan.guid,
        bobOnPlan.guid,
      ]);
      expect(items.map((invoice) => invoice.scheduled_at)).toEqual([
        '2020-01-01T00:00:00+00:00',
        '2020-01-01T00:00:00+00:00',
        '2015-01-01T00:00:00+00:00',
      ]);
      // Same scheduled_at: the newer invoice comes first.
      expect(Date.parse(items[0].created_at)).toBeGreaterThanOrEqual(Date.parse(items[1].created_at));
    });

    it('should match no subscription invoice when plan or subscription invoices are filtered by external_id', async () => {
      for (const path of [`/v1/plans/${plan.guid}/invoices`, `/v1/subscriptions/${aliceOnPlan.guid}/invoices`]) {
        const response = await sub(path, { external_id: 'alice-300' });
        expect(response.status).toBe(200);
        expect(response.body.items).toEqual([]);
      }
    });

    it("should list the transactions of the plan's invoices, newest first, when asked under the plan", async () => {
      const invoiceGuids = [
        ...(await invoicesOfSubscription(aliceAgain.guid)),
        ...(await invoicesOfSubscription(bobOnPlan.guid)),
        ...(await invoicesOfSubscription(aliceOnPlan.guid)),
      ].map((invoice) => invoice.guid);
      const response = await sub<TransactionJson>(`/v1/plans/${plan.guid}/transactions`);
      expect(response.body.items.map((tx) => tx.invoice_guid)).toEqual(invoiceGuids);
    });

    it('should give empty lists when the plan has no subscription', async () => {
      const lonely = await t.api.plan(t.company);
      for (const list of ['customers', 'subscriptions', 'invoices', 'transactions']) {
        const response = await sub(`/v1/plans/${lonely.guid}/${list}`);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ items: [], offset: 0, limit: 20 });
      }
    });
  });

  describe('access', () => {
    const customerLists = ['subscriptions', 'invoices', 'transactions'];
    const planLists = ['customers', 'subscriptions', 'invoices', 'transactions'];

    it("should answer 403 with a JSON error when the customer or plan is another company's", async () => {
      for (const list of customerLists) {
        const response = await sub(`/v1/customers/${alice.guid}/${list}`, {}, t.other.auth);
        expect(response.status).toBe(403);
        expect(response.body).toEqual(errorBody('PermissionDenied'));
      }
      for (const list of planLists) {
        const response = await sub(`/v1/plans/${plan.guid}/${list}`, {}, t.other.auth);
        expect(response.status).toBe(403);
        expect(response.body).toEqual(errorBody('PermissionDenied'));
      }
    });

    it('should answer 404 when the GUID is unknown or of another kind', async () => {
      for (const list of customerLists) {
        for (const guid of ['CUnothing', plan.guid]) {
          const response = await sub(`/v1/customers/${guid}/${list}`);
          expect(response.status).toBe(404);
          expect(response.body).toEqual(errorBody('NotFound'));
        }
      }
      for (const list of planLists) {
        for (const guid of ['PLnothing', alice.guid]) {
          expect((await sub(`/v1/plans/${guid}/${list}`)).status).toBe(404);
        }
      }
    });

    it('should answer 401 when no valid key is given, whether or not the GUID exists', async () => {
      for (const path of [
        ...customerLists.map((list) => `/v1/customers/${alice.guid}/${list}`),
        ...planLists.map((list) => `/v1/plans/${plan.guid}/${list}`),
        '/v1/customers/CUnothing/invoices',
      ]) {
        for (const auth of [undefined, 'Basic bm9wZTo=']) {
          const response = await t.api.get(path, auth);
          expect(response.status).toBe(401);
          expect(response.body).toEqual(errorBody('AuthenticationError'));
        }
      }
    });

    it('should answer 400 when offset or limit is not a non-negative integer', async () => {
      for (const path of [
        ...customerLists.map((list) => `/v1/customers/${alice.guid}/${list}`),
        ...planLists.map((list) => `/v1/plans/${plan.guid}/${list}`),
      ]) {
        for (const query of [{ offset: '-1' }, { limit: 'x' }, { limit: '1.5' }] as Record<string, string>[]) {
          const response = await sub(path, query);
          expect(response.status).toBe(400);
          expect(response.body).toEqual(errorBody('ValidationError'));
        }
      }
    });
  });
});
