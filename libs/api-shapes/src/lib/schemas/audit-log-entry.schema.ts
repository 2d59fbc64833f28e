import { Static, Type } from '@sinclair/typebox';
import { Guid, Nullable, Timestamp } from './json-types';

export const AuditLogEntrySchema = Type.Object({
  guid: Guid(),
  api_key_id: Guid('The API key that made the request'),
  method: Type.String(),
  path: Type.String(),
  resource_guid: Nullable(Guid('The resource the request created or changed')),
  status: Type.Integer({ description: 'The HTTP status answered' }),
  created_at: Timestamp(),
});

export type AuditLogEntryJson = Static<typeof AuditLogEntrySchema>;
