import type { Event } from '@billy/domain';
import { formatTimestamp } from '../http/timestamps';

/** Event JSON; `data` is the resource as the change left it, already in its API shape. */
export function presentEvent(event: Event, data: unknown) {
  return {
    guid: event.guid,
    type: event.type,
    resource_guid: event.resourceGuid,
    company_guid: event.companyGuid,
    created_at: formatTimestamp(event.createdAt),
    data,
  };
}
