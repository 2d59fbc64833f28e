import { MAX_AMOUNT } from '@billy/billing';
import type { CompanyFixture, Kind } from './fixtures';
import type { Family, ParamValue, Params } from './model';
import type { Rng } from './prng';
import {
  badFundingInstrument,
  badInteger,
  badOptionalText,
  badReference,
  badRequiredText,
  badStatementText,
  badTimestamp,
  badWord,
  REMOVE,
  Remove,
  unknownGuid,
  type BadValue,
} from './values';

/*
 * Every endpoint of the API, with what a valid request looks like and which
 * changes ("breakers") make it invalid. The generator starts from a valid
 * request and applies faults; a breaker is only listed here if it must be
 * rejected whatever else the request carries.
 */

/** The two companies, from the point of view of the caller. */
export interface Gen {
  rng: Rng;
  self: CompanyFixture;
  other: CompanyFixture;
  /** Item/adjustment indexes used so far by this request: two breakers must not share one, or they could complete each other. */
  indexes: Set<number>;
}

/** A change to the parameters that makes them invalid. */
export interface Patch {
  label: string;
  set?: Params;
  remove?: string[];
  /** Only expressible in a JSON body. */
  json?: boolean;
}

export type Breaker = (g: Gen) => Patch;

export interface Operation {
  family: Family;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route template; `:guid` is the entity, `:company`/`:key` the callback's. */
  route: string;
  /** Kind of the entity named by `:guid`. */
  kind?: Kind;
  /** No API key needed. */
  public?: boolean;
  /** Reads parameters with @Params: a JSON body that is not an object is a 400. */
  readsParams?: boolean;
  /** Parameters read from the body (POST/PUT). */
  body?: { valid: (g: Gen) => Params; breakers: Breaker[] };
  /** A list: offset/limit (and filters) in the query string. */
  list?: { filters?: Breaker[] };
  /** An entity whose state refuses this operation, with the (valid) parameters to send. */
  state?: (g: Gen) => { label: string; guid: string; params?: Params } | null;
}

export function field(name: string, make: (g: Gen) => BadValue): Breaker {
  return (g) => {
    const bad = make(g);
    const label = `${name}=${bad.label}`;
    return bad.value instanceof Remove
      ? { label, remove: [name], json: bad.json }
      : { label, set: { [name]: bad.value }, json: bad.json };
  };
}

const own = (g: Gen, kind: Kind) => g.rng.pick(g.self.guids[kind]);

/** Customers that can be billed: not deleted. */
const liveCustomer = (g: Gen) => own(g, 'customer');

function listOps(family: Family, base: string, kind: Kind, subLists: string[]): Operation[] {
  return subLists.map((sub) => ({
    family,
    method: 'GET' as const,
    route: `${base}/:guid/${sub}`,
    kind,
    readsParams: true,
    list: {},
  }));
}

// ---------------------------------------------------------------- companies

function badProcessor(g: Gen): BadValue {
  // Never anything that lower-cases to a real processor: "stripe" would call Stripe.
  return g.rng.pick<BadValue>([
    { label: 'unknown', value: g.rng.pick(['paypal', 'balanced', 'dummy2', 'stripe-test', 'DUMMMY']) },
    { label: 'padded', value: ' dummy ' },
    { label: 'nul', value: 'dummy\u0000' },
    { label: 'unicode', value: 'ｄｕｍｍｙ' },
    { label: 'duplicated', value: ['dummy', 'dummy'] },
    { label: 'number', value: 1, json: true },
    { label: 'array', value: ['dummy'], json: true },
    { label: 'object', value: { name: 'dummy' }, json: true },
  ]);
}

const companies: Operation[] = [
  {
    family: 'companies',
    method: 'POST',
    route: '/v1/companies',
    public: true,
    readsParams: true,
    body: {
      valid: (g) => ({
        processor_key: `key-${g.rng.int(0, 1e6)}`,
        ...(g.rng.chance(0.5) ? { processor: 'dummy' } : {}),
      }),
      breakers: [
        field('processor_key', (g) => badRequiredText(g.rng, 512)),
        field('processor_key', (g) => badRequiredText(g.rng, 512)),
        field('processor', badProcessor),
      ],
    },
  },
  { family: 'companies', method: 'GET', route: '/v1/companies/:guid', kind: 'company' },
  // Only ever sent with a bad key or a GUID that is not the caller's: a good one would rotate the key.
  { family: 'companies', method: 'POST', route: '/v1/companies/:guid/rotate_key', kind: 'company' },
];

// ---------------------------------------------------------------- customers

const customers: Operation[] = [
  {
    family: 'customers',
    method: 'POST',
    route: '/v1/customers',
    readsParams: true,
    body: {
      valid: (g): Params => (g.rng.chance(0.5) ? { processor_uri: `/customers/${g.rng.int(0, 1e6)}` } : {}),
      breakers: [
        field('processor_uri', (g) =>
          g.rng.chance(0.2)
            ? { label: 'blank', value: g.rng.pick([' ', '\t', '\u2003']) }
            : badOptionalText(g.rng, 512),
        ),
        field('test_clock_guid', (g) =>
          badReference(g.rng, 'testClock', g.self, g.other, { required: false, deleted: g.self.deletedTestClock }),
        ),
      ],
    },
  },
  {
    family: 'customers',
    method: 'GET',
    route: '/v1/customers',
    readsParams: true,
    list: { filters: [field('processor_uri', (g) => badOptionalText(g.rng, 512))] },
  },
  { family: 'customers', method: 'GET', route: '/v1/customers/:guid', kind: 'customer' },
  {
    family: 'customers',
    method: 'DELETE',
    route: '/v1/customers/:guid',
    kind: 'customer',
    state: (g) => ({ label: 'already-deleted', guid: g.self.deletedCustomer }),
  },
  ...listOps('customers', '/v1/customers', 'customer', ['subscriptions', 'invoices', 'transactions']),
];

// ---------------------------------------------------------------- plans

const plans: Operation[] = [
  {
    family: 'plans',
    method: 'POST',
    route: '/v1/plans',
    readsParams: true,
    body: {
      valid: (g) => ({
        plan_type: g.rng.pick(['debit', 'credit', 'DEBIT']),
        frequency: g.rng.pick(['daily', 'weekly', 'monthly', 'yearly', 'Monthly']),
        amount: g.rng.pick([50, 500, '1000', MAX_AMOUNT]),
        ...(g.rng.chance(0.5) ? { interval: g.rng.pick([1, '3', 1000]) } : {}),
      }),
      breakers: [
        field('plan_type', (g) => badWord(g.rng, ['debit', 'credit'])),
        field('frequency', (g) => badWord(g.rng, ['daily', 'weekly', 'monthly', 'yearly'])),
        field('amount', (g) =>
          g.rng.chance(0.3)
            ? { label: 'below-minimum', value: g.rng.pick(['0', '49', '-50', 0, 49]) }
            : badInteger(g.rng, 50, MAX_AMOUNT, true),
        ),
        field('interval', (g) =>
          g.rng.chance(0.3)
            ? { label: 'out-of-range', value: g.rng.pick(['0', '-1', '1001', '1000000', 0]) }
            : badInteger(g.rng, 1, 1000, false),
        ),
      ],
    },
  },
  { family: 'plans', method: 'GET', route: '/v1/plans', readsParams: true, list: {} },
  { family: 'plans', method: 'GET', route: '/v1/plans/:guid', kind: 'plan' },
  {
    family: 'plans',
    method: 'DELETE',
    route: '/v1/plans/:guid',
    kind: 'plan',
    state: (g) => ({ label: 'already-deleted', guid: g.self.deletedPlan }),
  },
  ...listOps('plans', '/v1/plans', 'plan', ['customers', 'subscriptions', 'invoices', 'transactions']),
];

// ---------------------------------------------------------------- subscriptions

const subscriptions: Operation[] = [
  {
    family: 'subscriptions',
    method: 'POST',
    route: '/v1/subscriptions',
    readsParams: true,
    body: {
      valid: (g) => ({
        customer_guid: liveCustomer(g),
        plan_guid: own(g, 'plan'),
        ...(g.rng.chance(0.5) ? { funding_instrument_uri: '/cards/fuzz' } : {}),
        ...(g.rng.chance(0.3) ? { amount: g.rng.pick([50, '75', 99999]) } : {}),
        ...(g.rng.chance(0.3) ? { appears_on_statement_as: 'FUZZ TEST' } : {}),
        ...(g.rng.chance(0.3) ? { started_at: '2999-06-01T00:00:00Z' } : {}),
      }),
      breakers: [
        field('customer_guid', (g) =>
          badReference(g.rng, 'customer', g.self, g.other, { required: true, deleted: g.self.deletedCustomer }),
        ),
        field('plan_guid', (g) =>
          badReference(g.rng, 'plan', g.self, g.other, { required: true, deleted: g.self.deletedPlan }),
        ),
        field('funding_instrument_uri', (g) => badFundingInstrument(g.rng)),
        field('amount', (g) =>
          g.rng.chance(0.3)
            ? { label: 'below-minimum', value: g.rng.pick(['0', '49', '-12345', 'BAD_AMOUNT']) }
            : badInteger(g.rng, 50, MAX_AMOUNT, false),
        ),
        field('appears_on_statement_as', (g) => badStatementText(g.rng)),
        field('started_at', (g) => badTimestamp(g.rng, { required: false, past: true })),
      ],
    },
  },
  { family: 'subscriptions', method: 'GET', route: '/v1/subscriptions', readsParams: true, list: {} },
  { family: 'subscriptions', method: 'GET', route: '/v1/subscriptions/:guid', kind: 'subscription' },
  {
    family: 'subscriptions',
    method: 'POST',
    route: '/v1/subscriptions/:guid/cancel',
    kind: 'subscription',
    state: (g) => ({ label: 'already-canceled', guid: g.self.canceledSubscription }),
  },
  ...listOps('subscriptions', '/v1/subscriptions', 'subscription', ['invoices', 'transactions']),
];

// ---------------------------------------------------------------- invoices

const MIN = -MAX_AMOUNT;

/** An unused index suffix, written as Billy reads it: any integer text. */
function indexOf(g: Gen): string {
  const candidates = ['1', '2', '10', '0', '-3', '01', '+7', '002', '12345678901234567890'].filter(
    (text) => !g.indexes.has(Number(text)),
  );
  const text = g.rng.pick(candidates);
  g.indexes.add(Number(text));
  return text;
}

const adjustmentPrefix = (g: Gen) => g.rng.pick(['adjustments_', 'adjustment_']);

/** Breakers of the indexed form keys and of the JSON arrays of items and adjustments. */
const itemBreakers: Breaker[] = [
  (g) => {
    const n = indexOf(g);
    return { label: 'item-without-name', set: { [`item_amount${n}`]: '100', [`item_unit${n}`]: 'hour' } };
  },
  (g) => {
    const n = indexOf(g);
    return { label: 'item-without-amount', set: { [`item_name${n}`]: 'Cables', [`item_quantity${n}`]: '2' } };
  },
  (g) => {
    const n = indexOf(g);
    const bad = badInteger(g.rng, MIN, MAX_AMOUNT, false);
    return {
      label: `item-amount=${bad.label}`,
      set: { [`item_name${n}`]: 'Cables', [`item_amount${n}`]: bad.value as never },
      json: bad.json,
    };
  },
  (g) => {
    const n = indexOf(g);
    const name = g.rng.pick(['quantity', 'volume']);
    const bad = badInteger(g.rng, MIN, MAX_AMOUNT, false);
    return {
      label: `item-${name}=${bad.label}`,
      set: { [`item_name${n}`]: 'Cables', [`item_amount${n}`]: '5', [`item_${name}${n}`]: bad.value as never },
      json: bad.json,
    };
  },
  (g) => {
    const n = indexOf(g);
    const text = g.rng.pick(['name', 'type', 'unit']);
    const value = g.rng.pick(['x'.repeat(129), '€'.repeat(200), 'y'.repeat(g.rng.int(1000, 100_000))]);
    return {
      label: `item-${text}-too-long`,
      set: { [`item_name${n}`]: 'Cables', [`item_amount${n}`]: '5', [`item_${text}${n}`]: value },
    };
  },
  (g) => {
    const n = indexOf(g);
    return {
      label: 'item-duplicated-key',
      set: g.rng.chance(0.5)
        ? { [`item_name${n}`]: ['Cables', 'Plugs'], [`item_amount${n}`]: '5' }
        : { [`item_name${n}`]: 'Cables', [`item_amount${n}`]: ['5', '6'] },
    };
  },
  (g) => {
    const n = indexOf(g);
    return { label: 'adjustment-without-amount', set: { [`${adjustmentPrefix(g)}reason${n}`]: 'Welcome discount' } };
  },
  (g) => {
    const n = indexOf(g);
    const bad = badInteger(g.rng, MIN, MAX_AMOUNT, false);
    return {
      label: `adjustment-amount=${bad.label}`,
      set: { [`${adjustmentPrefix(g)}amount${n}`]: bad.value as never },
      json: bad.json,
    };
  },
  (g) => {
    const n = indexOf(g);
    return { label: 'adjustment-duplicated-key', set: { [`${adjustmentPrefix(g)}amount${n}`]: ['-1', '-2'] } };
  },
  (g) => {
    const n = indexOf(g);
    return {
      label: 'adjustment-reason-too-long',
      set: { [`${adjustmentPrefix(g)}amount${n}`]: '-1', [`${adjustmentPrefix(g)}reason${n}`]: 'r'.repeat(129) },
    };
  },
  // The effective amount (amount + adjustments) below zero or beyond 2^53 − 1.
  (g) => ({
    label: 'effective-amount-negative',
    set: { amount: '100', [`${adjustmentPrefix(g)}amount${indexOf(g)}`]: g.rng.pick(['-101', String(-MAX_AMOUNT)]) },
  }),
  (g) => ({
    label: 'effective-amount-overflow',
    set: {
      amount: String(MAX_AMOUNT),
      [`adjustments_amount${indexOf(g)}`]: '1',
      [`adjustment_amount${indexOf(g)}`]: String(MAX_AMOUNT),
    },
  }),
  (g) => ({
    label: 'effective-amount-overflow',
    set: {
      amount: g.rng.pick([MAX_AMOUNT, MAX_AMOUNT - 10]),
      adjustments: [{ amount: MAX_AMOUNT }, { amount: MAX_AMOUNT, reason: 'twice' }] as ParamValue[],
    },
    json: true,
  }),
  (g) => ({
    label: 'items-not-an-array',
    set: { items: g.rng.pick(['Cables', 5, true, { name: 'Cables', amount: 5 }]) },
    json: true,
  }),
  (g) => ({
    label: 'adjustments-not-an-array',
    set: { adjustments: g.rng.pick(['-5', -5, false, { amount: -5 }]) },
    json: true,
  }),
  (g) => ({
    label: 'item-entry-invalid',
    set: {
      items: [
        { name: 'ok', amount: 1 },
        g.rng.pick<ParamValue>([
          null,
          1,
          'Cables',
          [],
          {},
          { name: 'Cables' },
          { amount: 5 },
          { name: '', amount: 5 },
          { name: 'Cables', amount: '5.5' },
          { name: 'Cables', amount: 5, quantity: 1.5 },
          { name: 'Cables', amount: 5, unit: 'u'.repeat(129) },
          { name: ['a'], amount: 5 },
          { name: 'Cables', amount: { $gt: 0 } },
          { name: 'Cables', amount: MAX_AMOUNT + 1 },
          { name: 'Cables\u0000', amount: 5 },
        ]),
      ],
    },
    json: true,
  }),
  (g) => ({
    label: 'adjustment-entry-invalid',
    set: {
      adjustments: [
        g.rng.pick<ParamValue>([
          null,
          -5,
          'discount',
          [],
          {},
          { reason: 'no amount' },
          { amount: 'x' },
          { amount: -1.5 },
          { amount: -5, reason: 7 },
        ]),
      ],
    },
    json: true,
  }),
];

const invoices: Operation[] = [
  {
    family: 'invoices',
    method: 'POST',
    route: '/v1/invoices',
    readsParams: true,
    body: {
      valid: (g) => ({
        customer_guid: liveCustomer(g),
        amount: g.rng.pick([0, 1, 1000, '2500']),
        ...(g.rng.chance(0.4) ? { funding_instrument_uri: '/cards/fuzz' } : {}),
        ...(g.rng.chance(0.3) ? { title: 'Fuzz invoice' } : {}),
        ...(g.rng.chance(0.3) ? { external_id: `ext-${g.rng.int(0, 1e9)}` } : {}),
        // Index 99 is never one a breaker picks.
        ...(g.rng.chance(0.3) ? { item_name99: 'Installation', item_amount99: '800' } : {}),
      }),
      breakers: [
        field('customer_guid', (g) =>
          badReference(g.rng, 'customer', g.self, g.other, { required: true, deleted: g.self.deletedCustomer }),
        ),
        field('amount', (g) => badInteger(g.rng, 0, MAX_AMOUNT, true)),
        field('amount', (g) => badInteger(g.rng, 0, MAX_AMOUNT, true)),
        field('funding_instrument_uri', (g) => badFundingInstrument(g.rng)),
        field('title', (g) => badOptionalText(g.rng, 128)),
        field('external_id', (g) => badOptionalText(g.rng, 128)),
        field('appears_on_statement_as', (g) => badStatementText(g.rng)),
        ...itemBreakers,
      ],
    },
    // The set-up gave invoice external_id "fuzz-1" to the first customer: a second one is a 409.
    state: (g) => ({
      label: 'duplicate-external-id',
      guid: '',
      params: { customer_guid: g.self.guids.customer[0], amount: g.rng.pick([0, 100]), external_id: 'fuzz-1' },
    }),
  },
  {
    family: 'invoices',
    method: 'GET',
    route: '/v1/invoices',
    readsParams: true,
    list: { filters: [field('external_id', (g) => badOptionalText(g.rng, 128))] },
  },
  { family: 'invoices', method: 'GET', route: '/v1/invoices/:guid', kind: 'invoice' },
  {
    family: 'invoices',
    method: 'PUT',
    route: '/v1/invoices/:guid',
    kind: 'invoice',
    readsParams: true,
    body: {
      valid: () => ({ funding_instrument_uri: '/cards/fuzz-update' }),
      breakers: [
        field('funding_instrument_uri', (g) =>
          g.rng.chance(0.5) ? badRequiredText(g.rng, 512) : badFundingInstrument(g.rng),
        ),
      ],
    },
    state: (g) => ({
      label: 'canceled-invoice',
      guid: g.self.canceledInvoice,
      params: { funding_instrument_uri: '/cards/fuzz-update' },
    }),
  },
  {
    family: 'invoices',
    method: 'POST',
    route: '/v1/invoices/:guid/cancel',
    kind: 'invoice',
    state: (g) =>
      g.rng.chance(0.5)
        ? { label: 'already-canceled', guid: g.self.canceledInvoice }
        : { label: 'settled', guid: g.self.settledInvoice },
  },
  {
    family: 'invoices',
    method: 'POST',
    route: '/v1/invoices/:guid/refund',
    kind: 'invoice',
    readsParams: true,
    body: {
      valid: (g) => ({ amount: g.rng.pick([0, 1, '100']) }),
      breakers: [field('amount', (g) => badInteger(g.rng, 0, MAX_AMOUNT, true))],
    },
    // No invoice of the fixtures has a settled debit: nothing can be refunded.
    state: (g) => ({
      label: 'nothing-to-refund',
      guid: g.rng.pick([...g.self.guids.invoice, g.self.settledInvoice, g.self.canceledInvoice]),
      params: { amount: g.rng.pick([0, 1, 100]) },
    }),
  },
  ...listOps('invoices', '/v1/invoices', 'invoice', ['transactions']),
];

// ---------------------------------------------------------------- test clocks

const testClocks: Operation[] = [
  {
    family: 'test_clocks',
    method: 'POST',
    route: '/v1/test_clocks',
    readsParams: true,
    body: {
      valid: (g) => ({
        frozen_time: g.rng.pick(['2013-01-30T00:00:00Z', '2020-02-29', '2013-08-17T08:00:00+08:00']),
        ...(g.rng.chance(0.5) ? { name: 'fuzz clock' } : {}),
      }),
      breakers: [
        field('frozen_time', (g) => badTimestamp(g.rng, { required: true, past: false })),
        field('frozen_time', (g) => badTimestamp(g.rng, { required: true, past: false })),
        field('name', (g) => badOptionalText(g.rng, 128)),
      ],
    },
  },
  { family: 'test_clocks', method: 'GET', route: '/v1/test_clocks', readsParams: true, list: {} },
  { family: 'test_clocks', method: 'GET', route: '/v1/test_clocks/:guid', kind: 'testClock' },
  {
    family: 'test_clocks',
    method: 'POST',
    route: '/v1/test_clocks/:guid/advance',
    kind: 'testClock',
    readsParams: true,
    body: {
      valid: () => ({ frozen_time: '2013-04-01T00:00:00Z' }),
      // Every fixture clock stands at 2013-01-30: an earlier or equal time is refused.
      breakers: [
        field('frozen_time', (g) =>
          g.rng.chance(0.2)
            ? { label: 'same-time', value: g.self.testClockTime }
            : badTimestamp(g.rng, { required: true, past: true }),
        ),
      ],
    },
    state: (g) => ({
      label: 'deleted-clock',
      guid: g.self.deletedTestClock,
      params: { frozen_time: '2013-04-01T00:00:00Z' },
    }),
  },
  {
    family: 'test_clocks',
    method: 'DELETE',
    route: '/v1/test_clocks/:guid',
    kind: 'testClock',
    state: (g) => ({ label: 'already-deleted', guid: g.self.deletedTestClock }),
  },
];

// ---------------------------------------------------------------- transactions

const transactions: Operation[] = [
  { family: 'transactions', method: 'GET', route: '/v1/transactions', readsParams: true, list: {} },
  { family: 'transactions', method: 'GET', route: '/v1/transactions/:guid', kind: 'transaction' },
];

// ---------------------------------------------------------------- callbacks

const CALLBACK_STATUSES = ['pending', 'succeeded', 'failed'];

/** A callback naming a transaction: an absent or empty transaction_guid is "ignore" (200), so it is never sent. */
const callbacks: Operation[] = [
  {
    family: 'callbacks',
    method: 'POST',
    route: '/v1/companies/:company/callbacks/:key',
    public: true,
    body: {
      valid: (g) => ({
        id: `EV${g.rng.int(0, 1e9)}`,
        transaction_guid: own(g, 'transaction'),
        status: g.rng.pick(CALLBACK_STATUSES),
        occurred_at: '2013-02-01T00:00:00Z',
      }),
      breakers: [
        field('transaction_guid', (g) =>
          g.rng.pick<BadValue>([
            { label: 'foreign', value: g.rng.pick(g.other.guids.transaction) },
            { label: 'foreign', value: g.rng.pick(g.other.guids.transaction) },
            { label: 'unknown-guid', value: unknownGuid(g.rng, 'transaction') },
            { label: 'wrong-kind', value: own(g, 'invoice') },
            { label: 'malformed-guid', value: g.rng.pick(['TX', 'tx123', 'TX0OIl', ' ', 'TX\u0000']) },
            { label: 'huge', value: `TX${'9'.repeat(g.rng.int(1000, 100_000))}` },
            { label: 'number', value: 42, json: true },
            { label: 'boolean', value: g.rng.chance(0.5), json: true },
            { label: 'array', value: [own(g, 'transaction')], json: true },
            { label: 'object', value: { guid: own(g, 'transaction') }, json: true },
          ]),
        ),
        field('id', (g) =>
          g.rng.pick<BadValue>([
            { label: 'missing', value: REMOVE },
            { label: 'empty', value: '' },
            { label: 'number', value: 7, json: true },
            { label: 'null', value: null, json: true },
            { label: 'nul', value: 'EV\u0000' },
            { label: 'huge', value: `EV${'7'.repeat(g.rng.int(256, 100_000))}` },
          ]),
        ),
        field('status', (g) =>
          g.rng.pick<BadValue>([
            { label: 'missing', value: REMOVE },
            { label: 'unknown', value: g.rng.pick(['paid', 'reversed', 'SUCCEEDED', 'ok', '']) },
            { label: 'number', value: 1, json: true },
            { label: 'array', value: ['succeeded'], json: true },
          ]),
        ),
        field('occurred_at', (g) =>
          g.rng.pick<BadValue>([
            { label: 'missing', value: REMOVE },
            { label: 'malformed', value: g.rng.pick(['BAD', 'tomorrow', '2013-13-45T99:99:99Z', '', 'now']) },
            // Valid JavaScript dates outside what PostgreSQL can store.
            {
              label: 'out-of-range',
              value: g.rng.pick(['-200000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-004714-01-01T00:00:00Z']),
            },
            { label: 'number', value: 1357000000, json: true },
            { label: 'null', value: null, json: true },
          ]),
        ),
      ],
    },
  },
];

export const OPERATIONS: readonly Operation[] = [
  ...companies,
  ...customers,
  ...plans,
  ...subscriptions,
  ...invoices,
  ...testClocks,
  ...transactions,
  ...callbacks,
];

/** The methods each route template answers, to find one it does not. */
export const METHODS_BY_ROUTE: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const operation of OPERATIONS) {
    const methods = map.get(operation.route) ?? new Set<string>();
    methods.add(operation.method);
    if (operation.method === 'GET') methods.add('HEAD');
    map.set(operation.route, methods);
  }
  return map;
})();
