import { PROCESSOR_NAMES, ProcessorName } from '@billy/billing';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { emptyToUndefined, toLowerCase } from '../http/input/transforms';
import { OptionalInteger, OptionalText, RequiredText } from '../http/input/params';

const MAX_SECRET_LENGTH = 512;
/** The longest a rotated key keeps working: a week, as Stripe's roll allows. */
const MAX_ROTATION_EXPIRY_SECONDS = 7 * 24 * 60 * 60;
const KEY_DESCRIPTION = "The processor's secret key, checked with the processor and stored encrypted";
const WEBHOOK_SECRET_DESCRIPTION =
  "The secret the processor signs callbacks with (Stripe: the webhook endpoint's whsec_…), stored encrypted";

function OptionalProcessor() {
  return applyDecorators(
    ApiPropertyOptional({ enum: PROCESSOR_NAMES, description: 'Defaults to BILLY_DEFAULT_PROCESSOR' }),
    Transform((args) => toLowerCase({ value: emptyToUndefined(args) })),
    IsOptional(),
    IsIn(PROCESSOR_NAMES, { message: `$property must be one of: ${PROCESSOR_NAMES.join(', ')}` }),
  );
}

/** Optional secret text: empty means not given (billy.md §2.9), blank is refused rather than stored. */
function OptionalSecret(description: string) {
  return applyDecorators(
    OptionalText(MAX_SECRET_LENGTH, description),
    Matches(/\S/, { message: '$property must not be blank' }),
  );
}

export class CreateCompanyParams {
  @OptionalProcessor()
  processor?: ProcessorName;

  @RequiredText(MAX_SECRET_LENGTH, KEY_DESCRIPTION)
  processor_key: string;

  @OptionalSecret(WEBHOOK_SECRET_DESCRIPTION)
  processor_webhook_secret?: string;
}

/** Either secret is replaced when given; neither can be removed. */
export class UpdateCompanyParams {
  @OptionalSecret(KEY_DESCRIPTION)
  processor_key?: string;

  @OptionalSecret(WEBHOOK_SECRET_DESCRIPTION)
  processor_webhook_secret?: string;
}

export class RotateKeyParams {
  @OptionalInteger(
    0,
    `Seconds the old key keeps working (default 0: revoked at once; at most ${MAX_ROTATION_EXPIRY_SECONDS})`,
    MAX_ROTATION_EXPIRY_SECONDS,
  )
  expires_in_seconds?: number;
}
