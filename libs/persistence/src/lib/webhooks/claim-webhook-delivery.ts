import type { EntityManager } from 'typeorm';
import type { WebhookDeliveryTry } from '@billy/billing';

/** A delivery this worker holds, with what its POST needs. */
export interface ClaimedWebhookDelivery {
  guid: string;
  attemptCount: number;
  /** The exact `in_flight_since` we wrote, as text: a JS Date would drop its microseconds. */
  claimToken: string;
  endpointGuid: string;
  url: string;
  secretSealed: string;
  /** The endpoint's failed deliveries in a row when claimed; a success resets them. */
  endpointFailures: number;
  eventGuid: string;
}

interface ClaimedRow {
  guid: string;
  attempt_count: number;
  claim_token: string;
  endpoint_guid: string;
  url: string;
  secret_sealed: string;
  consecutive_failures: number;
  event_guid: string;
}

// The job's try is still the delivery's current one, it is due, and no live worker holds it.
const CLAIM = `
  WITH claimed AS (
    UPDATE webhook_deliveries d SET in_flight_since = now()
    WHERE d.guid = $1 AND d.attempt_count = $2 AND d.status = 'pending' AND d.next_attempt_at <= now()
      AND (d.in_flight_since IS NULL OR d.in_flight_since < now() - $3::integer * interval '1 millisecond')
    RETURNING d.guid, d.attempt_count, d.in_flight_since, d.webhook_endpoint_guid, d.event_guid
  )
  SELECT c.guid, c.attempt_count, c.in_flight_since::text AS claim_token,
         w.guid AS endpoint_guid, w.url, w.secret_sealed, w.consecutive_failures, c.event_guid
  FROM claimed c
  JOIN webhook_endpoints w ON w.guid = c.webhook_endpoint_guid`;

/**
 * Takes a delivery for one POST with a single conditional UPDATE, so of two
 * workers holding the same job at most one gets it. Null: the job names a try
 * that is over, not due, or held; the sweep queues it again if it still matters.
 */
export async function claimWebhookDelivery(
  manager: EntityManager,
  due: WebhookDeliveryTry,
  leaseMs: number,
): Promise<ClaimedWebhookDelivery | null> {
  const [row]: ClaimedRow[] = await manager.query(CLAIM, [due.guid, due.attemptCount, leaseMs]);
  if (!row) return null;
  return {
    guid: row.guid,
    attemptCount: row.attempt_count,
    claimToken: row.claim_token,
    endpointGuid: row.endpoint_guid,
    url: row.url,
    secretSealed: row.secret_sealed,
    endpointFailures: row.consecutive_failures,
    eventGuid: row.event_guid,
  };
}
