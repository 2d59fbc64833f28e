import { FakeResponse, missing, ok, stripeError } from './fake-stripe-responses';

export type FormParams = Record<string, string>;
type StripeObject = Record<string, unknown> & { id: string };

/** Payment methods whose id makes the fake answer a given way. */
export const FAKE_PAYMENT_METHODS = {
  succeeds: 'pm_card_visa',
  declined: 'pm_card_chargeDeclined',
  processing: 'pm_processing',
  rateLimited: 'pm_rate_limited',
  serverError: 'pm_server_error',
} as const;

export const FAKE_CONNECTED_ACCOUNT = 'acct_fake_connected';

/** The state and endpoints of the fake Stripe; only what StripeProcessor calls. */
export class FakeStripeApi {
  readonly customers = new Map<string, StripeObject>();
  readonly paymentIntents = new Map<string, StripeObject>();
  readonly transfers = new Map<string, StripeObject>();
  readonly refunds = new Map<string, StripeObject>();
  private nextId = 1;

  route(method: string, path: string, params: FormParams): FakeResponse {
    const [, , resource, id] = path.split('/');
    const route = `${method} ${resource}${id === 'search' ? '/search' : id ? '/:id' : ''}`;
    switch (route) {
      case 'GET balance':
        return ok({ object: 'balance', available: [], pending: [] });
      case 'POST customers':
        return ok(this.store(this.customers, 'cus', { object: 'customer', metadata: metadataOf(params) }));
      case 'GET customers/:id':
        return this.customers.has(id) ? ok(this.customers.get(id)) : missing('customer', id);
      case 'GET payment_methods/:id':
        return isKnownPaymentMethod(id)
          ? ok({ id, object: 'payment_method', type: 'card' })
          : missing('PaymentMethod', id);
      case 'GET accounts/:id':
        return id === FAKE_CONNECTED_ACCOUNT ? ok({ id, object: 'account' }) : missing('account', id);
      case 'POST payment_intents':
        return this.createPaymentIntent(params);
      case 'GET payment_intents/search':
        return this.searchPaymentIntents(params);
      case 'POST transfers':
        return params.destination === FAKE_CONNECTED_ACCOUNT
          ? ok(this.store(this.transfers, 'tr', { object: 'transfer', ...echoFields(params), reversed: false }))
          : stripeError(400, { type: 'invalid_request_error', message: 'No such destination' });
      case 'POST refunds':
        return this.paymentIntents.has(params.payment_intent)
          ? ok(this.store(this.refunds, 're', { object: 'refund', ...echoFields(params), status: 'succeeded' }))
          : missing('payment_intent', params.payment_intent);
      default:
        return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${route})` });
    }
  }

  private createPaymentIntent(params: FormParams): FakeResponse {
    if (!isKnownPaymentMethod(params.payment_method)) return missing('PaymentMethod', params.payment_method);
    switch (params.payment_method) {
      case FAKE_PAYMENT_METHODS.declined:
        return stripeError(402, {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        });
      case FAKE_PAYMENT_METHODS.rateLimited:
        return stripeError(
          429,
          { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' },
          {
            'retry-after': '2',
          },
        );
      case FAKE_PAYMENT_METHODS.serverError:
        return stripeError(500, { type: 'api_error', message: 'Something went wrong on our end' });
    }
    const status = params.payment_method === FAKE_PAYMENT_METHODS.processing ? 'processing' : 'succeeded';
    return ok(this.store(this.paymentIntents, 'pi', { object: 'payment_intent', ...echoFields(params), status }));
  }

  /** Understands only `metadata['key']:'value'`, the one query StripeProcessor sends. */
  private searchPaymentIntents(params: FormParams): FakeResponse {
    const [, key, value] = /^metadata\['(.+)'\]:'(.*)'$/.exec(params.query) ?? [];
    const data = [...this.paymentIntents.values()].filter((intent) => (intent.metadata as FormParams)[key] === value);
    return ok({ object: 'search_result', data, has_more: false, next_page: null, url: '/v1/payment_intents/search' });
  }

  private store(objects: Map<string, StripeObject>, prefix: string, fields: Record<string, unknown>): StripeObject {
    const object = { id: `${prefix}_fake${this.nextId++}`, created: Math.floor(Date.now() / 1000), ...fields };
    objects.set(object.id, object);
    return object;
  }
}

function isKnownPaymentMethod(id: string): boolean {
  return Object.values(FAKE_PAYMENT_METHODS).some((known) => known === id);
}

/** Echoes the form fields a created object would expose, with `metadata[...]` folded back into an object. */
function echoFields(params: FormParams): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(params).filter(([name]) => !name.includes('[')));
  return { ...fields, amount: Number(params.amount), metadata: metadataOf(params) };
}

function metadataOf(params: FormParams): FormParams {
  const entries = Object.entries(params).flatMap(([name, value]) => {
    const key = /^metadata\[(.+)\]$/.exec(name)?.[1];
    return key ? [[key, value] as const] : [];
  });
  return Object.fromEntries(entries);
}
