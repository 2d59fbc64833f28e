import type { EntityManager } from 'typeorm';
import type { WebhookDeliveryTry } from '@billy/billing';

export interface RelayedEvents {
  /** Events taken off the outbox, whether or not any endpoint wanted them. */
  events: number;
  /** The deliveries made, all due at once. */
  deliveries: WebhookDeliveryTry[];
}

/**
 * One set-based statement: lock a batch of the outbox's events, make one
 * delivery per live endpoint of the event's company that takes its type (and
 * existed when it happened), and delete the batch from the outbox.
 * SKIP LOCKED lets several schedulers relay side by side. FOR SHARE on the
 * endpoints makes a concurrent disable or delete wait for this commit, so its
 * cancel sees the deliveries made here.
 */
const RELAY = `
  WITH batch AS (
    SELECT o.seq, e.guid, e.company_guid, e.type, e.created_at
    FROM event_outbox o
    JOIN events e ON e.guid = o.event_guid
    ORDER BY o.seq
    LIMIT $1
    FOR UPDATE OF o SKIP LOCKED
  ), endpoints AS (
    SELECT w.guid, w.company_guid, w.event_types, w.created_at
    FROM webhook_endpoints w
    WHERE w.company_guid IN (SELECT company_guid FROM batch) AND w.status = 'enabled' AND NOT w.deleted
    FOR SHARE
  ), deliveries AS (
    INSERT INTO webhook_deliveries (guid, webhook_endpoint_guid, event_guid, status, next_attempt_at)
    SELECT billy_guid('WD'), w.guid, b.guid, 'pending', now()
    FROM batch b
    JOIN endpoints w ON w.company_guid = b.company_guid
     AND (w.event_types IS NULL OR b.type = ANY (w.event_types))
     AND w.created_at <= b.created_at
    ON CONFLICT (webhook_endpoint_guid, event_guid) DO NOTHING
    RETURNING guid
  ), dispatched AS (
    DELETE FROM event_outbox o USING batch b WHERE o.seq = b.seq RETURNING o.seq
  )
  SELECT (SELECT count(*)::integer FROM dispatched) AS events,
         (SELECT coalesce(array_agg(guid), '{}') FROM deliveries) AS deliveries`;

/** Relays at most `batchSize` events; run it in a transaction and queue the deliveries after the commit. */
export async function relayEvents(manager: EntityManager, batchSize: number): Promise<RelayedEvents> {
  const [row]: { events: number; deliveries: string[] }[] = await manager.query(RELAY, [batchSize]);
  return { events: row.events, deliveries: row.deliveries.map((guid) => ({ guid, attemptCount: 0 })) };
}
