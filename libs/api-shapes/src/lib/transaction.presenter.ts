import type { Transaction, TransactionFailure } from '@billy/persistence';
import type { TransactionJson } from './schemas/transaction.schema';
import { formatTimestamp } from './timestamps';

export function presentTransaction(transaction: Transaction, failures: TransactionFailure[]): TransactionJson {
  return {
    guid: transaction.guid,
    invoice_guid: transaction.invoiceGuid,
    transaction_type: transaction.transactionType,
    submit_status: transaction.submitStatus,
    status: transaction.status,
    amount: transaction.amount,
    currency: transaction.currency,
    funding_instrument_uri: transaction.fundingInstrumentUri,
    processor_uri: transaction.processorUri,
    appears_on_statement_as: transaction.appearsOnStatementAs,
    failure_count: transaction.failureCount,
    failures: failures.map((failure) => ({
      guid: failure.guid,
      error_message: failure.errorMessage,
      error_code: failure.errorCode,
      error_number: failure.errorNumber,
      created_at: formatTimestamp(failure.createdAt),
    })),
    created_at: formatTimestamp(transaction.createdAt),
    updated_at: formatTimestamp(transaction.updatedAt),
  };
}
