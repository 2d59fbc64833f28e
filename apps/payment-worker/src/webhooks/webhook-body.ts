import type { EntityManager } from 'typeorm';
import { presentEvents } from '@billy/api-shapes';
import { Event } from '@billy/persistence';

/**
 * The POST body: the event exactly as `GET /v1/events/<guid>` returns it, so an
 * integrator handles a webhook and a fetched event with the same code.
 */
export async function webhookBody(manager: EntityManager, eventGuid: string): Promise<string> {
  const event = await manager.findOneByOrFail(Event, { guid: eventGuid });
  const [json] = await presentEvents(manager, [event]);
  return JSON.stringify(json);
}
