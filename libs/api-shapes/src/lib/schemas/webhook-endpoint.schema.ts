import { Static, Type } from '@sinclair/typebox';
import { Guid, NullableTimestamp, StringEnum, Timestamp } from './json-types';

const webhookEndpointFields = {
  guid: Guid(),
  url: Type.String(),
  event_types: Type.Array(Type.String(), { description: 'The event types sent to it; `*` for all' }),
  status: StringEnum(['enabled', 'disabled']),
  disabled_at: NullableTimestamp('When failing deliveries disabled it'),
  company_guid: Guid(),
  deleted: Type.Boolean(),
  created_at: Timestamp(),
  updated_at: Timestamp(),
};

export const WebhookEndpointSchema = Type.Object(webhookEndpointFields);

export const IssuedWebhookEndpointSchema = Type.Object({
  ...webhookEndpointFields,
  secret: Type.String({ description: 'The Billy-Signature signing secret, shown only in this answer' }),
});

export type WebhookEndpointJson = Static<typeof WebhookEndpointSchema>;
export type IssuedWebhookEndpointJson = Static<typeof IssuedWebhookEndpointSchema>;
