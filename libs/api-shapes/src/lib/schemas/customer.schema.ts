import { Static, Type } from '@sinclair/typebox';
import { Guid, Nullable, Timestamp } from './json-types';

export const CustomerSchema = Type.Object({
  guid: Guid(),
  processor_uri: Nullable(Type.String({ description: "The customer's URI at the processor" })),
  company_guid: Guid(),
  test_clock_guid: Nullable(Guid('The test clock whose frozen time is this customer’s now')),
  deleted: Type.Boolean(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type CustomerJson = Static<typeof CustomerSchema>;
