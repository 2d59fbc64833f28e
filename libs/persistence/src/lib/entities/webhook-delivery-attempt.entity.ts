import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from './columns';

/** One POST of a delivery and what came of it: an HTTP status, or the error that stopped the request. */
@Entity({ name: 'webhook_delivery_attempts' })
export class WebhookDeliveryAttempt {
  @PrimaryColumn({ name: 'webhook_delivery_guid', type: 'text' })
  webhookDeliveryGuid: string;

  /** 1 for the first POST. */
  @PrimaryColumn({ type: 'integer' })
  attempt: number;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @CreatedAtColumn()
  createdAt: Date;
}
