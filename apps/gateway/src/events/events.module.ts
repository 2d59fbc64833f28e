import { Module } from '@nestjs/common';
import { EventDataService } from './event-data.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  controllers: [EventsController],
  providers: [EventsService, EventDataService],
})
export class EventsModule {}
