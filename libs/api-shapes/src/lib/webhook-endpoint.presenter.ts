import type { WebhookEndpoint } from '@billy/persistence';
import type { IssuedWebhookEndpointJson, WebhookEndpointJson } from './schemas/webhook-endpoint.schema';
import { formatTimestamp } from './timestamps';
import { ALL_EVENT_TYPES } from './all-event-types.constant';

/** Webhook endpoint JSON; `secret` only when it was just issued, as for API keys. */
export function presentWebhookEndpoint(endpoint: WebhookEndpoint): WebhookEndpointJson;
export function presentWebhookEndpoint(endpoint: WebhookEndpoint, issuedSecret: string): IssuedWebhookEndpointJson;
export function presentWebhookEndpoint(
  endpoint: WebhookEndpoint,
  issuedSecret?: string,
): WebhookEndpointJson | IssuedWebhookEndpointJson {
  return {
    guid: endpoint.guid,
    url: endpoint.url,
    event_types: endpoint.eventTypes ?? [ALL_EVENT_TYPES],
    status: endpoint.status,
    disabled_at: formatTimestamp(endpoint.disabledAt),
    company_guid: endpoint.companyGuid,
    deleted: endpoint.deleted,
    created_at: formatTimestamp(endpoint.createdAt),
    updated_at: formatTimestamp(endpoint.updatedAt),
    ...(issuedSecret ? { secret: issuedSecret } : {}),
  };
}
