import type { AuditLogEntry } from '@billy/domain';
import { formatTimestamp } from '@billy/api-shapes';

export function presentAuditLogEntry(entry: AuditLogEntry) {
  return {
    guid: entry.guid,
    api_key_id: entry.apiKeyId,
    method: entry.method,
    path: entry.path,
    resource_guid: entry.resourceGuid,
    status: entry.status,
    created_at: formatTimestamp(entry.createdAt),
  };
}
