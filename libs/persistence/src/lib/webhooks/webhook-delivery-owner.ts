import type { EntityManager } from 'typeorm';

/** Whose delivery it is: what its concurrency is limited by. */
export interface WebhookDeliveryOwner {
  endpointGuid: string;
  companyGuid: string;
}

/** The endpoint and company of a delivery; null for an unknown one. */
export async function webhookDeliveryOwner(
  manager: EntityManager,
  deliveryGuid: string,
): Promise<WebhookDeliveryOwner | null> {
  const [row]: { endpoint_guid: string; company_guid: string }[] = await manager.query(
    `SELECT w.guid AS endpoint_guid, w.company_guid
     FROM webhook_deliveries d JOIN webhook_endpoints w ON w.guid = d.webhook_endpoint_guid
     WHERE d.guid = $1`,
    [deliveryGuid],
  );
  return row ? { endpointGuid: row.endpoint_guid, companyGuid: row.company_guid } : null;
}
