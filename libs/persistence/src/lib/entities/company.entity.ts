import type { ProcessorName } from '@billy/billing';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

@Entity({ name: 'companies' })
export class Company {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'callback_key_hash', type: 'text' })
  callbackKeyHash: string;

  @Column({ type: 'text' })
  processor: ProcessorName;

  /** AES-256-GCM sealed with BILLY_SECRET_KEY (see SecretBox). */
  @Column({ name: 'processor_key_sealed', type: 'text' })
  processorKeySealed: string;

  /** The secret the processor signs this company's callbacks with (Stripe's `whsec_…`); sealed like the key. */
  @Column({ name: 'processor_webhook_secret_sealed', type: 'text', nullable: true })
  processorWebhookSecretSealed: string | null;

  /** The callback URL registered with the processor; sealed, for it holds the plain callback key. */
  @Column({ name: 'callback_url_sealed', type: 'text', nullable: true })
  callbackUrlSealed: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
