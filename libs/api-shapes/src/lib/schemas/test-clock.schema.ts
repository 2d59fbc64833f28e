import { Static, Type } from '@sinclair/typebox';
import { Guid, Nullable, StringEnum, Timestamp } from './json-types';

export const TestClockSchema = Type.Object({
  guid: Guid(),
  name: Nullable(Type.String()),
  frozen_time: Timestamp('The now of every customer on this clock'),
  status: StringEnum(['ready', 'advancing']),
  company_guid: Guid(),
  deleted: Type.Boolean(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type TestClockJson = Static<typeof TestClockSchema>;
