import { Static, Type } from '@sinclair/typebox';
import { SUBMIT_STATUSES, TRANSACTION_TYPES } from '@billy/billing';
import { Cents, Currency, Guid, Nullable, StringEnum, Timestamp } from './json-types';

const TransactionFailureSchema = Type.Object({
  guid: Guid(),
  error_message: Type.String(),
  error_code: Nullable(Type.String()),
  error_number: Nullable(Type.Integer()),
  created_at: Timestamp(),
});

export const TransactionSchema = Type.Object({
  guid: Guid(),
  invoice_guid: Guid(),
  transaction_type: StringEnum(TRANSACTION_TYPES),
  submit_status: StringEnum(SUBMIT_STATUSES, "Billy's side of submitting it (billy.md §5.4)"),
  status: Type.Unsafe<'pending' | 'succeeded' | 'failed' | null>({
    type: 'string',
    nullable: true,
    enum: ['pending', 'succeeded', 'failed', null],
    description: "The processor's view; null until a submission returned a result",
  }),
  amount: Cents(),
  currency: Currency(),
  funding_instrument_uri: Nullable(Type.String()),
  processor_uri: Nullable(Type.String()),
  appears_on_statement_as: Nullable(Type.String()),
  failure_count: Type.Integer(),
  failures: Type.Array(TransactionFailureSchema, { description: 'Oldest first' }),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type TransactionJson = Static<typeof TransactionSchema>;
