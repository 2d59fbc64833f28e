import { FakeResponse, missing, ok, serverError, stripeError } from './fake-stripe-responses';

export type FakeStripeParams = Record<string, string>;
export type FakeStripeObject = Record<string, unknown> & { id: string };

/** Payment methods whose id makes the fake answer a given way. */
export const FAKE_PAYMENT_METHODS = {
  succeeds: 'pm_card_visa',
  declined: 'pm_card_chargeDeclined',
  processing: 'pm_processing',
  rateLimited: 'pm_rate_limited',
  serverError: 'pm_server_error',
  /** The PaymentIntent is made, then the answer is a 500, so the caller cannot know; its refunds are lost alike. */
  lost: 'pm_lost',
} as const;

/** Accounts a credit pays out to; a transfer to `lost` is made, then answered with a 500. */
export const FAKE_CONNECTED_ACCOUNTS = {
  succeeds: 'acct_fake_connected',
  lost: 'acct_fake_lost',
} as const;

// Stripe's bounds for `limit` on list endpoints.
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

/** The state and endpoints of the fake Stripe; only what StripeProcessor calls. */
export class FakeStripeApi {
  readonly customers = new Map<string, FakeStripeObject>();
  readonly paymentIntents = new Map<string, FakeStripeObject>();
  readonly transfers = new Map<string, FakeStripeObject>();
  readonly refunds = new Map<string, FakeStripeObject>();
  /** How long a new PaymentIntent stays out of search results: Stripe's search index lags writes by up to a minute. */
  searchLagMs = 0;
  private readonly createdAtMs = new Map<string, number>();
  private nextId = 1;

  route(method: string, path: string, params: FakeStripeParams): FakeResponse {
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
        return isOneOf(FAKE_PAYMENT_METHODS, id)
          ? ok({ id, object: 'payment_method', type: 'card' })
          : missing('PaymentMethod', id);
      case 'GET accounts/:id':
        return isOneOf(FAKE_CONNECTED_ACCOUNTS, id) ? ok({ id, object: 'account' }) : missing('account', id);
      case 'POST payment_intents':
        return this.createPaymentIntent(params);
      case 'GET payment_intents/search':
        return this.searchPaymentIntents(params);
      case 'POST transfers':
        return this.createTransfer(params);
      case 'GET transfers':
        return listPage(this.transfers, params, '/v1/transfers', 'transfer_group');
      case 'POST refunds':
        return this.createRefund(params);
      case 'GET refunds':
        return listPage(this.refunds, params, '/v1/refunds', 'payment_intent');
      default:
        return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${route})` });
    }
  }

  private createPaymentIntent(params: FakeStripeParams): FakeResponse {
    if (!isOneOf(FAKE_PAYMENT_METHODS, params.payment_method)) return missing('PaymentMethod', params.payment_method);
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
          { 'retry-after': '2' },
        );
      case FAKE_PAYMENT_METHODS.serverError:
        return serverError();
    }
    const status = params.payment_method === FAKE_PAYMENT_METHODS.processing ? 'processing' : 'succeeded';
    const intent = this.store(this.paymentIntents, 'pi', { object: 'payment_intent', ...echoFields(params), status });
    return params.payment_method === FAKE_PAYMENT_METHODS.lost ? serverError() : ok(intent);
  }

  /** Understands only `metadata['key']:'value'`, the one query StripeProcessor sends. */
  private searchPaymentIntents(params: FakeStripeParams): FakeResponse {
    const [, key, value] = /^metadata\['(.+)'\]:'(.*)'$/.exec(params.query) ?? [];
    const indexedBefore = Date.now() - this.searchLagMs;
    const data = [...this.paymentIntents.values()].filter(
      (intent) =>
        (intent.metadata as FakeStripeParams)[key] === value && (this.createdAtMs.get(intent.id) ?? 0) <= indexedBefore,
    );
    return ok({ object: 'search_result', data, has_more: false, next_page: null, url: '/v1/payment_intents/search' });
  }

  private createTransfer(params: FakeStripeParams): FakeResponse {
    if (!isOneOf(FAKE_CONNECTED_ACCOUNTS, params.destination)) {
      return stripeError(400, { type: 'invalid_request_error', message: 'No such destination' });
    }
    const transfer = this.store(this.transfers, 'tr', { object: 'transfer', ...echoFields(params), reversed: false });
    return params.destination === FAKE_CONNECTED_ACCOUNTS.lost ? serverError() : ok(transfer);
  }

  private createRefund(params: FakeStripeParams): FakeResponse {
    const intent = this.paymentIntents.get(params.payment_intent);
    if (!intent) return missing('payment_intent', params.payment_intent);
    const refund = this.store(this.refunds, 're', { object: 'refund', ...echoFields(params), status: 'succeeded' });
    return intent.payment_method === FAKE_PAYMENT_METHODS.lost ? serverError() : ok(refund);
  }

  private store(
    objects: Map<string, FakeStripeObject>,
    prefix: string,
    fields: Record<string, unknown>,
  ): FakeStripeObject {
    const now = Date.now();
    const object = { id: `${prefix}_fake${this.nextId++}`, created: Math.floor(now / 1000), ...fields };
    objects.set(object.id, object);
    this.createdAtMs.set(object.id, now);
    return object;
  }
}

function isOneOf(known: Record<string, string>, id: string | undefined): boolean {
  return Object.values(known).some((value) => value === id);
}

/**
 * One page of a list endpoint as Stripe pages it: newest first, `limit` objects after the
 * `starting_after` id, optionally only those whose `filter` field equals that parameter.
 */
function listPage(
  objects: Map<string, FakeStripeObject>,
  params: FakeStripeParams,
  url: string,
  filter: string,
): FakeResponse {
  const limit = params.limit === undefined ? DEFAULT_PAGE_SIZE : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return stripeError(400, { type: 'invalid_request_error', message: `Invalid limit: ${params.limit}` });
  }
  const wanted = params[filter];
  // A Map keeps insertion order, which is creation order.
  const newestFirst = [...objects.values()].filter((object) => wanted === undefined || object[filter] === wanted);
  newestFirst.reverse();
  const after = params.starting_after;
  const start = after === undefined ? 0 : newestFirst.findIndex((object) => object.id === after) + 1;
  if (after !== undefined && start === 0) return missing('object', after);
  const data = newestFirst.slice(start, start + limit);
  return ok({ object: 'list', data, has_more: start + limit < newestFirst.length, url });
}

/** Echoes the form fields a created object would expose, with `metadata[...]` folded back into an object. */
function echoFields(params: FakeStripeParams): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(params).filter(([name]) => !name.includes('[')));
  return { ...fields, amount: Number(params.amount), metadata: metadataOf(params) };
}

function metadataOf(params: FakeStripeParams): FakeStripeParams {
  const entries = Object.entries(params).flatMap(([name, value]) => {
    const key = /^metadata\[(.+)\]$/.exec(name)?.[1];
    return key ? [[key, value] as const] : [];
  });
  return Object.fromEntries(entries);
}
