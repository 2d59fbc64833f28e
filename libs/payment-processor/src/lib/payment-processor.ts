import type { MovementResult, ProcessorName, ProcessorStatus } from '@billy/billing';

/** What a money movement does: charge the customer, pay out to them, or refund a charge. */
export type MovementType = 'debit' | 'credit' | 'refund';

export interface MoneyMovement {
  type: MovementType;
  /** Sent as the processor's idempotency key: the same key never moves money twice. */
  idempotencyKey: string;
  transactionGuid: string;
  invoiceGuid: string;
  amount: number;
  /** ISO 4217, lower-case: `amount` is in its minor unit. */
  currency: string;
  /** Customer record at the processor (`processor_uri` of the customer). */
  customerUri: string | null;
  /** Card or bank account to debit or credit; null for refunds. */
  fundingInstrumentUri: string | null;
  appearsOnStatementAs: string | null;
  /** For refunds: the `processor_uri` of the debit being refunded. */
  referenceUri: string | null;
}

/** A status change the processor reported through a callback. */
export interface ProcessorEvent {
  eventId: string;
  transactionGuid: string;
  status: ProcessorStatus;
  occurredAt: Date;
}

export interface CallbackRequest {
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
}

/** What billing needs from a payment processor (Balanced, Stripe, the dummy). */
export interface PaymentProcessor {
  readonly name: ProcessorName;
  /** True when the key moves real money (Stripe's live mode): test clocks are refused then, as they would charge real cards. */
  readonly live: boolean;
  /**
   * How long the processor remembers an idempotency key. Until then a call
   * with the same key replays the first answer; after it, the same key may
   * move money again, so only findMovement is safe.
   */
  readonly keyRetentionMs: number;
  /** How long after a call its movement may still be missing from findMovement (a search index's lag). */
  readonly lookupLagMs: number;
  /** The smallest positive amount, in the currency's minor unit, the processor moves: the API refuses a smaller charge up front. */
  minimumAmount(currency: string): number;
  /** Throws an `invalid` ProcessorError for statement text the processor would refuse at charge time. */
  assertStatementText(text: string): void;
  /** Rejects a secret key the processor would not accept (InvalidProcessorKey). */
  validateKey(): Promise<void>;
  registerCallback(url: string): Promise<void>;
  createCustomer(customerGuid: string): Promise<string>;
  validateCustomer(customerUri: string): Promise<void>;
  validateFundingInstrument(fundingInstrumentUri: string): Promise<void>;
  debit(movement: MoneyMovement): Promise<MovementResult>;
  credit(movement: MoneyMovement): Promise<MovementResult>;
  refund(movement: MoneyMovement): Promise<MovementResult>;
  /**
   * The movement an earlier call with this movement's idempotency key made, or
   * null: how a try whose answer was lost is settled without moving money again.
   */
  findMovement(movement: MoneyMovement): Promise<MovementResult | null>;
  /** Turns a verified callback into an event, or null when it concerns no Billy transaction. */
  parseCallback(request: CallbackRequest): Promise<ProcessorEvent | null>;
}
