import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';
import type { SubmitStatus, TransactionType } from '@billy/billing';
import type { ProcessorStatus } from '@billy/billing';
import { CentsColumn, CurrencyColumn } from './columns';

@Entity({ name: 'transactions' })
export class Transaction extends CompanyRecord {
  @Column({ name: 'customer_guid', type: 'text' })
  customerGuid: string;

  @Column({ name: 'invoice_guid', type: 'text' })
  invoiceGuid: string;

  /** The invoice's subscription and plan (null for a customer invoice), copied by a trigger for the sub-lists. */
  @Column({ name: 'subscription_guid', type: 'text', nullable: true, insert: false, update: false })
  subscriptionGuid: string | null;

  @Column({ name: 'plan_guid', type: 'text', nullable: true, insert: false, update: false })
  planGuid: string | null;

  /** The customer's test clock (fixed at customer creation), copied here for the due-work scans. */
  @Column({ name: 'test_clock_guid', type: 'text', nullable: true })
  testClockGuid: string | null;

  @Column({ name: 'transaction_type', type: 'text' })
  transactionType: TransactionType;

  @Column({ name: 'submit_status', type: 'text' })
  submitStatus: SubmitStatus;

  /** The processor's view, null until a submission returned a result. */
  @Column({ type: 'text', nullable: true })
  status: ProcessorStatus | null;

  @CentsColumn()
  amount: number;

  @CurrencyColumn()
  currency: string;

  @Column({ name: 'funding_instrument_uri', type: 'text', nullable: true })
  fundingInstrumentUri: string | null;

  @Column({ name: 'processor_uri', type: 'text', nullable: true })
  processorUri: string | null;

  @Column({ name: 'appears_on_statement_as', type: 'text', nullable: true })
  appearsOnStatementAs: string | null;

  /** For refunds: the debit transaction being refunded. */
  @Column({ name: 'reference_to', type: 'text', nullable: true })
  referenceTo: string | null;

  @Column({ name: 'failure_count', type: 'integer', default: 0 })
  failureCount: number;

  /** Dunning attempt number; part of the idempotency key, so only a new attempt may charge again. */
  @Column({ type: 'integer', default: 1 })
  attempt: number;

  /** Transient failures (network, 5xx, 429) of the current attempt; reset by a new attempt. */
  @Column({ name: 'transient_failures', type: 'integer', default: 0 })
  transientFailures: number;

  /** When the worker should next submit it, in the customer's time; null once final. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Real-time gate for a transient retry: not before this, whatever the customer's clock says. */
  @Column({ name: 'retry_after', type: 'timestamptz', nullable: true })
  retryAfter: Date | null;

  /** Set while a worker holds the transaction (renewed while its call is open); an old value means that worker died. */
  @Column({ name: 'in_flight_since', type: 'timestamptz', nullable: true })
  inFlightSince: Date | null;

  /** Set while an earlier call of the current attempt has no known outcome: only a look-up or a replay may follow. */
  @Column({ name: 'outcome_unknown_since', type: 'timestamptz', nullable: true })
  outcomeUnknownSince: Date | null;

  /** When the current attempt's key first and last may have reached the processor (retention and look-up lag). */
  @Column({ name: 'key_first_sent_at', type: 'timestamptz', nullable: true })
  keyFirstSentAt: Date | null;

  @Column({ name: 'key_last_sent_at', type: 'timestamptz', nullable: true })
  keyLastSentAt: Date | null;
}
