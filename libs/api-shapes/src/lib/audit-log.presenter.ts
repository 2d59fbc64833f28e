import type { AuditLogEntry } from '@billy/persistence';
import type { AuditLogEntryJson } from './schemas/audit-log-entry.schema';
import { formatTimestamp } from './timestamps';

export function presentAuditLogEntry(entry: AuditLogEntry): AuditLogEntryJson {
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
