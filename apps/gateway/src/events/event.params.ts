import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { EVENT_TYPES, EventType } from '@billy/persistence';
import { OptionalText } from '../http/input/params';
import { emptyToUndefined } from '../http/input/transforms';
import { PageParams } from '../http/pagination';

export class ListEventsParams extends PageParams {
  @ApiPropertyOptional({ enum: EVENT_TYPES, description: 'Only events of this type' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(EVENT_TYPES, { message: `$property must be one of: ${EVENT_TYPES.join(', ')}` })
  type?: EventType;

  @OptionalText(64, 'Only events about this customer, subscription, invoice, transaction, test clock or endpoint')
  resource_guid?: string;
}
