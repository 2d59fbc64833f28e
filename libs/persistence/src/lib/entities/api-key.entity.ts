import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';

/** What a key may do: `read` keys may only GET, and cannot manage keys. */
export const API_KEY_PERMISSIONS = ['all', 'read'] as const;
export type ApiKeyPermissions = (typeof API_KEY_PERMISSIONS)[number];

/** SQL true where a key still works, given its `expires_at` column: the database's clock decides, everywhere. */
export const keyWorksSql = (expiresAt: string) => `(${expiresAt} IS NULL OR ${expiresAt} > now())`;

/** One of a company's API keys; it works while `expiresAt` is null or still ahead. */
@Entity({ name: 'api_keys' })
export class ApiKey extends CompanyRecord {
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text' })
  permissions: ApiKeyPermissions;

  /** The key `rotate_key` replaces: the one the company was created with, or its latest rotation. */
  @Column({ name: 'is_primary', type: 'boolean', default: false })
  primary: boolean;

  /** SHA-256 of the key; the key itself is shown once and never stored. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}
