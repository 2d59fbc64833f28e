import { Injectable } from '@nestjs/common';
import { EventJson, presentEvents } from '@billy/api-shapes';
import { Company, Event } from '@billy/persistence';
import { Db } from '../database/db';
import { findOwnedOrFail } from '../http/ownership';
import { findPage, Page } from '../http/pagination';
import { ListEventsParams } from './event.params';

@Injectable()
export class EventsService {
  constructor(private readonly db: Db) {}

  private get events() {
    return this.db.repository(Event);
  }

  find(guid: string, company: Company): Promise<Event> {
    return findOwnedOrFail(this.events, 'event', guid, company);
  }

  /** Newest first; events of one database transaction share created_at and follow their write order. */
  list(params: ListEventsParams, page: Page, company: Company): Promise<Event[]> {
    const filters = { type: params.type, resource_guid: params.resource_guid };
    return findPage(
      this.events,
      { where: 'company_guid = $1', parameters: [company.guid], filters, orderBy: ['created_at', 'seq'] },
      page,
    );
  }

  /** In their API shape, as `GET /v1/events` returns them. */
  present(events: Event[]): Promise<EventJson[]> {
    return presentEvents(this.db.manager, events);
  }
}
