import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { INVOICE_STATUSES, type InvoiceStatus } from '@billy/billing';
import { applyDecorators } from '@nestjs/common';
import { Expose, plainToInstance, Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';
import {
  OptionalInteger,
  OptionalText,
  OptionalWord,
  RequiredInteger,
  RequiredText,
  StatementText,
} from '../http/input/params';
import { OptionalCurrency } from '../http/input/currency-param';
import { PageParams } from '../http/pagination';
import { MIN_NEGATIVE_AMOUNT } from './amount-limits';
import { collectIndexed } from './indexed-params';

const ITEM_FIELDS = ['name', 'amount', 'type', 'quantity', 'volume', 'unit'] as const;
const ADJUSTMENT_FIELDS = ['amount', 'reason'] as const;

/** Items and adjustments an invoice may carry, each; the gateway's body limit is sized from them. */
export const MAX_INVOICE_LINES = 100;
const TOO_MANY_LINES = `$property may hold at most ${MAX_INVOICE_LINES} entries`;

export class InvoiceItemParams {
  @RequiredText(128)
  name: string;

  @RequiredInteger(MIN_NEGATIVE_AMOUNT)
  amount: number;

  @OptionalText(128)
  type?: string;

  @OptionalInteger(MIN_NEGATIVE_AMOUNT)
  quantity?: number;

  @OptionalInteger(MIN_NEGATIVE_AMOUNT)
  volume?: number;

  @OptionalText(128)
  unit?: string;
}

export class InvoiceAdjustmentParams {
  @RequiredInteger(MIN_NEGATIVE_AMOUNT, 'Cents added to the invoice; negative for a discount')
  amount: number;

  @OptionalText(128)
  reason?: string;
}

/**
 * A list given as a JSON array, or else collected from Billy's indexed form keys.
 * Entries become class instances here so that their own rules are validated.
 */
function IndexedList(type: new () => object, prefixes: readonly string[], fields: readonly string[]) {
  return applyDecorators(
    // Exposed, or class-transformer skips the transform when the body has no `items` key at all.
    Expose(),
    Transform(({ value, obj }: { value: unknown; obj: Record<string, unknown> }) => {
      const list = value ?? collectIndexed(obj, prefixes, fields);
      return Array.isArray(list)
        ? list.map((entry: unknown) => (isObject(entry) ? plainToInstance(type, entry) : entry))
        : list;
    }),
  );
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class CreateInvoiceParams {
  @RequiredText(64, 'The customer to bill')
  customer_guid: string;

  @RequiredInteger(0, "Base amount in cents (0 allowed); with the adjustments 0 or at least the processor's minimum")
  amount: number;

  @OptionalText(512, 'Card or bank account to charge; without one the invoice stays staged')
  funding_instrument_uri?: string;

  @OptionalText(128)
  title?: string;

  @OptionalText(128, 'Your own id; unique per customer')
  external_id?: string;

  @StatementText()
  appears_on_statement_as?: string;

  @ApiPropertyOptional({
    type: [InvoiceItemParams],
    description: 'JSON array, or form keys item_name1, item_amount1, …',
    maxItems: MAX_INVOICE_LINES,
  })
  @IndexedList(InvoiceItemParams, ['item_'], ITEM_FIELDS)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INVOICE_LINES, { message: TOO_MANY_LINES })
  // ValidateNested alone passes a nested array or a plain value through unchecked.
  @IsObject({ each: true, message: 'each entry of $property must be an object' })
  @ValidateNested({ each: true })
  items?: InvoiceItemParams[];

  @ApiPropertyOptional({
    type: [InvoiceAdjustmentParams],
    description: 'JSON array, or form keys adjustments_amount1 / adjustment_amount1, …',
    maxItems: MAX_INVOICE_LINES,
  })
  @IndexedList(InvoiceAdjustmentParams, ['adjustments_', 'adjustment_'], ADJUSTMENT_FIELDS)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INVOICE_LINES, { message: TOO_MANY_LINES })
  // ValidateNested alone passes a nested array or a plain value through unchecked.
  @IsObject({ each: true, message: 'each entry of $property must be an object' })
  @ValidateNested({ each: true })
  adjustments?: InvoiceAdjustmentParams[];

  @OptionalCurrency()
  currency?: string;

  @OptionalText(64, 'A coupon discounting this invoice only; its line follows the adjustments (lifecycle.md §6)')
  coupon_guid?: string;
}

export class UpdateInvoiceParams {
  @RequiredText(512, 'The card or bank account to charge from now on')
  funding_instrument_uri: string;
}

export class RefundInvoiceParams {
  // A refund of 0 moves nothing, and processors refuse it.
  @RequiredInteger(1, 'Cents to refund (at least 1); all refunds together may not exceed the effective amount')
  amount: number;
}

/** Documents the `status` filter of the four invoice lists, which read it from the query string. */
export const ApiInvoiceStatusFilter = () =>
  ApiQuery({ name: 'status', enum: INVOICE_STATUSES, required: false, description: 'Only this status' });

export class ListInvoicesParams extends PageParams {
  @OptionalText(128, 'Only customer invoices with exactly this external_id')
  external_id?: string;

  @OptionalWord(INVOICE_STATUSES, 'Only invoices with this status')
  status?: InvoiceStatus;
}
