import type { EntityManager } from 'typeorm';
import type { Event } from '@billy/persistence';
import { presentEventData } from './event-data';
import type { EventJson } from './schemas/event.schema';
import { formatTimestamp } from './timestamps';

/** Event JSON; `data` is the resource as the change left it, already in its API shape. */
function presentEvent(event: Event, data: unknown): EventJson {
  return {
    guid: event.guid,
    type: event.type,
    resource_guid: event.resourceGuid,
    company_guid: event.companyGuid,
    created_at: formatTimestamp(event.createdAt),
    data,
  } as EventJson;
}

/**
 * Events as `GET /v1/events` shows them, and as webhooks POST them. `manager`
 * reads what some presenters need beyond the snapshot.
 */
export async function presentEvents(manager: EntityManager, events: Event[]): Promise<EventJson[]> {
  const data = await presentEventData(manager, events);
  return events.map((event, index) => presentEvent(event, data[index]));
}
