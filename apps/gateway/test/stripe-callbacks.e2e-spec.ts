import Stripe from 'stripe';
import { FAKE_PAYMENT_METHODS } from '@billy/testing';
import type { CompanyJson, ErrorJson, TransactionJson } from './support/api-json';
import { errorBody } from './support/billing-fixtures';
import { registerStripeCompany, useFakeStripe } from './support/fake-stripe';
import type { TestCompany } from './support/gateway-harness';
import { useGateway } from './support/use-gateway';

const WEBHOOK_SECRET = 'whsec_billy_e2e';

describe('Stripe callbacks (e2e)', () => {
  const { env } = useFakeStripe();
  const t = useGateway('stripe-callbacks', { env });
  let eventSeq = 0;

  /** A company on the fake Stripe, with a callback key we know (the API never reveals it). */
  const stripeCompany = async (webhookSecret?: string): Promise<TestCompany> => {
    const company = await registerStripeCompany(t.api, { webhookSecret });
    await t.api.setCallbackKey(company, callbackKeyOf(company.guid));
    return company;
  };
  const callbackKeyOf = (companyGuid: string) => `callback-key-of-${companyGuid}`;

  /** The worker does not run here: the debit stays staged, which is enough for a callback to apply to it. */
  const stagedDebit = async (company: TestCompany): Promise<TransactionJson> => {
    const customer = await t.api.customer(company);
    const invoice = await t.api.invoice(company, {
      customer_guid: customer.guid,
      amount: 1200,
      funding_instrument_uri: FAKE_PAYMENT_METHODS.succeeds,
    });
    const [debit] = await t.api.transactionsOf(company, invoice.guid);
    return debit;
  };

  /** A `payment_intent.succeeded` event about the transaction, its Stripe-Signature made with `secret`. */
  const signedEvent = (transactionGuid: string, secret = WEBHOOK_SECRET) => {
    const intent = { id: 'pi_e2e', object: 'payment_intent', status: 'succeeded' };
    const payload = JSON.stringify({
      id: `evt_e2e_${(eventSeq += 1)}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1767225600,
      data: { object: { ...intent, metadata: { 'billy.transaction_guid': transactionGuid } } },
    });
    return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
  };

  const postCallback = (company: TestCompany, event: { payload: string; signature: string }) =>
    t.gateway
      .http()
      .post(`/v1/companies/${company.guid}/callbacks/${callbackKeyOf(company.guid)}/`)
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', event.signature)
      .send(event.payload);

  const transactionStatus = async (company: TestCompany, guid: string) =>
    (await t.api.get<TransactionJson>(`/v1/transactions/${guid}`, company.auth)).body.status;
  const eventsOf = (transactionGuid: string) =>
    t.gateway.environment.query<{ processor_event_id: string; status: string }>(
      'SELECT processor_event_id, status FROM transaction_events WHERE transaction_guid = $1',
      [transactionGuid],
    );

  it("should record the event when Stripe signs it with the company's webhook secret", async () => {
    const company = await stripeCompany(WEBHOOK_SECRET);
    const debit = await stagedDebit(company);
    const event = signedEvent(debit.guid);

    const response = await postCallback(company, event);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 'ok' });
    expect(await transactionStatus(company, debit.guid)).toBe('succeeded');
    expect(await eventsOf(debit.guid)).toEqual([
      { processor_event_id: (JSON.parse(event.payload) as { id: string }).id, status: 'succeeded' },
    ]);
  });

  it('should answer 400 InvalidCallbackPayload and record nothing when the event is signed with another secret', async () => {
    const company = await stripeCompany(WEBHOOK_SECRET);
    const debit = await stagedDebit(company);

    const response = await postCallback(company, signedEvent(debit.guid, 'whsec_someone_else'));

    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('InvalidCallbackPayload'));
    expect(await transactionStatus(company, debit.guid)).toBe(debit.status);
    expect(await eventsOf(debit.guid)).toEqual([]);
  });

  it('should refuse every callback until the company sets its webhook secret, then take the next one', async () => {
    const company = await stripeCompany();
    const debit = await stagedDebit(company);

    const refused = await postCallback(company, signedEvent(debit.guid));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(errorBody('InvalidCallbackPayload'));
    expect(await eventsOf(debit.guid)).toEqual([]);

    const put = await t.api.put<CompanyJson>(`/v1/companies/${company.guid}`, company.auth, {
      processor_webhook_secret: WEBHOOK_SECRET,
    });
    expect(put.status).toBe(200);

    const accepted = await postCallback(company, signedEvent(debit.guid));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ code: 'ok' });
    expect(await transactionStatus(company, debit.guid)).toBe('succeeded');
  });

  it('should refuse a new processor key that Stripe does not accept, and keep the old one', async () => {
    const company = await stripeCompany(WEBHOOK_SECRET);
    const keyOf = async () =>
      (
        await t.gateway.environment.query<{ sealed: string }>(
          'SELECT processor_key_sealed AS sealed FROM companies WHERE guid = $1',
          [company.guid],
        )
      )[0].sealed;
    const before = await keyOf();

    const response = await t.api.put<ErrorJson>(`/v1/companies/${company.guid}`, company.auth, {
      processor_key: 'sk_test_not_this_one',
    });

    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorBody('InvalidProcessorKey'));
    expect(await keyOf()).toBe(before);
  });
});
