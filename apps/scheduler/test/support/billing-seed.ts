import type { Frequency } from '@billy/billing';
import { newGuid } from '@billy/crypto';
import type { TestEnvironment } from '@billy/testing';

export interface SubscriptionSeed {
  frequency: Frequency;
  startedAt: Date;
  count?: number;
  /** Null: invoices stay staged with no transaction. */
  fundingInstrumentUri?: string | null;
  canceled?: boolean;
  testClockGuid?: string | null;
  invoiceCount?: number;
  /** Defaults to startedAt, as for a subscription that has not invoiced yet. */
  nextInvoiceAt?: Date;
}

export interface TransactionSeed {
  submitStatus?: 'staged' | 'retrying' | 'done';
  nextAttemptAt: Date | string;
  attempt?: number;
  failureCount?: number;
  retryAfter?: Date | null;
  inFlightSince?: Date | null;
  testClockGuid?: string | null;
}

/** Rows written with SQL, as the gateway would have left them, for one company. */
export class BillingSeed {
  private constructor(
    private readonly environment: TestEnvironment,
    readonly companyGuid: string,
  ) {}

  static async company(environment: TestEnvironment): Promise<BillingSeed> {
    const guid = newGuid('company');
    await environment.query(
      `INSERT INTO companies (guid, api_key_hash, callback_key_hash, processor, processor_key_sealed)
       VALUES ($1, $1 || '-api', $1 || '-callback', 'dummy', 'sealed')`,
      [guid],
    );
    return new BillingSeed(environment, guid);
  }

  async testClock(frozenTime: Date, advanceTo: Date | null = null): Promise<string> {
    const guid = newGuid('testClock');
    await this.environment.query(
      `INSERT INTO test_clocks (guid, company_guid, frozen_time, advance_to, status) VALUES ($1, $2, $3, $4, $5)`,
      [guid, this.companyGuid, frozenTime, advanceTo, advanceTo ? 'advancing' : 'ready'],
    );
    return guid;
  }

  /** One customer and plan, and `count` subscriptions of it; returns the subscription GUIDs. */
  async subscriptions(seed: SubscriptionSeed): Promise<string[]> {
    const testClockGuid = seed.testClockGuid ?? null;
    const customerGuid = await this.customer(testClockGuid);
    const planGuid = newGuid('plan');
    await this.environment.query(
      `INSERT INTO plans (guid, company_guid, plan_type, frequency, amount, billing_interval)
       VALUES ($1, $2, 'debit', $3, 1000, 1)`,
      [planGuid, this.companyGuid, seed.frequency],
    );
    const guids = Array.from({ length: seed.count ?? 1 }, () => newGuid('subscription'));
    await this.environment.query(
      `INSERT INTO subscriptions (guid, company_guid, customer_guid, plan_guid, test_clock_guid, funding_instrument_uri,
                                  invoice_count, started_at, next_invoice_at, canceled)
       SELECT g, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM unnest($1::text[]) AS g`,
      [
        guids,
        this.companyGuid,
        customerGuid,
        planGuid,
        testClockGuid,
        seed.fundingInstrumentUri === undefined ? 'card-ok' : seed.fundingInstrumentUri,
        seed.invoiceCount ?? 0,
        seed.startedAt,
        seed.nextInvoiceAt ?? seed.startedAt,
        seed.canceled ?? false,
      ],
    );
    return guids;
  }

  /** A debit transaction on a fresh customer invoice; returns its GUID. */
  /** A transaction last written an hour ago: long enough for the real-clock sweep to consider its job lost. */
  async transaction(seed: TransactionSeed): Promise<string> {
    const testClockGuid = seed.testClockGuid ?? null;
    const customerGuid = await this.customer(testClockGuid);
    const invoiceGuid = newGuid('invoice');
    await this.environment.query(
      `INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount)
       VALUES ($1, $2, 'customer', $3, 'debit', 'processing', 1000)`,
      [invoiceGuid, this.companyGuid, customerGuid],
    );
    const guid = newGuid('transaction');
    await this.environment.query(
      `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, test_clock_guid, transaction_type,
                                 submit_status, amount, funding_instrument_uri, attempt, failure_count,
                                 next_attempt_at, retry_after, in_flight_since, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'debit', $6, 1000, 'card-ok', $7, $8, $9, $10, $11,
               now() - interval '1 hour')`,
      [
        guid,
        this.companyGuid,
        customerGuid,
        invoiceGuid,
        testClockGuid,
        seed.submitStatus ?? 'staged',
        seed.attempt ?? 1,
        seed.failureCount ?? 0,
        seed.nextAttemptAt,
        seed.retryAfter ?? null,
        seed.inFlightSince ?? null,
      ],
    );
    return guid;
  }

  private async customer(testClockGuid: string | null): Promise<string> {
    const guid = newGuid('customer');
    await this.environment.query(
      `INSERT INTO customers (guid, company_guid, processor_uri, test_clock_guid) VALUES ($1, $2, 'cus-1', $3)`,
      [guid, this.companyGuid, testClockGuid],
    );
    return guid;
  }
}
