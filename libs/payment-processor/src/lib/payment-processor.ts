import type { MovementResult, ProcessorName, ProcessorStatus } from '@billy/billing';

export interface MoneyMovement {
  /** Sent as the processor's idempotency key: the same key never moves money twice. */
  idempotencyKey: string;
  transactionGuid: string;
  invoiceGuid: string;
  amount: number;
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
  /** Rejects a secret key the processor would not accept (InvalidProcessorKey). */
  validateKey(): Promise<void>;
  registerCallback(url: string): Promise<void>;
  createCustomer(customerGuid: string): Promise<string>;
  validateCustomer(customerUri: string): Promise<void>;
  validateFundingInstrument(fundingInstrumentUri: string): Promise<void>;
  debit(movement: MoneyMovement): Promise<MovementResult>;
  credit(movement: MoneyMovement): Promise<MovementResult>;
  refund(movement: MoneyMovement): Promise<MovementResult>;
  /** Looks up an earlier movement by idempotency key, to settle an attempt whose outcome was lost. */
  findMovement(idempotencyKey: string): Promise<MovementResult | null>;
  /** Turns a verified callback into an event, or null when it concerns no Billy transaction. */
  parseCallback(request: CallbackRequest): Promise<ProcessorEvent | null>;
}
