import { Static, Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp } from './json-types';

export const ServerInfoSchema = Type.Object({
  server: Type.String(),
  powered_by: Type.String(),
  version: Type.String(),
  revision: Nullable(Type.String({ description: 'The build’s source revision, when it was given one' })),
  last_transaction_created_at: NullableTimestamp('Kept for old clients; always null'),
});

export type ServerInfoJson = Static<typeof ServerInfoSchema>;
