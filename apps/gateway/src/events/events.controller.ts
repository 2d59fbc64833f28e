import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Company } from '@billy/persistence';
import { CurrentCompany } from '../http/auth/current-company.decorator';
import { Params } from '../http/input/params.decorator';
import { ApiPage, listResponse, toPage } from '../http/pagination';
import { ListEventsParams } from './event.params';
import { EventsService } from './events.service';
import { ApiReturns } from '../http/openapi/api-returns.decorator';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiPage('Event')
  @ApiOperation({ summary: 'List your events, newest first, optionally of one type or about one resource' })
  async list(@Params() params: ListEventsParams, @CurrentCompany() company: Company) {
    const page = toPage(params);
    return listResponse(await this.events.present(await this.events.list(params, page, company)), page);
  }

  @Get(':guid')
  @ApiReturns('Event')
  @ApiOperation({ summary: 'Retrieve an event' })
  async retrieve(@Param('guid') guid: string, @CurrentCompany() company: Company) {
    const [event] = await this.events.present([await this.events.find(guid, company)]);
    return event;
  }
}
