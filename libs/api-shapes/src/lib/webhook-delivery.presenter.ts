import type { WebhookDelivery, WebhookDeliveryAttempt } from '@billy/persistence';
import type { WebhookDeliveryJson } from './schemas/webhook-delivery.schema';
import { formatTimestamp } from './timestamps';

/** A delivery with each of its POSTs, oldest first. */
export function presentWebhookDelivery(
  delivery: WebhookDelivery,
  attempts: WebhookDeliveryAttempt[],
): WebhookDeliveryJson {
  return {
    guid: delivery.guid,
    event_guid: delivery.eventGuid,
    webhook_endpoint_guid: delivery.webhookEndpointGuid,
    status: delivery.status,
    attempt_count: delivery.attemptCount,
    next_attempt_at: formatTimestamp(delivery.nextAttemptAt),
    delivered_at: formatTimestamp(delivery.deliveredAt),
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      status_code: attempt.statusCode,
      error: attempt.error,
      duration_ms: attempt.durationMs,
      created_at: formatTimestamp(attempt.createdAt),
    })),
    created_at: formatTimestamp(delivery.createdAt),
    updated_at: formatTimestamp(delivery.updatedAt),
  };
}
