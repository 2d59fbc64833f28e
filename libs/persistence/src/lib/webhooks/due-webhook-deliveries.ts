import type { EntityManager } from 'typeorm';
import type { WebhookDeliveryTry } from '@billy/billing';

export interface DueWebhookDeliveryScanOptions {
  batchSize: number;
  /** BILLY_CLAIM_LEASE_MS: a claim older than this belongs to a worker that died. */
  claimLeaseMs: number;
}

const DUE = `
  SELECT d.guid, d.attempt_count
  FROM webhook_deliveries d
  WHERE d.status = 'pending' AND d.next_attempt_at <= now()
    AND (d.in_flight_since IS NULL OR d.in_flight_since < now() - $2::integer * interval '1 millisecond')
  ORDER BY d.next_attempt_at, d.guid
  LIMIT $1`;

/**
 * The `batchSize` deliveries due the longest. One page per sweep is enough:
 * queued deliveries stay due until a worker has POSTed them, so the head of a
 * backlog moves as fast as the workers, not faster.
 */
export async function dueWebhookDeliveries(
  manager: EntityManager,
  options: DueWebhookDeliveryScanOptions,
): Promise<WebhookDeliveryTry[]> {
  const rows: { guid: string; attempt_count: number }[] = await manager.query(DUE, [
    options.batchSize,
    options.claimLeaseMs,
  ]);
  return rows.map((row) => ({ guid: row.guid, attemptCount: row.attempt_count }));
}
