import { randomBytes } from 'node:crypto';
import { newGuid, SecretBox } from '@billy/crypto';
import type { TestEnvironment } from '@billy/testing';

export interface SeededCharge {
  invoiceGuid: string;
  transactionGuid: string;
}

/** Rows written with SQL, as the gateway would leave them (see the initial migration). */
export class Seed {
  constructor(private readonly environment: TestEnvironment) {}

  async company(): Promise<string> {
    const guid = newGuid('company');
    const sealedKey = new SecretBox(this.environment.config.secrets.secretKey).seal('key');
    await this.environment.query(
      `INSERT INTO companies (guid, api_key_hash, callback_key_hash, processor, processor_key_sealed)
       VALUES ($1, $2, $3, 'dummy', $4)`,
      [guid, randomBytes(16).toString('hex'), randomBytes(16).toString('hex'), sealedKey],
    );
    return guid;
  }

  async customer(companyGuid: string): Promise<string> {
    const guid = newGuid('customer');
    await this.environment.query(`INSERT INTO customers (guid, company_guid, processor_uri) VALUES ($1, $2, $3)`, [
      guid,
      companyGuid,
      `/dummy/customers/${guid}`,
    ]);
    return guid;
  }

  /** A processing customer invoice with its staged debit or credit, due now. */
  async charge(
    customerGuid: string,
    options: { instrument?: string; type?: 'debit' | 'credit'; amount?: number } = {},
  ): Promise<SeededCharge> {
    const { instrument = '/cards/ok', type = 'debit', amount = 1000 } = options;
    const invoiceGuid = newGuid('invoice');
    const transactionGuid = newGuid('transaction');
    await this.environment.query(
      `WITH customer AS (SELECT company_guid FROM customers WHERE guid = $1),
            invoice AS (
              INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount,
                                    funding_instrument_uri)
              SELECT $2, company_guid, 'customer', $1, $4, 'processing', $5, $6 FROM customer
              RETURNING company_guid)
       INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, transaction_type, submit_status,
                                 amount, funding_instrument_uri, next_attempt_at)
       SELECT $3, company_guid, $1, $2, $4, 'staged', $5, $6, now() FROM invoice`,
      [customerGuid, invoiceGuid, transactionGuid, type, amount, instrument],
    );
    return { invoiceGuid, transactionGuid };
  }

  /** `count` due debits of one customer, each on its own invoice, in one statement. */
  async charges(customerGuid: string, count: number): Promise<void> {
    await this.environment.query(
      `WITH customer AS (SELECT company_guid FROM customers WHERE guid = $1),
            numbered AS (SELECT n, 'IVcrash' || n AS invoice_guid FROM generate_series(1, $2) AS n),
            invoices AS (
              INSERT INTO invoices (guid, company_guid, invoice_type, customer_guid, transaction_type, status, amount,
                                    funding_instrument_uri)
              SELECT invoice_guid, company_guid, 'customer', $1, 'debit', 'processing', 100 + n, '/cards/ok'
              FROM numbered, customer
              RETURNING guid, company_guid, amount)
       INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, transaction_type, submit_status,
                                 amount, funding_instrument_uri, next_attempt_at)
       SELECT 'TXcrash' || substr(guid, 8), company_guid, $1, guid, 'debit', 'staged', amount, '/cards/ok', now()
       FROM invoices`,
      [customerGuid, count],
    );
  }

  /** A staged refund of a settled debit, as POST /v1/invoices/<guid>/refund creates it. */
  async refund(debit: SeededCharge, amount: number): Promise<string> {
    const guid = newGuid('transaction');
    await this.environment.query(
      `INSERT INTO transactions (guid, company_guid, customer_guid, invoice_guid, transaction_type, submit_status,
                                 amount, reference_to, next_attempt_at)
       SELECT $1, company_guid, customer_guid, invoice_guid, 'refund', 'staged', $3, guid, now()
       FROM transactions WHERE guid = $2`,
      [guid, debit.transactionGuid, amount],
    );
    return guid;
  }
}
