import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_AMOUNT } from '@billy/billing';
import { emptyToNull, emptyToUndefined, toBoolean, toInteger, toLowerCase, toOptionalInteger } from './transforms';

/*
 * Parameter decorators shared by every request DTO. Each pairs the OpenAPI
 * description with the parsing and validation rule, so the two never drift.
 */

const NOT_BLANK = /\S/;
const INTEGER_MESSAGE = '$property must be an integer';

/** Required text: missing, empty or whitespace-only is a 400 (billy.md §2.9). */
export function RequiredText(maxLength: number, description?: string) {
  return applyDecorators(
    ApiProperty({ type: String, maxLength, description }),
    IsString({ message: '$property is required' }),
    Matches(NOT_BLANK, { message: '$property must not be blank' }),
    MaxLength(maxLength),
  );
}

/** Optional text: empty means absent. */
export function OptionalText(maxLength: number, description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength, description }),
    Transform(emptyToUndefined),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
  );
}

/** Optional text whose empty value means "remove it": null, not absent (lifecycle.md §3 `coupon_guid`). */
export function ClearableText(maxLength: number, description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength, nullable: true, description }),
    Transform(emptyToNull),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
  );
}

export function RequiredInteger(min: number, description?: string, max = MAX_AMOUNT) {
  return applyDecorators(
    ApiProperty({ type: Number, minimum: min, maximum: max, description }),
    Transform(toInteger),
    IsInt({ message: INTEGER_MESSAGE }),
    Min(min),
    Max(max),
  );
}

export function OptionalInteger(min: number, description?: string, max = MAX_AMOUNT) {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: min, maximum: max, description }),
    Transform(toOptionalInteger),
    IsOptional(),
    IsInt({ message: INTEGER_MESSAGE }),
    Min(min),
    Max(max),
  );
}

/** An optional integer whose empty value means "clear it": null, not absent (lifecycle.md §3 `amount`). */
export function ClearableInteger(min: number, description?: string, max = MAX_AMOUNT) {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: min, maximum: max, nullable: true, description }),
    Transform((args) => {
      const value = emptyToNull(args);
      return value === null ? null : toInteger({ value });
    }),
    IsOptional(),
    IsInt({ message: INTEGER_MESSAGE }),
    Min(min),
    Max(max),
  );
}

/** An optional boolean: true/false or 1/0 (lifecycle.md); empty means absent, anything else is a 400. */
export function OptionalBoolean(description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ type: Boolean, description }),
    Transform(toBoolean),
    IsOptional(),
    IsBoolean({ message: '$property must be true or false' }),
  );
}

/** An optional enum word, matched case-insensitively. */
export function OptionalWord(values: readonly string[], description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ enum: values, description }),
    Transform((args) => toLowerCase({ value: emptyToUndefined(args) })),
    IsOptional(),
    IsIn(values, { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

/** A required enum word, matched case-insensitively. */
export function RequiredWord(values: readonly string[], description?: string) {
  return applyDecorators(
    ApiProperty({ enum: values, description }),
    Transform(toLowerCase),
    IsIn(values, { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

// Letters, digits, space and the symbols Billy allows on a bank statement (billy.md §3.4).
const STATEMENT_TEXT = /^[A-Za-z0-9 .<>(){}[\]+&!$;\-%_?:#@~='"^\\|`]*$/;

export function StatementText() {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: 18, description: "Text on the payer's statement" }),
    Transform(emptyToUndefined),
    IsOptional(),
    IsString(),
    MaxLength(18),
    Matches(STATEMENT_TEXT, { message: '$property contains characters a bank statement cannot show' }),
  );
}
