import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { currencyCode, DEFAULT_CURRENCY } from '@billy/billing';
import { emptyToUndefined } from './transforms';

/** The code in Billy's form, or the text as given so that the error can quote it. */
function toCurrency(args: { value: unknown }): unknown {
  const value = emptyToUndefined(args);
  return typeof value === 'string' ? (currencyCode(value) ?? value) : value;
}

/** An optional ISO 4217 code of a current currency, in any case; stored lower-case (lifecycle.md §7). */
export function OptionalCurrency(description = `ISO 4217 code, any case (default ${DEFAULT_CURRENCY})`) {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example: DEFAULT_CURRENCY, description }),
    Transform(toCurrency),
    IsOptional(),
    ValidateBy({
      name: 'isCurrency',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && currencyCode(value) === value,
        defaultMessage: () => '$property must be the ISO 4217 code of a current currency, such as usd',
      },
    }),
  );
}
