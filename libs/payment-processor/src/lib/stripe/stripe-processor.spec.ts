import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  FAKE_CONNECTED_ACCOUNTS,
  FAKE_PAYMENT_METHODS,
  FakeStripeObject,
  FakeStripeServer,
  pollUntil,
} from '@billy/testing';
import type { MoneyMovement } from '../payment-processor';
import { StripeProcessor, StripeProcessorOptions } from './stripe-processor';

const SECRET_KEY = 'sk_test_billy';
const WEBHOOK_SECRET = 'whsec_test_billy';

const movement = (overrides: Partial<MoneyMovement> = {}): MoneyMovement => ({
  type: 'debit',
  idempotencyKey: 'TX1-1',
  transactionGuid: 'TX1',
  invoiceGuid: 'IV1',
  amount: 1500,
  currency: 'usd',
  customerUri: 'cus_existing',
  fundingInstrumentUri: FAKE_PAYMENT_METHODS.succeeds,
  appearsOnStatementAs: null,
  referenceUri: null,
  ...overrides,
});

const creditOf = (overrides: Partial<MoneyMovement> = {}) =>
  movement({ type: 'credit', fundingInstrumentUri: FAKE_CONNECTED_ACCOUNTS.succeeds, ...overrides });

const refundOf = (debitUri: string | null, overrides: Partial<MoneyMovement> = {}) =>
  movement({
    type: 'refund',
    idempotencyKey: 'TX2-1',
    transactionGuid: 'TX2',
    fundingInstrumentUri: null,
    referenceUri: debitUri,
    amount: 500,
    ...overrides,
  });

/** What a call whose outcome is unknown raises: retry with the same key, or look the movement up. */
const UNAVAILABLE = { errorClass: 'ProcessorUnavailable', kind: 'transient' };

describe('StripeProcessor', () => {
  let fake: FakeStripeServer;
  let endpoint: StripeProcessorOptions;
  let processor: StripeProcessor;

  const processorWith = (key: string, options: StripeProcessorOptions = {}) =>
    new StripeProcessor(key, { ...endpoint, maxNetworkRetries: 0, webhookSecret: WEBHOOK_SECRET, ...options });

  beforeEach(async () => {
    fake = new FakeStripeServer(SECRET_KEY);
    endpoint = await fake.start();
    processor = processorWith(SECRET_KEY);
  });

  afterEach(() => fake.stop());

  describe('validateKey', () => {
    it('should accept the key when Stripe authenticates it', async () => {
      await expect(processor.validateKey()).resolves.toBeUndefined();
      expect(fake.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/balance' })]);
    });

    it('should reject the key as InvalidProcessorKey when Stripe answers 401', async () => {
      await expect(processorWith('sk_test_wrong').validateKey()).rejects.toMatchObject({
        errorClass: 'InvalidProcessorKey',
        kind: 'invalid',
      });
    });

    it('should reject the key as InvalidProcessorKey when it is empty', async () => {
      // The constructor throws; as a rejection, the error's fields can be matched.
      await expect(Promise.resolve(' ').then(processorWith)).rejects.toMatchObject({
        errorClass: 'InvalidProcessorKey',
        kind: 'invalid',
      });
    });
  });

  it.each([
    ['sk_live_abc', true],
    ['rk_live_abc', true],
    ['sk_test_abc', false],
    ['rk_test_abc', false],
    ['xsk_live_abc', false],
  ])('should tell live mode from test mode when the key is %s', (key, live) => {
    expect(processorWith(key).live).toBe(live);
  });

  describe('customers', () => {
    it('should create a Stripe customer tagged with the Billy guid when a customer is created', async () => {
      const uri = await processor.createCustomer('CU1');

      expect(fake.api.customers.get(uri)).toMatchObject({ metadata: { 'billy.customer_guid': 'CU1' } });
      expect(uri).toMatch(/^cus_/);
    });

    it('should accept the customer when Stripe has it', async () => {
      const uri = await processor.createCustomer('CU1');

      await expect(processor.validateCustomer(uri)).resolves.toBeUndefined();
    });

    it.each([
      ['Stripe does not know it', () => undefined],
      [
        'Stripe deleted it',
        () => fake.api.customers.set('cus_gone', { id: 'cus_gone', object: 'customer', deleted: true }),
      ],
    ])('should reject the customer as InvalidCustomer when %s', async (_case, arrange) => {
      arrange();

      await expect(processor.validateCustomer('cus_gone')).rejects.toMatchObject({
        errorClass: 'InvalidCustomer',
        kind: 'invalid',
      });
    });
  });

  describe('validateFundingInstrument', () => {
    it.each([
      ['a payment method', FAKE_PAYMENT_METHODS.succeeds, '/v1/payment_methods/pm_card_visa'],
      ['a connected account', FAKE_CONNECTED_ACCOUNTS.succeeds, `/v1/accounts/${FAKE_CONNECTED_ACCOUNTS.succeeds}`],
    ])('should accept the instrument when it is %s Stripe knows', async (_case, uri, path) => {
      await expect(processor.validateFundingInstrument(uri)).resolves.toBeUndefined();
      expect(fake.requests.map((request) => request.path)).toEqual([path]);
    });

    it.each(['pm_unknown', 'acct_unknown', ''])('should reject %p as InvalidFundingInstrument', async (uri) => {
      await expect(processor.validateFundingInstrument(uri)).rejects.toMatchObject({
        errorClass: 'InvalidFundingInstrument',
        kind: 'invalid',
      });
    });
  });

  describe('debit', () => {
    it('should confirm an off-session PaymentIntent with the idempotency key when debiting', async () => {
      const result = await processor.debit(movement({ appearsOnStatementAs: 'BILLY' }));

      expect(result.status).toBe('succeeded');
      expect(result.processorUri).toMatch(/^pi_/);
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: '/v1/payment_intents',
        idempotencyKey: 'TX1-1',
        params: {
          amount: '1500',
          currency: 'usd',
          customer: 'cus_existing',
          payment_method: FAKE_PAYMENT_METHODS.succeeds,
          confirm: 'true',
          off_session: 'true',
          description: 'Generated by Billy from invoice IV1',
          'metadata[billy.transaction_guid]': 'TX1',
          statement_descriptor_suffix: 'BILLY',
        },
      });
    });

    it('should charge in the movement’s currency when it is not usd', async () => {
      await processor.debit(movement({ amount: 5000, currency: 'jpy' }));

      expect(fake.requests[0].params).toMatchObject({ amount: '5000', currency: 'jpy' });
    });

    it('should leave out the statement descriptor when the movement has none', async () => {
      await processor.debit(movement());

      expect(fake.requests[0].params).not.toHaveProperty('statement_descriptor_suffix');
    });

    it('should return the first PaymentIntent and create no second one when the idempotency key is replayed', async () => {
      const first = await processor.debit(movement());

      const replay = await processor.debit(movement());

      expect(replay).toEqual(first);
      expect(fake.api.paymentIntents.size).toBe(1);
    });

    it('should report the debit as pending when the PaymentIntent is processing', async () => {
      const result = await processor.debit(movement({ fundingInstrumentUri: FAKE_PAYMENT_METHODS.processing }));

      expect(result.status).toBe('pending');
    });

    it('should raise a decline with the decline code when Stripe answers with a card error', async () => {
      await expect(
        processor.debit(movement({ fundingInstrumentUri: FAKE_PAYMENT_METHODS.declined })),
      ).rejects.toMatchObject({
        errorClass: 'CardDeclined',
        kind: 'declined',
        code: 'insufficient_funds',
      });
    });

    it('should raise a transient error with Retry-After when Stripe rate-limits the call', async () => {
      await expect(
        processor.debit(movement({ fundingInstrumentUri: FAKE_PAYMENT_METHODS.rateLimited })),
      ).rejects.toMatchObject({
        kind: 'transient',
        code: 'rate_limit',
        retryAfterMs: 2000,
      });
    });

    it('should raise a transient error when Stripe answers 500', async () => {
      await expect(
        processor.debit(movement({ fundingInstrumentUri: FAKE_PAYMENT_METHODS.serverError })),
      ).rejects.toMatchObject({
        errorClass: 'ProcessorUnavailable',
        kind: 'transient',
      });
    });

    it('should raise a transient error when Stripe cannot be reached', async () => {
      const unreachable = processorWith(SECRET_KEY, { port: await closedPort() });

      await expect(unreachable.debit(movement())).rejects.toMatchObject({
        errorClass: 'ProcessorUnavailable',
        kind: 'transient',
      });
    });

    it('should raise an invalid-request error when Stripe rejects the parameters', async () => {
      await expect(processor.debit(movement({ fundingInstrumentUri: 'pm_unknown' }))).rejects.toMatchObject({
        errorClass: 'InvalidProcessorRequest',
        kind: 'invalid',
      });
    });

    it('should reject the debit without calling Stripe when there is no funding instrument', async () => {
      await expect(processor.debit(movement({ fundingInstrumentUri: null }))).rejects.toMatchObject({
        errorClass: 'InvalidFundingInstrument',
      });
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('credit', () => {
    it('should transfer to the connected account in a group named by the idempotency key when crediting', async () => {
      const result = await processor.credit(creditOf());

      expect(result.status).toBe('succeeded');
      expect(result.processorUri).toMatch(/^tr_/);
      expect(fake.requests[0]).toMatchObject({
        path: '/v1/transfers',
        idempotencyKey: 'TX1-1',
        params: {
          destination: FAKE_CONNECTED_ACCOUNTS.succeeds,
          amount: '1500',
          transfer_group: 'TX1-1',
          'metadata[billy.transaction_guid]': 'TX1',
        },
      });
    });
  });

  describe('refund', () => {
    it('should refund the debit PaymentIntent with the idempotency key when refunding', async () => {
      const debit = await processor.debit(movement());

      const result = await processor.refund(refundOf(debit.processorUri));

      expect(result.status).toBe('succeeded');
      expect(result.processorUri).toMatch(/^re_/);
      expect(fake.requests[1]).toMatchObject({
        path: '/v1/refunds',
        idempotencyKey: 'TX2-1',
        params: { payment_intent: debit.processorUri, amount: '500' },
      });
    });

    it('should reject the refund without calling Stripe when it references no debit', async () => {
      await expect(processor.refund(refundOf(null))).rejects.toMatchObject({
        kind: 'invalid',
      });
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('idempotency', () => {
    it('should refuse the call as our bug when the key is sent again with other parameters', async () => {
      await processor.debit(movement());

      await expect(processor.debit(movement({ amount: 1600 }))).rejects.toMatchObject({
        errorClass: 'IdempotencyKeyReused',
        kind: 'invalid',
      });
      expect(fake.api.paymentIntents.size).toBe(1);
    });

    it('should fail transiently when the key is sent again while Stripe still runs its first call', async () => {
      fake.latencyMs = 200;
      const first = processor.debit(movement());
      await pollUntil(
        () => fake.requests.length,
        (sent) => sent === 1,
        { intervalMs: 5 },
      );

      await expect(processor.debit(movement())).rejects.toMatchObject({
        ...UNAVAILABLE,
        code: 'idempotency_key_in_use',
      });
      await expect(first).resolves.toMatchObject({ status: 'succeeded' });
      expect(fake.api.paymentIntents.size).toBe(1);
    });

    it('should fail transiently when Stripe answers too late, and replay what Stripe did when retried', async () => {
      fake.latencyMs = 300;
      const impatient = processorWith(SECRET_KEY, { timeoutMs: 50 });

      await expect(impatient.debit(movement())).rejects.toMatchObject(UNAVAILABLE);
      const [intent] = await pollUntil(
        () => [...fake.api.paymentIntents.values()],
        (intents) => intents.length === 1,
        { intervalMs: 10 },
      );
      fake.latencyMs = 0;

      await expect(impatient.debit(movement())).resolves.toEqual({ processorUri: intent.id, status: 'succeeded' });
      expect(fake.api.paymentIntents.size).toBe(1);
    });
  });

  // Stripe made the movement, then answered 500 and saved that answer under the key.
  describe('when the answer is lost', () => {
    const lostDebit = movement({ fundingInstrumentUri: FAKE_PAYMENT_METHODS.lost });
    const lostCases: [string, () => Promise<MoneyMovement>, () => Map<string, FakeStripeObject>][] = [
      ['debit', () => Promise.resolve(lostDebit), () => fake.api.paymentIntents],
      [
        'credit',
        () => Promise.resolve(creditOf({ fundingInstrumentUri: FAKE_CONNECTED_ACCOUNTS.lost })),
        () => fake.api.transfers,
      ],
      [
        'refund',
        async () => {
          await expect(processor.debit(lostDebit)).rejects.toMatchObject(UNAVAILABLE);
          const [intentId] = fake.api.paymentIntents.keys();
          return refundOf(intentId);
        },
        () => fake.api.refunds,
      ],
    ];

    it.each(lostCases)(
      'should fail transiently, again when retried with the key, and find the movement when a %s is lost',
      async (_type, arrange, made) => {
        const lost = await arrange();

        await expect(processor[lost.type](lost)).rejects.toMatchObject(UNAVAILABLE);
        await expect(processor[lost.type](lost)).rejects.toMatchObject(UNAVAILABLE);

        const [object, ...others] = made().values();
        expect(others).toEqual([]);
        await expect(processor.findMovement(lost)).resolves.toEqual({ processorUri: object.id, status: 'succeeded' });
      },
    );
  });

  describe('findMovement', () => {
    it('should find the PaymentIntent by idempotency key when the debit went through', async () => {
      const debit = await processor.debit(movement());

      await expect(processor.findMovement(movement())).resolves.toEqual(debit);
    });

    it('should not find the debit until Stripe has indexed it for search', async () => {
      fake.api.searchLagMs = 60_000;
      const debit = await processor.debit(movement());

      await expect(processor.findMovement(movement())).resolves.toBeNull();
      fake.api.searchLagMs = 0;
      await expect(processor.findMovement(movement())).resolves.toEqual(debit);
    });

    it('should find the transfer by its group when the credit went through', async () => {
      const credit = await processor.credit(creditOf());

      await expect(processor.findMovement(creditOf())).resolves.toEqual(credit);
      expect(fake.requests[1]).toMatchObject({
        method: 'GET',
        path: '/v1/transfers',
        params: { transfer_group: 'TX1-1' },
      });
    });

    it('should find the refund that carries the key among the refunds of its debit', async () => {
      const debit = await processor.debit(movement());
      const refund = await processor.refund(refundOf(debit.processorUri));
      await processor.refund(refundOf(debit.processorUri, { idempotencyKey: 'TX4-1', transactionGuid: 'TX4' }));

      await expect(processor.findMovement(refundOf(debit.processorUri))).resolves.toEqual(refund);
    });

    it('should read the next pages when the debit has more refunds than one page holds', async () => {
      const debit = await processor.debit(movement());
      const refund = await processor.refund(refundOf(debit.processorUri));
      for (let n = 0; n < 100; n += 1) {
        const id = `re_newer${n}`;
        const metadata = { 'billy.idempotency_key': `TX-newer-${n}` };
        fake.api.refunds.set(id, {
          id,
          object: 'refund',
          payment_intent: debit.processorUri,
          status: 'succeeded',
          metadata,
        });
      }

      await expect(processor.findMovement(refundOf(debit.processorUri))).resolves.toEqual(refund);
      expect(
        fake.requests.filter((request) => request.method === 'GET' && request.path === '/v1/refunds'),
      ).toHaveLength(2);
    });

    describe('when nothing carries the key', () => {
      let debitUri: string;

      // One movement of each type under other keys, so that there is something not to find.
      beforeEach(async () => {
        debitUri = (await processor.debit(movement())).processorUri;
        await processor.credit(creditOf({ idempotencyKey: 'TX3-1', transactionGuid: 'TX3' }));
        await processor.refund(refundOf(debitUri));
      });

      it.each([
        ['debit', () => movement({ idempotencyKey: 'TX9-1' })],
        ['credit', () => creditOf({ idempotencyKey: 'TX9-1' })],
        ['refund', () => refundOf(debitUri, { idempotencyKey: 'TX9-1' })],
      ])('should return null for a %s', async (_type, lookedUp) => {
        await expect(processor.findMovement(lookedUp())).resolves.toBeNull();
      });

      it('should return null without asking Stripe for a refund of no debit', async () => {
        const sent = fake.requests.length;

        await expect(processor.findMovement(refundOf(null))).resolves.toBeNull();
        expect(fake.requests).toHaveLength(sent);
      });
    });
  });

  describe('parseCallback', () => {
    const event = (type: string, object: Record<string, unknown>) =>
      JSON.stringify({ id: 'evt_1', object: 'event', type, created: 1767225600, data: { object } });
    const signed = (rawBody: string, secret = WEBHOOK_SECRET) => ({
      rawBody,
      headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret }) },
    });
    const paymentIntent = { id: 'pi_1', object: 'payment_intent', metadata: { 'billy.transaction_guid': 'TX1' } };

    it.each([
      ['payment_intent.succeeded', paymentIntent, 'succeeded'],
      ['payment_intent.processing', paymentIntent, 'pending'],
      ['payment_intent.payment_failed', paymentIntent, 'failed'],
      ['refund.updated', { ...paymentIntent, object: 'refund', status: 'failed' }, 'failed'],
    ])('should map %s to a %s event when the signature is valid', async (type, object, status) => {
      await expect(processor.parseCallback(signed(event(type, object)))).resolves.toEqual({
        eventId: 'evt_1',
        transactionGuid: 'TX1',
        status,
        occurredAt: new Date('2026-01-01T00:00:00Z'),
      });
    });

    it.each([
      ['the event type is unrelated', event('customer.created', { id: 'cus_1', metadata: {} })],
      ['the object carries no Billy transaction', event('payment_intent.succeeded', { id: 'pi_1', metadata: {} })],
    ])('should return null when %s', async (_case, rawBody) => {
      await expect(processor.parseCallback(signed(rawBody))).resolves.toBeNull();
    });

    it.each([
      [
        'the body was altered after signing',
        { ...signed(event('payment_intent.succeeded', paymentIntent)), rawBody: '{}' },
      ],
      ['it is signed with another secret', signed(event('payment_intent.succeeded', paymentIntent), 'whsec_other')],
      ['the signature header is missing', { rawBody: event('payment_intent.succeeded', paymentIntent), headers: {} }],
    ])('should reject the callback as InvalidCallbackPayload when %s', async (_case, request) => {
      await expect(processor.parseCallback(request)).rejects.toMatchObject({ errorClass: 'InvalidCallbackPayload' });
    });

    it('should reject every callback as InvalidCallbackPayload when no webhook secret is configured', async () => {
      const withoutSecret = processorWith(SECRET_KEY, { webhookSecret: undefined });

      await expect(
        withoutSecret.parseCallback(signed(event('payment_intent.succeeded', paymentIntent))),
      ).rejects.toMatchObject({
        errorClass: 'InvalidCallbackPayload',
      });
    });
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
