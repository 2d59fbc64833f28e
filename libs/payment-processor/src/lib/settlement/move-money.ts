import type { MovementResult, TransactionType } from '@billy/billing';
import type { ClaimedTransaction } from '@billy/persistence';
import type { MoneyMovement, MovementType, PaymentProcessor } from '../payment-processor';
import { ProcessorError } from '../processor-errors';

type Operation = (processor: PaymentProcessor, movement: MoneyMovement) => Promise<MovementResult>;

// `reverse` is a Billy type that nothing creates and no processor call exists for (billy.md §5.4).
const OPERATIONS: Record<MovementType, Operation> = {
  debit: (processor, movement) => processor.debit(movement),
  credit: (processor, movement) => processor.credit(movement),
  refund: (processor, movement) => processor.refund(movement),
};

const isMovementType = (type: TransactionType): type is MovementType => Object.hasOwn(OPERATIONS, type);

/**
 * One key per dunning attempt: a transient retry or a re-send after a crash
 * reuses it, so the processor replays its first answer instead of charging again.
 */
export function settlementIdempotencyKey(transaction: Pick<ClaimedTransaction, 'guid' | 'attempt'>): string {
  return `${transaction.guid}-${transaction.attempt}`;
}

/** The processor's view of the claimed transaction's current try; null for a type no processor moves. */
export function movementOf(transaction: ClaimedTransaction): MoneyMovement | null {
  const type = transaction.transactionType;
  if (!isMovementType(type)) return null;
  return {
    type,
    idempotencyKey: settlementIdempotencyKey(transaction),
    transactionGuid: transaction.guid,
    invoiceGuid: transaction.invoiceGuid,
    amount: transaction.amount,
    currency: transaction.currency,
    customerUri: transaction.customerUri,
    fundingInstrumentUri: transaction.fundingInstrumentUri,
    appearsOnStatementAs: transaction.appearsOnStatementAs,
    referenceUri: transaction.referenceUri,
  };
}

/** Submits the claimed transaction to its company's processor (DESIGN.md step 4). */
export function moveMoney(processor: PaymentProcessor, transaction: ClaimedTransaction): Promise<MovementResult> {
  const movement = movementOf(transaction);
  if (!movement) {
    const message = `A ${transaction.transactionType} transaction cannot be submitted`;
    return Promise.reject(new ProcessorError('InvalidTransactionType', message, 'invalid'));
  }
  return OPERATIONS[movement.type](processor, movement);
}
