import { GUID_PREFIX, hashApiKey, newGuid, newSecretKey, SecretBox } from '@billy/crypto';
import {
  sealedAt,
  type Invoice,
  type Plan,
  type TestClock,
  type Transaction,
  type WebhookEndpoint,
} from '@billy/persistence';

/** What the factories need of a database client: pg's Client and Pool both have it. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A customer invoice and the transaction that charges it. */
export interface Charge {
  invoiceGuid: string;
  transactionGuid: string;
}

export interface PlanFields {
  frequency?: Plan['frequency'];
  amount?: number;
}

export interface TestClockFields {
  frozenTime?: Date;
  /** Set: the clock is advancing there. */
  advanceTo?: Date | null;
}

export interface SubscriptionFields {
  count?: number;
  /** The frequency of the new plan the subscriptions are of. */
  frequency?: Plan['frequency'];
  /** The test clock of the new customer the subscriptions are of. */
  testClockGuid?: string | null;
  startedAt?: Date;
  /** Defaults to startedAt, as for a subscription that has not invoiced yet. */
  nextInvoiceAt?: Date;
  invoiceCount?: number;
  /** Null: the yielded invoices stay staged, with no transaction. */
  fundingInstrumentUri?: string | null;
  canceled?: boolean;
}

export interface ChargeFields {
  type?: Invoice['transactionType'];
  amount?: number;
  /** The dummy processor's outcome: /cards/ok, /cards/declined, /cards/flaky… */
  fundingInstrumentUri?: string;
  submitStatus?: Transaction['submitStatus'];
  /** A string keeps PostgreSQL's microseconds, which a Date would drop. */
  nextAttemptAt?: Date | string;
  attempt?: number;
  failureCount?: number;
  retryAfter?: Date | null;
  inFlightSince?: Date | null;
}

export interface WebhookEndpointFields {
  url?: string;
  secret?: string;
  /** Null: every event type. */
  eventTypes?: WebhookEndpoint['eventTypes'];
  status?: WebhookEndpoint['status'];
  consecutiveFailures?: number;
  deleted?: boolean;
  createdAt?: Date;
}

/**
 * Rows written with SQL as the gateway would leave them (see the migrations),
 * each field defaulted and each default overridable. Test clocks, companies and
 * instruments follow their owners: a charge is on its customer's clock.
 */
export class Factories {
  private readonly secretBox: SecretBox;

  constructor(
    private readonly db: SqlClient,
    secretKey: string,
  ) {
    this.secretBox = new SecretBox(secretKey);
  }

  /** A company on the dummy processor, its key sealed as the payment worker expects. */
  async company(): Promise<string> {
    const guid = newGuid('company');
    await this.db.query(
      `INSERT INTO companies (guid, callback_key_hash, processor, processor_key_sealed) VALUES ($1, $2, 'dummy', $3)`,
      [guid, hashApiKey(newSecretKey()), this.secretBox.seal('dummy-key', sealedAt('processorKey', guid))],
    );
    return guid;
  }

  async customer(
    companyGuid: string,
    { testClockGuid = null }: { testClockGuid?: string | null } = {},
  ): Promise<string> {
    const guid = newGuid('customer');
    // The dummy processor's customer URI, as POST /v1/customers gets it.
    await this.db.query(
      `INSERT INTO customers (guid, company_guid, processor_uri, test_clock_guid) VALUES ($1, $2, $3, $4)`,
      [guid, companyGuid, `/dummy/customers/${guid}`, testClockGuid],
    );
    return guid;
  }

  async plan(companyGuid: string, { frequency = 'monthly', amount = 1000 }: PlanFields = {}): Promise<string> {
    const guid = newGuid('plan');
    await this.db.query(
      `INSERT INTO plans (guid, company_guid, plan_type, frequency, amount, billing_interval)
       VALUES ($1, $2, 'debit', $3, $4, 1)`,
      [guid, companyGuid, frequency, amount],
    );
    return guid;
  }

  async testClock(
    companyGuid: string,
    { frozenTime = new Date(), advanceTo = null }: TestClockFields = {},
  ): Promise<string> {
    const guid = newGuid('testClock');
    const status: TestClock['status'] = advanceTo ? 'advancing' : 'ready';
    await this.db.query(
      `INSERT INTO test_clocks (guid, company_guid, frozen_time, advance_to, status) VALUES ($1, $2, $3, $4, $5)`,
      [guid, companyGuid, frozenTime, advanceTo, status],
    );
    return guid;
  }

  /** `count` subscriptions of one new customer to one new plan; returns their GUIDs. */
  async subscriptions(companyGuid: string, fields: SubscriptionFields = {}): Promise<string[]> {
    const { count = 1, frequency, testClockGuid = null, startedAt = new Date(), canceled = false } = fields;
    const customerGuid = await this.customer(companyGuid, { testClockGuid });
    const planGuid = await this.plan(companyGuid, { frequency });
    const guids = Array.from({ length: count }, () => newGuid('subscription'));
    await this.db.query(
      `INSERT INTO subscriptions (guid, company_guid, customer_guid, plan_guid, test_clock_guid, funding_instrument_uri,
                                  invoice_count, next_period, started_at, billing_cycle_anchor, next_invoice_at,
                                  canceled, canceled_at)
       SELECT g, $2, $3, $4, $5, $6, $7, $7, $8, $8, $9, $10, CASE WHEN $10 THEN now() END FROM unnest($1::text[]) AS g`,
      [
        guids,
        companyGuid,
        customerGuid,
        planGuid,
        testClockGuid,
        fields.fundingInstrumentUri === undefined ? '/cards/ok' : fields.fundingInstrumentUri,
        fields.invoiceCount ?? 0,
        startedAt,
        fields.nextInvoiceAt ?? startedAt,
        canceled,
      ],
    );
    return guids;
  }

  /** The subscription's first invoice (period 0, at started_at) as the scheduler yields it, without its charge. */
  async subscriptionInvoice(
    subscriptionGuid: string,
    { status = 'settled' }: { status?: Invoice['status'] } = {},
  ): Promise<string> {
    const guid = newGuid('invoice');
    await this.db.query(
      `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, subscription_guid, plan_guid, period,
                             scheduled_at, transaction_type, status, amount, funding_instrument_uri)
       SELECT $2, s.company_guid, 'subscription', s.customer_guid, s.guid, s.plan_guid, 0, s.started_at,
              p.plan_type, $3, coalesce(s.amount, p.amount), s.funding_instrument_uri
       FROM subscriptions s JOIN plans p ON p.guid = s.plan_guid WHERE s.guid = $1`,
      [subscriptionGuid, guid, status],
    );
    return guid;
  }

  /** A processing customer invoice with its staged charge, due now unless told otherwise. */
  async charge(customerGuid: string, fields: ChargeFields = {}): Promise<Charge> {
    const [charge] = await this.charges(customerGuid, 1, fields);
    return charge;
  }

  /** `count` charges of one customer, each on its own invoice, in one statement. */
  async charges(customerGuid: string, count: number, fields: ChargeFields = {}): Promise<Charge[]> {
    const { type = 'debit', amount = 1000, fundingInstrumentUri = '/cards/ok' } = fields;
    const { rows } = await this.db.query(
      `WITH customer AS (SELECT guid, company_guid, test_clock_guid FROM customers WHERE guid = $1),
            numbered AS (SELECT billy_guid($12) AS invoice_guid, billy_guid($13) AS transaction_guid
                         FROM generate_series(1, $2)),
            invoices AS (
              INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount,
                                    funding_instrument_uri)
              SELECT n.invoice_guid, c.company_guid, 'customer', c.guid, $3, 'processing', $4, $5
              FROM numbered n, customer c)
       INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type,
                                 submit_status, amount, funding_instrument_uri, next_attempt_at, attempt, failure_count,
                                 retry_after, in_flight_since)
       SELECT n.transaction_guid, c.company_guid, c.guid, n.invoice_guid, c.test_clock_guid, $3, $6, $4, $5, $7, $8, $9,
              $10, $11
       FROM numbered n, customer c
       RETURNING invoice_guid AS "invoiceGuid", guid AS "transactionGuid"`,
      [
        customerGuid,
        count,
        type,
        amount,
        fundingInstrumentUri,
        fields.submitStatus ?? 'staged',
        fields.nextAttemptAt ?? new Date(),
        fields.attempt ?? 1,
        fields.failureCount ?? 0,
        fields.retryAfter ?? null,
        fields.inFlightSince ?? null,
        GUID_PREFIX.invoice,
        GUID_PREFIX.transaction,
      ],
    );
    return rows as Charge[];
  }

  /** A staged refund of part of a settled charge, as POST /v1/invoices/<guid>/refund leaves it; returns its GUID. */
  async refund(charge: Charge, amount: number): Promise<string> {
    const guid = newGuid('transaction');
    // Refunds carry no funding instrument: the processor refunds the debit itself.
    await this.db.query(
      `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type,
                                 submit_status, amount, reference_to, next_attempt_at)
       SELECT $1, company_guid, customer_guid, invoice_guid, test_clock_guid, 'refund', 'staged', $3, guid, now()
       FROM transactions WHERE guid = $2`,
      [guid, charge.transactionGuid, amount],
    );
    return guid;
  }

  /** An endpoint as POST /v1/webhook_endpoints leaves it (every event type, enabled), its secret sealed. */
  async webhookEndpoint(companyGuid: string, fields: WebhookEndpointFields = {}): Promise<string> {
    const guid = newGuid('webhookEndpoint');
    const { status = 'enabled', createdAt = new Date() } = fields;
    await this.db.query(
      `INSERT INTO webhook_endpoints (guid, company_guid, url, event_types, secret_sealed, status, consecutive_failures,
                                     disabled_at, deleted, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 = 'disabled' THEN $9::timestamptz END, $8, $9, $9)`,
      [
        guid,
        companyGuid,
        fields.url ?? 'http://127.0.0.1:9/billy-hooks',
        fields.eventTypes ?? null,
        this.secretBox.seal(fields.secret ?? 'whsec_factory', sealedAt('webhookSecret', guid)),
        status,
        fields.consecutiveFailures ?? 0,
        fields.deleted ?? false,
        createdAt,
      ],
    );
    return guid;
  }
}
