import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional, IsUrl } from 'class-validator';
import { ALL_EVENT_TYPES } from '@billy/api-shapes';
import { EVENT_TYPES } from '@billy/persistence';
import { RequiredText } from '../http/input/params';

/** A JSON array, or Billy's form style: one value holding a comma-separated list. */
function toList({ value }: { value: unknown }): unknown {
  if (value === '' || value === null) return undefined;
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
}

function EventTypeList() {
  const allowed = [ALL_EVENT_TYPES, ...EVENT_TYPES];
  return applyDecorators(
    ApiPropertyOptional({
      type: [String],
      enum: allowed,
      description: 'The event types to receive (a JSON array, or comma-separated in a form); every type when absent',
    }),
    Transform(toList),
    IsOptional(),
    IsArray({ message: '$property must be a list of event types' }),
    ArrayNotEmpty(),
    IsIn(allowed, { each: true, message: `$property must hold only: ${allowed.join(', ')}` }),
  );
}

export class CreateWebhookEndpointParams {
  @RequiredText(2048, 'The http(s) URL Billy POSTs events to')
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: '$property must be an http or https URL' },
  )
  url: string;

  @EventTypeList()
  event_types?: string[];
}
