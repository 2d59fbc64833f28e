import { PROCESSOR_NAMES, ProcessorName } from '@billy/billing';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { emptyToUndefined, toLowerCase } from '../http/input/transforms';
import { RequiredText } from '../http/input/params';

function OptionalProcessor() {
  return applyDecorators(
    ApiPropertyOptional({ enum: PROCESSOR_NAMES, description: 'Defaults to BILLY_DEFAULT_PROCESSOR' }),
    Transform((args) => toLowerCase({ value: emptyToUndefined(args) })),
    IsOptional(),
    IsIn(PROCESSOR_NAMES, { message: `$property must be one of: ${PROCESSOR_NAMES.join(', ')}` }),
  );
}

export class CreateCompanyParams {
  @OptionalProcessor()
  processor?: ProcessorName;

  @RequiredText(512, "The processor's secret key, stored encrypted")
  processor_key: string;
}
