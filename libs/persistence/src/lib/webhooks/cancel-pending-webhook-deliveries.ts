import type { EntityManager } from 'typeorm';

/**
 * Cancels every delivery of an endpoint that is still to be POSTed, in the
 * transaction that disables or deletes it. Lock the endpoint row first: the
 * worker's record takes the endpoint before the delivery too.
 */
export async function cancelPendingWebhookDeliveries(manager: EntityManager, endpointGuid: string): Promise<void> {
  await manager.query(
    `UPDATE webhook_deliveries SET status = 'canceled', next_attempt_at = NULL, updated_at = now()
     WHERE webhook_endpoint_guid = $1 AND status = 'pending'`,
    [endpointGuid],
  );
}
