/*
 * The resource commands, declared: `billy <resource> <command>` calls `billy.<sdk>.<method>` of @billy/client,
 * its flags naming the API's fields, and prints the answer with the resource's columns.
 */

export interface FlagSpec {
  /** Commander's flags, e.g. `--customer <guid>`; a flag without a value sets `true`. */
  flags: string;
  /** The API field it sets. */
  field: string;
  description: string;
  kind?: 'integer' | 'list';
  required?: boolean;
}

export interface CommandSpec {
  summary: string;
  /** The @billy/client method under the resource. */
  method: string;
  /** The command takes the resource's GUID as its argument. */
  named?: boolean;
  /** A list: printed as a table, with --limit and --all. */
  list?: boolean;
  /** A list of other rows than the resource's own (a sub-list): their columns. */
  columns?: readonly string[];
  /** The flags set a query, not a body (a GET). */
  query?: boolean;
  flags?: FlagSpec[];
}

export interface ResourceSpec {
  name: string;
  summary: string;
  /** The resource's namespace in @billy/client. */
  sdk: string;
  columns: readonly string[];
  commands: Record<string, CommandSpec>;
}

/** The columns of each kind of row in a table. */
const COLUMNS = {
  customers: ['guid', 'processor_uri', 'test_clock_guid', 'deleted', 'created_at'],
  plans: ['guid', 'plan_type', 'frequency', 'interval', 'amount', 'currency', 'trial_days', 'created_at'],
  subscriptions: ['guid', 'customer_guid', 'plan_guid', 'status', 'effective_amount', 'currency', 'next_invoice_at'],
  invoices: ['guid', 'invoice_type', 'status', 'effective_amount', 'currency', 'created_at'],
  transactions: ['guid', 'invoice_guid', 'transaction_type', 'submit_status', 'status', 'amount', 'currency'],
  coupons: ['guid', 'name', 'percent_off', 'amount_off', 'currency', 'duration', 'times_redeemed'],
  events: ['guid', 'type', 'resource_guid', 'created_at'],
  webhookEndpoints: ['guid', 'url', 'status', 'event_types', 'created_at'],
  testClocks: ['guid', 'name', 'frozen_time', 'status', 'created_at'],
  apiKeys: ['guid', 'name', 'permissions', 'primary', 'expires_at', 'created_at'],
  deliveries: ['guid', 'event_guid', 'status', 'attempt_count', 'next_attempt_at', 'delivered_at'],
} as const;

const get = (noun: string): CommandSpec => ({ summary: `Show a ${noun}`, method: 'retrieve', named: true });
const remove = (noun: string): CommandSpec => ({ summary: `Delete a ${noun}`, method: 'delete', named: true });
const list = (summary: string, flags: FlagSpec[] = []): CommandSpec => ({
  summary,
  method: 'list',
  list: true,
  query: true,
  flags,
});

/** The rows under one resource, e.g. a customer's invoices. */
const subList = (summary: string, method: string, columns: readonly string[]): CommandSpec => ({
  summary,
  method,
  list: true,
  query: true,
  named: true,
  columns,
});
const card = (field = 'funding_instrument_uri'): FlagSpec => ({
  flags: '--card <uri>',
  field,
  description: 'The funding instrument to charge, e.g. /cards/visa-4242',
});

export const RESOURCES: ResourceSpec[] = [
  {
    name: 'customers',
    summary: 'The people or businesses you bill',
    sdk: 'customers',
    columns: COLUMNS.customers,
    commands: {
      create: {
        summary: 'Create a customer',
        method: 'create',
        flags: [
          {
            flags: '--processor-uri <uri>',
            field: 'processor_uri',
            description: "The customer's URI at the processor",
          },
          { flags: '--test-clock <guid>', field: 'test_clock_guid', description: 'Run the customer on a test clock' },
        ],
      },
      list: list('List customers, newest first', [
        { flags: '--processor-uri <uri>', field: 'processor_uri', description: 'Only this processor URI' },
      ]),
      get: get('customer'),
      delete: remove('customer'),
      subscriptions: subList("A customer's subscriptions", 'subscriptions', COLUMNS.subscriptions),
      invoices: subList("A customer's invoices", 'invoices', COLUMNS.invoices),
    },
  },
  {
    name: 'plans',
    summary: 'What you charge, and how often',
    sdk: 'plans',
    columns: COLUMNS.plans,
    commands: {
      create: {
        summary: 'Create a plan',
        method: 'create',
        flags: [
          { flags: '--type <type>', field: 'plan_type', description: 'debit or credit', required: true },
          {
            flags: '--frequency <frequency>',
            field: 'frequency',
            description: 'daily, weekly, monthly or yearly',
            required: true,
          },
          {
            flags: '--amount <cents>',
            field: 'amount',
            description: 'In minor units',
            kind: 'integer',
            required: true,
          },
          { flags: '--currency <code>', field: 'currency', description: 'ISO 4217 (default usd)' },
          { flags: '--interval <n>', field: 'interval', description: 'Bill every n periods', kind: 'integer' },
          { flags: '--trial-days <n>', field: 'trial_days', description: 'Free days first', kind: 'integer' },
        ],
      },
      list: list('List plans, newest first'),
      get: get('plan'),
      delete: remove('plan'),
    },
  },
  {
    name: 'subscriptions',
    summary: 'Customers on plans, billed every period',
    sdk: 'subscriptions',
    columns: COLUMNS.subscriptions,
    commands: {
      create: {
        summary: 'Subscribe a customer to a plan',
        method: 'create',
        flags: [
          { flags: '--customer <guid>', field: 'customer_guid', description: 'The customer', required: true },
          { flags: '--plan <guid>', field: 'plan_guid', description: 'The plan', required: true },
          card(),
          { flags: '--amount <cents>', field: 'amount', description: "Instead of the plan's", kind: 'integer' },
          { flags: '--coupon <guid>', field: 'coupon_guid', description: 'A coupon to redeem' },
          { flags: '--trial-days <n>', field: 'trial_days', description: "Instead of the plan's", kind: 'integer' },
          { flags: '--started-at <time>', field: 'started_at', description: 'When the first period starts' },
        ],
      },
      list: list('List subscriptions, newest first', [
        { flags: '--status <status>', field: 'status', description: 'trialing, active, past_due, paused or canceled' },
      ]),
      get: get('subscription'),
      update: {
        summary: 'Change the plan, amount, card or coupon (prorated)',
        method: 'update',
        named: true,
        flags: [
          { flags: '--plan <guid>', field: 'plan_guid', description: 'The new plan' },
          { flags: '--amount <cents>', field: 'amount', description: 'The new amount', kind: 'integer' },
          card(),
          {
            flags: '--proration <behavior>',
            field: 'proration_behavior',
            description: 'create_prorations, always_invoice or none',
          },
          { flags: '--coupon <guid>', field: 'coupon_guid', description: 'A coupon to redeem' },
        ],
      },
      cancel: {
        summary: 'Cancel now, or at the end of the period',
        method: 'cancel',
        named: true,
        flags: [
          { flags: '--at-period-end', field: 'at_period_end', description: 'Keep it until its period ends' },
          { flags: '--prorated-refund', field: 'prorated_refund', description: 'Refund the unused time' },
          {
            flags: '--refund-amount <cents>',
            field: 'refund_amount',
            description: 'Refund this much',
            kind: 'integer',
          },
        ],
      },
      pause: { summary: 'Pause billing', method: 'pause', named: true },
      resume: { summary: 'Resume billing', method: 'resume', named: true },
      upcoming: {
        summary: 'Preview the next invoice, after a change if given',
        method: 'upcomingInvoice',
        named: true,
        query: true,
        flags: [
          { flags: '--plan <guid>', field: 'plan_guid', description: 'As if on this plan' },
          { flags: '--amount <cents>', field: 'amount', description: 'As if at this amount', kind: 'integer' },
          { flags: '--proration <behavior>', field: 'proration_behavior', description: 'create_prorations or none' },
        ],
      },
      invoices: subList("A subscription's invoices, latest first", 'invoices', COLUMNS.invoices),
    },
  },
  {
    name: 'invoices',
    summary: 'What was billed, and its state',
    sdk: 'invoices',
    columns: COLUMNS.invoices,
    commands: {
      create: {
        summary: 'Invoice a customer once',
        method: 'create',
        flags: [
          { flags: '--customer <guid>', field: 'customer_guid', description: 'The customer', required: true },
          {
            flags: '--amount <cents>',
            field: 'amount',
            description: 'In minor units',
            kind: 'integer',
            required: true,
          },
          card(),
          { flags: '--title <title>', field: 'title', description: 'A title' },
          { flags: '--external-id <id>', field: 'external_id', description: 'Your own reference' },
          { flags: '--currency <code>', field: 'currency', description: 'ISO 4217 (default usd)' },
        ],
      },
      list: list('List invoices, newest first', [
        { flags: '--external-id <id>', field: 'external_id', description: 'Only this reference' },
      ]),
      get: get('invoice'),
      refund: {
        summary: 'Refund part or all of a settled invoice',
        method: 'refund',
        named: true,
        flags: [
          { flags: '--amount <cents>', field: 'amount', description: 'How much', kind: 'integer', required: true },
        ],
      },
      cancel: { summary: 'Cancel an unsettled invoice', method: 'cancel', named: true },
      retry: {
        summary: 'Charge an unsettled invoice to another card',
        method: 'update',
        named: true,
        flags: [{ ...card(), required: true }],
      },
      transactions: subList("An invoice's transactions", 'transactions', COLUMNS.transactions),
    },
  },
  {
    name: 'transactions',
    summary: 'Money movements: debits, credits, refunds',
    sdk: 'transactions',
    columns: COLUMNS.transactions,
    commands: { list: list('List transactions, newest first'), get: get('transaction') },
  },
  {
    name: 'coupons',
    summary: 'Discounts on period invoices',
    sdk: 'coupons',
    columns: COLUMNS.coupons,
    commands: {
      create: {
        summary: 'Create a coupon',
        method: 'create',
        flags: [
          {
            flags: '--duration <duration>',
            field: 'duration',
            description: 'once, repeating or forever',
            required: true,
          },
          { flags: '--percent-off <n>', field: 'percent_off', description: '1 to 100', kind: 'integer' },
          { flags: '--amount-off <cents>', field: 'amount_off', description: 'A fixed amount', kind: 'integer' },
          { flags: '--currency <code>', field: 'currency', description: 'The currency of --amount-off' },
          {
            flags: '--periods <n>',
            field: 'duration_in_periods',
            description: 'For a repeating coupon',
            kind: 'integer',
          },
          {
            flags: '--max-redemptions <n>',
            field: 'max_redemptions',
            description: 'At most this many',
            kind: 'integer',
          },
          { flags: '--name <name>', field: 'name', description: 'A name' },
        ],
      },
      list: list('List coupons, newest first'),
      get: get('coupon'),
      delete: remove('coupon'),
    },
  },
  {
    name: 'events',
    summary: 'What happened, as webhooks send it',
    sdk: 'events',
    columns: COLUMNS.events,
    commands: {
      list: list('List events, newest first', [
        { flags: '--type <type>', field: 'type', description: 'Only this type, e.g. invoice.settled' },
        { flags: '--resource <guid>', field: 'resource_guid', description: 'Only about this resource' },
      ]),
      get: get('event'),
    },
  },
  {
    name: 'webhook-endpoints',
    summary: 'URLs that receive events',
    sdk: 'webhookEndpoints',
    columns: COLUMNS.webhookEndpoints,
    commands: {
      create: {
        summary: 'Send events to a URL; the answer holds its signing secret, once',
        method: 'create',
        flags: [
          { flags: '--url <url>', field: 'url', description: 'Where to POST', required: true },
          {
            flags: '--events <types>',
            field: 'event_types',
            description: 'Comma-separated; all by default',
            kind: 'list',
          },
        ],
      },
      list: list('List webhook endpoints'),
      get: get('webhook endpoint'),
      delete: remove('webhook endpoint'),
      deliveries: subList("An endpoint's deliveries and their attempts", 'deliveries', COLUMNS.deliveries),
    },
  },
  {
    name: 'test-clocks',
    summary: 'Simulated time for customers, to test billing over months',
    sdk: 'testClocks',
    columns: COLUMNS.testClocks,
    commands: {
      create: {
        summary: 'Create a test clock',
        method: 'create',
        flags: [
          {
            flags: '--frozen-time <time>',
            field: 'frozen_time',
            description: 'Its now, e.g. 2025-01-01',
            required: true,
          },
          { flags: '--name <name>', field: 'name', description: 'A name' },
        ],
      },
      list: list('List test clocks'),
      get: get('test clock'),
      delete: remove('test clock'),
    },
  },
  {
    name: 'api-keys',
    summary: "Your company's API keys",
    sdk: 'apiKeys',
    columns: COLUMNS.apiKeys,
    commands: {
      create: {
        summary: 'Issue a key; the answer holds it, once',
        method: 'create',
        flags: [
          { flags: '--name <name>', field: 'name', description: 'What it is for' },
          { flags: '--permissions <permissions>', field: 'permissions', description: 'all or read' },
        ],
      },
      list: list('List working keys'),
      revoke: { summary: 'Revoke a key at once', method: 'revoke', named: true },
    },
  },
];
