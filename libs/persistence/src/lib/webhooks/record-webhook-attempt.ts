import type { DataSource, EntityManager } from 'typeorm';
import { WEBHOOK_FAILED_DELIVERIES_BEFORE_DISABLE, webhookRetryDelayMs } from '@billy/billing';
import type { WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { cancelPendingWebhookDeliveries } from './cancel-pending-webhook-deliveries';
import type { ClaimedWebhookDelivery } from './claim-webhook-delivery';

/** What one POST came to: the HTTP status, or the error that stopped the request. */
export interface WebhookAttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface RecordedWebhookDelivery {
  status: WebhookDeliveryStatus;
}

// Only while the row still carries our claim. A delivery canceled meanwhile stays canceled.
const UPDATE_DELIVERY = `
  UPDATE webhook_deliveries SET
    status = CASE WHEN status = 'canceled' THEN status ELSE $2 END,
    next_attempt_at = CASE WHEN status = 'canceled' THEN NULL
                           ELSE now() + $3::integer * interval '1 millisecond' END,
    delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
    attempt_count = attempt_count + 1,
    in_flight_since = NULL,
    updated_at = now()
  WHERE guid = $1 AND in_flight_since = $4::timestamptz
  RETURNING status, attempt_count`;

/**
 * Records one POST, the delivery's new state and the endpoint's failure count
 * in one database transaction. After WEBHOOK_FAILED_DELIVERIES_BEFORE_DISABLE
 * failed deliveries in a row the endpoint is disabled, and the trigger writes
 * webhook_endpoint.disabled in this same transaction. Returns null, writing
 * nothing, when another worker took the delivery over meanwhile.
 */
export function recordWebhookAttempt(
  dataSource: DataSource,
  delivery: ClaimedWebhookDelivery,
  result: WebhookAttemptResult,
): Promise<RecordedWebhookDelivery | null> {
  const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const retryDelayMs = delivered ? null : webhookRetryDelayMs(delivery.attemptCount + 1);
  const status: WebhookDeliveryStatus = delivered ? 'delivered' : retryDelayMs === null ? 'failed' : 'pending';
  const touchesEndpoint = status === 'failed' || (delivered && delivery.endpointFailures > 0);

  return dataSource.transaction(async (manager) => {
    // Endpoint before delivery, the order of cancelPendingWebhookDeliveries, so the two never deadlock.
    if (touchesEndpoint) {
      await manager.query(`SELECT 1 FROM webhook_endpoints WHERE guid = $1 FOR NO KEY UPDATE`, [delivery.endpointGuid]);
    }
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]]: [{ status: WebhookDeliveryStatus; attempt_count: number }[], number] = await manager.query(
      UPDATE_DELIVERY,
      [delivery.guid, status, retryDelayMs, delivery.claimToken],
    );
    if (!row) return null;
    await manager.query(
      `INSERT INTO webhook_delivery_attempts (webhook_delivery_guid, attempt, status_code, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5)`,
      [delivery.guid, row.attempt_count, result.statusCode, result.error, result.durationMs],
    );
    if (row.status === 'delivered' && touchesEndpoint) {
      await manager.query(`UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE guid = $1`, [
        delivery.endpointGuid,
      ]);
    }
    if (row.status === 'failed') await countFailedDelivery(manager, delivery.endpointGuid);
    return { status: row.status };
  });
}

/** Adds a failed delivery to the endpoint's run, and disables the endpoint when the run is long enough. */
async function countFailedDelivery(manager: EntityManager, endpointGuid: string): Promise<void> {
  const [[endpoint]]: [{ consecutive_failures: number; status: string }[], number] = await manager.query(
    `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE guid = $1
     RETURNING consecutive_failures, status`,
    [endpointGuid],
  );
  if (endpoint.status !== 'enabled' || endpoint.consecutive_failures < WEBHOOK_FAILED_DELIVERIES_BEFORE_DISABLE) return;
  await manager.query(
    `UPDATE webhook_endpoints SET status = 'disabled', disabled_at = now(), updated_at = now() WHERE guid = $1`,
    [endpointGuid],
  );
  await cancelPendingWebhookDeliveries(manager, endpointGuid);
}
