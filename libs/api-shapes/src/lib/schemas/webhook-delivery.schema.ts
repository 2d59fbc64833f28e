import { Static, Type } from '@sinclair/typebox';
import { Guid, Nullable, NullableTimestamp, StringEnum, Timestamp } from './json-types';

const WebhookDeliveryAttemptSchema = Type.Object({
  attempt: Type.Integer(),
  status_code: Nullable(Type.Integer({ description: "The endpoint's HTTP status; null when it did not answer" })),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
  created_at: Timestamp(),
});

export const WebhookDeliverySchema = Type.Object({
  guid: Guid(),
  event_guid: Guid(),
  webhook_endpoint_guid: Guid(),
  status: StringEnum(['pending', 'delivered', 'failed', 'canceled']),
  attempt_count: Type.Integer(),
  next_attempt_at: NullableTimestamp(),
  delivered_at: NullableTimestamp(),
  attempts: Type.Array(WebhookDeliveryAttemptSchema, { description: 'Oldest first' }),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});

export type WebhookDeliveryJson = Static<typeof WebhookDeliverySchema>;
