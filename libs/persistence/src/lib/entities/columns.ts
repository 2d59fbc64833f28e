import { Column, ColumnOptions, CreateDateColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';

// node-postgres returns bigint as a string. Amounts are validated to stay within
// Number.MAX_SAFE_INTEGER, so converting back to a number is exact.
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** An amount of money in integer cents. */
export function CentsColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}) {
  return Column({ type: 'bigint', transformer: bigintAsNumber, ...options });
}

/** An ISO 4217 code, lower-case, in which the row's amounts are minor units (lifecycle.md §7). */
export function CurrencyColumn() {
  return Column({ type: 'text', default: 'usd' });
}

export function CreatedAtColumn() {
  return CreateDateColumn({ name: 'created_at', type: 'timestamptz' });
}

export function UpdatedAtColumn() {
  return UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' });
}
