import type { SealedAt } from '@billy/crypto';

/** Every column that holds a SecretBox value, by what it holds. A value opens only in its own column and row. */
export const SEALED_COLUMNS = {
  processorKey: { table: 'companies', column: 'processor_key_sealed' },
  processorWebhookSecret: { table: 'companies', column: 'processor_webhook_secret_sealed' },
  callbackUrl: { table: 'companies', column: 'callback_url_sealed' },
  webhookSecret: { table: 'webhook_endpoints', column: 'secret_sealed' },
} as const;

export type SealedColumn = keyof typeof SEALED_COLUMNS;

/** Where the `column` value of the row `guid` lives: what it is sealed for and opened with. */
export function sealedAt(column: SealedColumn, guid: string): SealedAt {
  return { ...SEALED_COLUMNS[column], guid };
}
